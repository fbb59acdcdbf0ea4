import Foundation
import GitKit
import ISMSHistory
import ISMSModel
import ISMSReport
import ISMSRules

/// `isms audit plan`: proposes internal audits for the rest of the certification cycle — what each covers, and which
/// independent auditor audits it. Advice, never a verdict: it exits 0 unless the tool itself fails.
public enum AuditPlanner {
    public enum Format: String, CaseIterable, Sendable { case text, md, json }

    public struct Options {
        public var path: String = "."
        public var format: Format = .text
        public var today: Day
        /// Write the proposed audits as planned audit records (audits/<id>.md) instead of printing the plan.
        public var write = false
        public var force = false
        public init(today: Day) { self.today = today }
    }

    public typealias Output = CommandOutput

    public static func run(_ o: Options) throws -> Output {
        let reading = try ISMSReading.read(o.path)
        let notices = [reading.truncationNotice("earlier changes were not considered for independence")].compactMap { $0 }
        let result = plan(reading.isms, today: o.today, history: reading.history)
        if o.write { return try write(result, reading: reading, force: o.force, notices: notices) }
        let text: String
        switch o.format {
        case .text: text = AuditPlanReport.text(result)
        case .md: text = AuditPlanReport.markdown(result)
        case .json: text = AuditPlanReport.json(result)
        }
        return Output(text: text, notices: notices, exitCode: 0)
    }

    typealias Item = ProgrammeCoverage.Item

