import ISMSModel

struct FindingClosedIncompleteRule: Rule {
    static let description = RuleDescription(
        id: "finding-closed-incomplete", name: "Finding closed without its corrective-action record", family: .freshness, severity: .error,
        rationale: "Clause 10.2 f–g: documented information is kept as evidence of the nature of each nonconformity, the actions taken and their results. A finding closed without its root cause, corrective action and closing date cannot show the cause was dealt with; a verified one also records who checked the action was effective, and when (10.2 d).",
        triggering: [
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: minor\nstatus: ↓closed\nraised: 2026-03-10\ndue: 2026-05-01\ncorrective_action: Removed the leaver's CRM account."),
                        note: "no root cause and no closing date"),
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: minor\nstatus: ↓verified\nraised: 2026-03-10\ndue: 2026-05-01\nclosed: 2026-04-28\nroot_cause: No leaver checklist for SaaS tools.\ncorrective_action: Added the CRM to the leaver checklist."),
                        note: "verified, but not said by whom or when"),
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
            return finding(doc, doc.valuePosition(of: "status"),
                           "\(name) is \(status) but does not record \(list): add \(missing.count == 1 ? "it" : "them"), or reopen the finding until the corrective action is recorded")
        }
    }
}
