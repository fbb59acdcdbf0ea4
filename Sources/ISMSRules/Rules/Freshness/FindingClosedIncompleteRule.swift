import ISMSModel

struct FindingClosedIncompleteRule: Rule {
    static let description = RuleDescription(
        id: "finding-closed-incomplete", name: "Finding closed without its corrective-action record", family: .freshness, severity: .error,
        rationale: "Clause 10.2 f–g: documented information is kept as evidence of the nature of each nonconformity, the actions taken and their results. A finding closed without its root cause, corrective action and closing date cannot show the cause was dealt with; a verified one also records who checked the action was effective, and when (10.2 d), in verified_by and verified_on. When only those two are missing and the body records the verification (a line mentioning it), the record exists: the finding is a warning that says exactly what to add, with the date the body gives.",
        triggering: [
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: minor\nstatus: ↓closed\nraised: 2026-03-10\ndue: 2026-05-01\ncorrective_action: Removed the leaver's CRM account."),
                        note: "no root cause and no closing date"),
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: minor\nstatus: ↓verified\nraised: 2026-03-10\ndue: 2026-05-01\nclosed: 2026-04-28\nroot_cause: No leaver checklist for SaaS tools.\ncorrective_action: Added the CRM to the leaver checklist."),
                        note: "verified, but not said by whom or when"),
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: minor\nstatus: ↓verified\nraised: 2026-03-10\ndue: 2026-05-01\nclosed: 2026-04-28\nroot_cause: No leaver checklist for SaaS tools.\ncorrective_action: Added the CRM to the leaver checklist.\nverified_by: dave") + "\n\n## Verification\n\nChecked on 2026-05-25: three leavers since, none kept access.\n",
                        note: "the body records the check: a warning that says to add verified_on: 2026-05-25"),
        ],
        nonTriggering: [
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: minor\nstatus: verified\nraised: 2026-03-10\ndue: 2026-05-01\nclosed: 2026-04-28\nroot_cause: No leaver checklist for SaaS tools.\ncorrective_action: Added the CRM to the leaver checklist.\nverified_by: dave\nverified_on: 2026-05-25")),
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: minor\nstatus: in-progress\nraised: 2026-03-10\ndue: 2026-07-01"),
                        note: "still being worked on"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.finding).compactMap { doc in
            guard let status = doc.status, ["closed", "verified"].contains(status) else { return nil }
            var required = ["root_cause", "corrective_action", "closed"]
            if status == "verified" { required += ["verified_by", "verified_on"] }
            let missing = required.filter { doc.string($0) == nil }
            guard !missing.isEmpty else { return nil }
            let name = doc.id.map { "finding \($0)" } ?? "this finding"
            let list = missing.count == 1 ? missing[0] : missing.dropLast().joined(separator: ", ") + " and " + missing.last!
            // The verification is recorded, only not where tools read it: say exactly what to add, as a warning.
            if missing.allSatisfy({ $0.hasPrefix("verified_") }), let recorded = Self.recordedVerification(doc) {
                let add = missing.map { $0 == "verified_on" ? "verified_on: \(recorded.day.map(\.description) ?? "<the date of the check>")" : "verified_by: <the person who checked>" }
                return finding(doc, doc.valuePosition(of: "status"),
                               "\(name) is verified and its body records the verification (line \(recorded.line)), but the front matter lacks \(list): add \(ProgrammeRules.list(add)) so the record can be checked",
                               severity: .warning)
            }
            return finding(doc, doc.valuePosition(of: "status"),
                           "\(name) is \(status) but does not record \(list): add \(missing.count == 1 ? "it" : "them"), or reopen the finding until the corrective action is recorded")
        }
    }

    /// A body line that records the verification ("Verified on 2026-05-25 by dave", a "Verification" section), with
    /// the first date on it or on the five lines after it.
    static func recordedVerification(_ doc: Document) -> (line: Int, day: Day?)? {
        guard let body = doc.body else { return nil }
        let lines = body.text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let i = lines.firstIndex(where: { $0.lowercased().contains("verif") }) else { return nil }
        var day: Day?
        for line in lines[i..<min(lines.count, i + 6)] where day == nil {
            let words = line.split(whereSeparator: { !($0.isNumber || $0 == "-") })
            day = words.lazy.compactMap { Day(String($0)) }.first
        }
        return (body.lineOffset + i + 1, day)
    }
}