    /// The plan, from the ISMS as it stands and (when there is one) its git history. Pure apart from its inputs.
    public static func plan(_ isms: ISMS, today: Day, history: ChangeHistory?) -> AuditPlan {
        let config = isms.configuration
        let years = config.certification.cycleYears
        let coverage = ProgrammeCoverage.coverage(isms)
        let cycleStart = coverage?.cycle.start ?? today
        let cycleEnd = coverage?.cycle.end ?? today.adding(months: 12 * years)
        var notes: [String] = []

        // What is left to audit: not yet in a complete internal audit of the cycle.
        let controls = ProgrammeCoverage.applicableControls(isms)
        let items = controls.map { Item(.control, $0.id) } + ProgrammeCoverage.clauses.map { Item(.clause, $0.id) }
        let titles = Dictionary(controls.map { ($0.id, $0.document.title ?? isms.catalog.control($0.id)?.title ?? "") }, uniquingKeysWith: { a, _ in a })
        func title(_ item: Item) -> String? { item.kind == .control ? titles[item.id] : ProgrammeCoverage.clauseTitle(item.id) }
        var open: [(item: Item, already: [ProgrammeCoverage.Audit])] = []
        var covered = 0
        for item in items {
            let audits = coverage?.audits(covering: item) ?? []
            if audits.contains(where: { $0.status == "complete" }) { covered += 1; continue }
            open.append((item, audits))
        }

        // One audit per remaining six-month period of the cycle (from today, or from the cycle's start if that is
        // later), at least one; a last stretch shorter than three months joins the period before it.
        var windows: [(from: Day, to: Day)] = []
        let first = max(today, cycleStart)
        var k = 0
        while first.adding(months: 6 * k) < cycleEnd {
            let from = first.adding(months: 6 * k), to = min(first.adding(months: 6 * (k + 1)), cycleEnd)
            if !windows.isEmpty, to < from.adding(months: 3) { windows[windows.count - 1].to = to.adding(days: -1) }
            else { windows.append((from, to.adding(days: -1))) }
            k += 1
        }
        if windows.isEmpty {
            windows = [(today, today.adding(months: 6).adding(days: -1))]
            notes.append("the certification cycle ended on \(cycleEnd): after recertification set certification.date in isms.yml to the new decision; meanwhile everything not yet audited is placed in one audit over the next six months")
        }
        if coverage == nil {
            notes.append("there is no certification.date in isms.yml and no internal audit: the cycle is counted from today")
        }

        // Place each item: kept in the window of the audit that already holds it; the rest spread so that every audit
        // gets clauses, governance (5.x) and other controls alike, not only technical ones.
        func window(of day: Day?) -> Int? { day.flatMap { d in windows.firstIndex { $0.from <= d && d <= $0.to } } }
        func category(_ item: Item) -> String {
            if item.kind == .clause { return "clause" }
            if let dot = item.id.firstIndex(of: "."), AnnexACatalog.looksLikeAnnexA(item.id) { return String(item.id[..<dot]) }
            return "custom"
        }
        var placed = [[Int]](repeating: [], count: windows.count)   // indexes into `open`
        var perCategory = [[String: Int]](repeating: [:], count: windows.count)
        var unplanned: [Int] = []
        for (i, entry) in open.enumerated() {
            let starts = entry.already.compactMap(\.start).sorted()
            if !entry.already.isEmpty {
                let w = starts.lazy.compactMap(window(of:)).first ?? 0
                placed[w].append(i)
                perCategory[w][category(entry.item), default: 0] += 1
            } else {
                unplanned.append(i)
            }
        }
        // Clauses first, then controls in Annex A order: each goes where its kind is scarcest, then the smallest audit.
        unplanned.sort { a, b in
            let (x, y) = (open[a].item, open[b].item)
            if (x.kind == .clause) != (y.kind == .clause) { return x.kind == .clause }
            return a < b
        }
        for i in unplanned {
            let c = category(open[i].item)
            let w = windows.indices.min { (perCategory[$0][c] ?? 0, placed[$0].count, $0) < (perCategory[$1][c] ?? 0, placed[$1].count, $1) }!
            placed[w].append(i)
            perCategory[w][c, default: 0] += 1
        }

        // Auditors: everyone holding internal-auditor (external people included), with what each may not audit.
        let auditors = isms.people.holders(ofRole: "internal-auditor").filter(\.active)
        let involvement = Involvement(isms: isms, history: history, since: today.minus(config.independenceLookback), until: today)
        if history == nil {
            notes.append("no git history was read (not a repository, or no commits yet): changes and approvals were not considered for independence, only ownership, approval authority and teams")
        } else {
            notes.append("independence also considers who changed or approved each item's documents in git from \(today.minus(config.independenceLookback)) to \(today)")
        }
        var conflicts: [Int: [String]] = [:]          // per open item: each auditor's conflicts
        var candidates: [Int: [Person]] = [:]
        for (i, entry) in open.enumerated() {
            let docs = ProgrammeCoverage.documents(for: entry.item, in: isms)
            var free: [Person] = []
            var why: [String] = []
            for p in auditors {
                let c = involvement.conflicts(of: p, with: docs)
                if c.isEmpty { free.append(p) } else { why.append("\(p.id) " + ProgrammeRulesText.list(c)) }
            }
            candidates[i] = free
            conflicts[i] = why
        }

        // Greedy: the most constrained items first, each to the least-loaded independent auditor (the auditor already
        // named by the audit that holds it, when independent).
        var load: [String: Int] = [:]
        var auditorOf: [Int: String] = [:]
        let order = open.indices.sorted { (candidates[$0]!.count, $0) < (candidates[$1]!.count, $1) }
        for i in order {
            let free = candidates[i]!
            guard !free.isEmpty else { continue }
            let named = Set(open[i].already.flatMap(\.auditors))
            let preferred = free.filter { named.contains($0.id) }
            let pool = preferred.isEmpty ? free : preferred
            let pick = pool.min { (load[$0.id] ?? 0, $0.id) < (load[$1.id] ?? 0, $1.id) }!
            auditorOf[i] = pick.id
            load[pick.id, default: 0] += 1
        }

        func assignment(_ i: Int) -> AuditPlan.Assignment {
            let e = open[i]
            return AuditPlan.Assignment(kind: e.item.kind == .control ? .control : .clause, id: e.item.id, title: title(e.item),
                                        auditor: auditorOf[i], alreadyIn: e.already.map { ($0.id, $0.status ?? "planned") })
        }
        func itemOrder(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (open[a].item, open[b].item)
            if x.kind != y.kind { return x.kind == .control }
            return x.kind == .control ? AnnexACatalog.numericOrder(x.id, y.id) : ProgrammeCoverage.clauses.firstIndex { $0.id == x.id }! < ProgrammeCoverage.clauses.firstIndex { $0.id == y.id }!
        }
        let pending = (coverage?.audits ?? []).filter { $0.status != "complete" }
        let audits = windows.enumerated().map { w, window in
            AuditPlan.ProposedAudit(id: "PLAN-\(w + 1)", from: window.from, to: window.to, items: placed[w].sorted(by: itemOrder).map(assignment),
                                    existing: pending.filter { a in a.start.map { window.from <= $0 && $0 <= window.to } ?? false }.map(\.id))
        }
        let unassignable = open.indices.filter { auditorOf[$0] == nil }.sorted(by: itemOrder).map { i in
            AuditPlan.Unassignable(item: "\(open[i].item)", title: title(open[i].item),
                                   conflicts: auditors.isEmpty ? ["nobody in the people registry holds the role internal-auditor"] : conflicts[i]!)
        }
        let people = auditors.map { AuditPlan.Auditor(id: $0.id, name: $0.name, external: $0.external, organisation: organisation(of: $0, in: isms)) }
        return AuditPlan(organisation: config.organisation, today: today, cycleStart: cycleStart, cycleEnd: cycleEnd,
                         cycleFromCertification: coverage?.cycle.fromCertification ?? false, itemCount: items.count, coveredCount: covered,
                         auditors: people, audits: audits, unassignable: unassignable, notes: notes)
    }

