import ISMSModel

struct AuditorChangedScopeRule: Rule {
    static let description = RuleDescription(
        id: "auditor-changed-scope", name: "Auditor changed what they audit", family: .independence, severity: .error,
        rationale: "Clause 9.2.2 c: audits are objective and impartial; ISO 19011: auditors do not audit their own work. git shows who wrote each change to a document in an audit's scope (its documents, its processes' procedures, its controls' control documents, followed across renames) and who approved it (Approved-by trailers, merges where they approve, the approvals file). An auditor who wrote or approved such a change within the audit's look-back is auditing their own work. The look-back is the audit's period when it gives one; otherwise it runs from the end of the latest earlier audit of the same item, or else independence.lookback (default 12 months) before the audit's start, up to the start. Identity is by e-mail address, every address the person has in the people registry today, so a change under a second address still counts. Audits complete or in progress are checked; a recorded independence_note accepted by someone who is not an auditor of it makes the finding info.",
        triggering: [
            RuleExample(["policies/ac.md": approvedPolicy(version: "1.0"),
                         "audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\nstart: 2026-04-13\nend: 2026-04-14\nauditors: [bob]", scope: "  documents: [↓POL-AC]")],
                        then: [ExampleCommit(author: "42+bob@users.noreply.github.com", date: "2026-03-02", message: "Require hardware keys for admins\n\nApproved-by: Carol Clark <carol@example.com>",
                                             files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Administrators use hardware keys.")])],
                        note: "bob changed the policy six weeks before he audited it, committing under his GitHub noreply address"),
            RuleExample(["policies/ac.md": approvedPolicy(version: "1.0"),
                         "audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: in-progress\nstart: 2026-05-25\nend: 2026-06-05\nauditors: [dave, carol]", scope: "  documents: [↓POL-AC]")],
                        then: [ExampleCommit(author: "alice", date: "2026-03-02", message: "Require hardware keys for admins\n\nApproved-by: Carol Clark <carol@example.com>",
                                             files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Administrators use hardware keys.")])],
                        note: "carol approved the change with an Approved-by trailer"),
            RuleExample(["policies/ac.md": approvedPolicy(version: "1.0"),
                         "audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\nstart: 2026-04-13\nend: 2026-04-14\nauditors: [bob]", scope: "  documents: [↓POL-AC]")],
                        then: [
                            ExampleCommit(author: "bob", date: "2026-03-02", message: "Require hardware keys for admins\n\nApproved-by: Carol Clark <carol@example.com>",
                                          files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Administrators use hardware keys.")]),
                            ExampleCommit(author: "alice", date: "2026-03-09", message: "Spell out the file name", renames: ["policies/ac.md": "policies/access-control.md"]),
                        ],
                        note: "the policy was renamed after bob's change: the rename is followed back"),
            RuleExample(["procedures/leavers.md": IndependenceRules.exampleProcedure(owner: "alice"),
                         "audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\nstart: 2026-04-13\nend: 2026-04-14\nauditors: [dave]\nindependence_note: Dave fixed a typo in the procedure; nothing of substance.\nindependence_approved_by: carol", scope: "  processes: [↓PROC-LEAVERS]")],
                        then: [ExampleCommit(author: "dave", date: "2026-02-16", message: "Fix a typo",
                                             files: ["procedures/leavers.md": IndependenceRules.exampleProcedure(owner: "alice") + "\nLeavers lose access on their last day.\n"])],
                        note: "a justification accepted by carol: reported as info"),
        ],
        nonTriggering: [
            RuleExample(["policies/ac.md": approvedPolicy(version: "1.0"),
                         "audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\nstart: 2026-05-18\nend: 2026-05-19\nperiod: {from: 2026-03-16, to: 2026-05-15}\nauditors: [bob]", scope: "  documents: [POL-AC]")],
                        then: [ExampleCommit(author: "bob", date: "2026-03-02", message: "Require hardware keys for admins\n\nApproved-by: Carol Clark <carol@example.com>",
                                             files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Administrators use hardware keys.")])],
                        note: "the change is before the audit's period"),
            RuleExample(["policies/ac.md": approvedPolicy(version: "1.0"),
                         "audits/AUD-2026-0.md": IndependenceRules.exampleAudit("status: complete\nstart: 2026-03-09\nend: 2026-03-10\nauditors: [dave]", scope: "  documents: [POL-AC]", id: "AUD-2026-0"),
                         "audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\nstart: 2026-05-11\nend: 2026-05-12\nauditors: [bob]", scope: "  documents: [POL-AC]")],
                        then: [ExampleCommit(author: "bob", date: "2026-03-02", message: "Require hardware keys for admins\n\nApproved-by: Carol Clark <carol@example.com>",
                                             files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Administrators use hardware keys.")])],
                        note: "dave audited the policy after bob's change; bob's audit looks back only to the end of that audit"),
            RuleExample(["policies/ac.md": approvedPolicy(version: "1.0"),
                         "audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\nstart: 2026-05-11\nend: 2026-05-12\nauditors: [bob]", scope: "  documents: [POL-AC]")],
                        then: [ExampleCommit(author: "bob", date: "2026-03-02", message: "Require hardware keys for admins\n\nApproved-by: Carol Clark <carol@example.com>",
                                             files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Administrators use hardware keys.")])],
                        configuration: "version: 1\nchange_control:\n  since: 2026-01-06\nindependence:\n  lookback: 1 month\n",
                        note: "independence.lookback is one month: the change is older"),
            RuleExample(["policies/ac.md": approvedPolicy(version: "1.0"),
                         "audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: planned\nstart: 2026-09-14\nend: 2026-09-15\nauditors: [bob]", scope: "  documents: [POL-AC]")],
                        then: [ExampleCommit(author: "bob", date: "2026-03-02", message: "Require hardware keys for admins\n\nApproved-by: Carol Clark <carol@example.com>",
                                             files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Administrators use hardware keys.")])],
                        note: "a planned audit has not looked at anything yet"),
            RuleExample(["policies/ac.md": approvedPolicy(version: "1.0"),
                         "audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\nstart: 2026-04-13\nend: 2026-04-14\nauditors: [dave]", scope: "  documents: [POL-AC]")],
                        then: [ExampleCommit(author: "42+bob@users.noreply.github.com", date: "2026-03-02", message: "Require hardware keys for admins\n\nApproved-by: Carol Clark <carol@example.com>",
                                             files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Administrators use hardware keys.")])],
                        note: "written by bob, approved by carol, audited by dave"),
        ])

    /// The days whose changes count against an audit's item, and how to say so.
    struct Window {
        var from: Day
        var to: Day
        var phrase: String
        func contains(_ day: Day) -> Bool { from <= day && day <= to }
    }

    static func window(for item: ScopeItem, of audit: AuditUnderReview, among audits: [AuditUnderReview], lookback: ReviewInterval) -> Window? {
        if let period = audit.period {
            return Window(from: period.from, to: period.to, phrase: "its period, \(period.from) to \(period.to)")
        }
        guard let start = audit.start else { return nil }
        func same(_ other: ScopeItem) -> Bool {
            if let a = item.target, let b = other.target { return a.path == b.path }
            return other.kind == item.kind && other.id == item.id
        }
        let earlier = audits
            .filter { $0.doc.path != audit.doc.path && $0.hasTakenPlace && ($0.start.map { $0 < start } ?? false) && $0.items.contains(where: same) }
            .max { $0.start! < $1.start! }
        if let earlier, let end = earlier.end {
            return Window(from: end, to: start, phrase: "since \(earlier.name) of it ended on \(end), up to its start on \(start)")
        }
        let from = Self.subtract(lookback, from: start)
        return Window(from: from, to: start, phrase: "the \(lookback) before its start, \(from) to \(start)")
    }

    static func subtract(_ d: ReviewInterval, from day: Day) -> Day {
        switch d.unit {
        case .days: return day.adding(days: -d.count)
        case .weeks: return day.adding(days: -7 * d.count)
        case .months: return day.adding(months: -d.count)
        case .years: return day.adding(months: -12 * d.count)
        }
    }

    func check(_ context: RuleContext) -> [Finding] {
        guard let history = context.history else { return [] }
        let isms = context.isms
        let people = isms.people
        let audits = AuditUnderReview.all(isms)
        guard audits.contains(where: \.hasTakenPlace) else { return [] }
        let revisions = isms.memo("independence-revisions") { RevisionIndex(history) }
        let lookback = isms.configuration.independenceLookback
        var out: [Finding] = []
        for audit in audits where audit.hasTakenPlace {
            let auditors = Set(audit.auditors)
            guard !auditors.isEmpty else { continue }
            for item in audit.items {
                guard let target = item.target,
                      let window = Self.window(for: item, of: audit, among: audits, lookback: lookback) else { continue }
                for revision in revisions.revisions(of: target.path) {
                    let commit = revision.commit, change = revision.change
                    guard !change.isPureRename, window.contains(commit.author.day) else { continue }
                    // Who took part in the commit: its author, and whoever an approval names (by any of their addresses).
                    let author = people.person(email: commit.author.email)?.id
                    var approvedBy: [String: [String]] = [:]
                    for approval in commit.approvals {
                        guard let person = people.person(email: approval.email), auditors.contains(person.id) else { continue }
                        approvedBy[person.id, default: []].append("\(approval.source) as \(approval.email)")
                    }
                    for auditor in auditors.sorted() where author == auditor || approvedBy[auditor] != nil {
                        var parts: [String] = []
                        if author == auditor { parts.append("wrote commit \(commit.shortID) as \(commit.author.email)") }
                        if let ways = approvedBy[auditor] {
                            parts.append((parts.isEmpty ? "approved commit \(commit.shortID)" : "approved it") + " (\(ways.joined(separator: "; ")))")
                        }
                        let renamed = change.path != target.path ? "; \(change.path) at the time" : ""
                        var f = finding(audit.doc, item.position,
                                        "auditor \(auditor) \(parts.joined(separator: " and ")) on \(commit.author.day), which changed \(item.noun) (\(target.path)\(renamed)), within the look-back of \(audit.name) (\(window.phrase))")
                        f.commit = commit.shortID
                        out.append(audit.exception.judge(f))
                    }
                }
            }
        }
        return out
    }
}