    /// `isms audit plan --write`: one planned internal audit record per proposed audit and auditor — an audit's scope
    /// is its auditors' scope, so each auditor gets an audit of exactly the items they were found independent of.
    /// Items already in a planned audit stay there; items nobody can audit independently are named, not written.
    /// All files or none; never over an existing file without `force`.
    static func write(_ plan: AuditPlan, reading: ISMSReading, force: Bool, notices: [String]) throws -> Output {
        let workspace = reading.workspace
        guard workspace.hasConfigurationFile else { throw ToolFailure("no isms.yml: `isms audit plan --write` writes into an ISMS; start one with `isms init`") }
        let owner = reading.isms.documents(.auditProgramme).first?.owner ?? reading.isms.people.people.first?.id ?? "owner"
        var files: [(url: URL, text: String)] = []
        var lines: [String] = []
        let taken = Set(reading.isms.documents.compactMap(\.id))
        for audit in plan.audits {
            let fresh = audit.items.filter { $0.alreadyIn.isEmpty && $0.auditor != nil }
            for auditor in Array(Set(fresh.compactMap(\.auditor))).sorted() {
                let mine = fresh.filter { $0.auditor == auditor }
                let id = "AUD-\(audit.from)-\(auditor)"
                if taken.contains(id) && !force { throw ToolFailure("id '\(id)' is already used in the ISMS: nothing was written (use --force to overwrite)") }
                let controls = mine.filter { $0.kind == .control }.map(\.id)
                let clauses = mine.filter { $0.kind == .clause }.map(\.id)
                let title = "Internal audit \(audit.from) – \(audit.to) (\(auditor))"
                let text = """
                ---
                id: \(id)
                type: audit
                title: "\(title)"
                owner: \(owner)
                kind: internal
                status: planned
                auditors: [\(auditor)]
                start: \(audit.from)
                end: \(audit.to)
                scope:
                  controls: [\(controls.joined(separator: ", "))]
                  clauses: [\(clauses.joined(separator: ", "))]
                  documents: []
                  processes: []
                criteria: ISO/IEC 27001:2022 and the organisation's own policies
                ---
                # \(title)

                Proposed by `isms audit plan` on \(plan.today), to be held between \(audit.from) and \(audit.to): set start
                and end to the days it is held. \(auditor) was found independent of every item in its scope.

                ## Objectives and scope

                ## Method

                ## Results

                """
                files.append((workspace.documentsRoot.appendingPathComponent("audits/\(id).md"), text))
                lines.append("audits/\(id).md: \(auditor), \(audit.from) – \(audit.to), \(controls.count) control\(controls.count == 1 ? "" : "s"), \(clauses.count) clause\(clauses.count == 1 ? "" : "s")")
            }
        }
        var out = notices
        if !plan.unassignable.isEmpty {
            out.append("\(plan.unassignable.count) item\(plan.unassignable.count == 1 ? "" : "s") without an independent auditor were not planned (`isms audit plan` says why): \(AuditPlan.remedy)")
        }
        guard !files.isEmpty else {
            return Output(text: "nothing to write: every item still to audit is already in a planned audit, or has no independent auditor\n", notices: out, exitCode: 0)
        }
        try workspace.writeInside(files, force: force)
        let text = "wrote \(files.count) planned internal audit\(files.count == 1 ? "" : "s") (add them to the audit programme's audits list):\n" + lines.map { "  \($0)\n" }.joined()
        return Output(text: text, notices: out, exitCode: 0)
    }

    static func organisation(of person: Person, in isms: ISMS) -> String? {
        guard let registry = isms.people.path.flatMap({ isms.document(path: $0) }) else { return nil }
        for item in registry.value("people")?.sequence?.items ?? [] {
            if let m = item.mapping, m["id"]?.value.scalar?.text == person.id { return m["organisation"]?.value.scalar?.text }
        }
        return nil
    }
}

extension Day {
    /// This day, `interval` earlier.
    func minus(_ interval: ReviewInterval) -> Day {
        switch interval.unit {
        case .days: return adding(days: -interval.count)
        case .weeks: return adding(days: -7 * interval.count)
        case .months: return adding(months: -interval.count)
        case .years: return adding(months: -12 * interval.count)
        }
    }
}

enum ProgrammeRulesText {
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}

/// Who owns, approves, belongs to the team of, or recently changed or approved which documents.
struct Involvement {
    let isms: ISMS
    /// Per document path: (person id, what they did) from git within the look-back.
    var touched: [String: [(person: String, approved: Bool, day: Day, commit: String)]] = [:]

    init(isms: ISMS, history: ChangeHistory?, since: Day, until: Day) {
        self.isms = isms
        guard let history else { return }
        let paths = isms.documents.filter { $0.type?.isControlledDocument == true }.map(\.path)
        for (path, revisions) in RevisionHistory.all(paths: paths, in: history) {
            for r in revisions {
                let c = r.commit
                let day = c.committer.day
                guard day >= since, day <= until else { continue }
                if let who = isms.people.person(email: c.author.email) ?? c.authority.person(email: c.author.email) {
                    touched[path, default: []].append((who.id, false, day, c.shortID))
                }
                for a in c.approvals {
                    if let who = isms.people.person(email: a.email) ?? c.authority.person(email: a.email) {
                        touched[path, default: []].append((who.id, true, day, c.shortID))
                    }
                }
            }
        }
    }

    /// What stands in the way of `auditor` auditing an item with these documents (empty: independent).
    func conflicts(of auditor: Person, with docs: [Document]) -> [String] {
        var out: [String] = []
        func add(_ s: String) { if !out.contains(s) { out.append(s) } }
        for doc in docs {
            let name = doc.id ?? doc.path
            if let owner = doc.owner {
                if owner == auditor.id { add("owns \(name)") }
                else if let o = isms.people.person(owner) {
                    let shared = Set(o.teams).intersection(auditor.teams).sorted()
                    if !shared.isEmpty { add("is in the \(shared.joined(separator: "/")) team of \(owner), who owns \(name)") }
                }
            }
            if let approver = doc.string("approver") {
                if approver == auditor.id { add("approves \(name)") }
                else if approver.hasPrefix("role:"), auditor.roles.contains(String(approver.dropFirst(5))) { add("approves \(name) (\(approver))") }
            }
            for t in touched[doc.path] ?? [] where t.person == auditor.id {
                add(t.approved ? "approved a change to \(name) on \(t.day) (\(t.commit))" : "changed \(name) on \(t.day) (\(t.commit))")
            }
        }
        return out
    }
}
