import ISMSModel

struct FindingOverdueRule: Rule {
    static let description = RuleDescription(
        id: "finding-overdue", name: "Audit finding past its due date", family: .freshness, severity: .error,
        rationale: "Clause 10.2: a nonconformity is reacted to, its cause dealt with, and corrective action taken and reviewed for effectiveness. An open finding past its due date means the action has stalled; a certification body expects a major nonconformity closed before it recommends certification. A nonconformity without a due date has no commitment to track. Severity follows the finding: major → error, minor → warning, observation or opportunity → info.",
        triggering: [
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: major\nstatus: in-progress\nraised: 2026-03-10\ndue: ↓2026-05-01"),
                        note: "a major nonconformity a month overdue (error)"),
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: observation\nstatus: open\nraised: 2026-03-10\ndue: ↓2026-05-01"),
                        note: "an observation (info)"),
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: ↓minor\nstatus: open\nraised: 2026-03-10"),
                        note: "a nonconformity with no due date (warning)"),
        ],
        nonTriggering: [
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: major\nstatus: open\nraised: 2026-05-10\ndue: 2026-07-10")),
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: major\nstatus: closed\nraised: 2026-03-10\ndue: 2026-05-01\nclosed: 2026-05-20\nroot_cause: No leaver checklist for SaaS tools.\ncorrective_action: Added the CRM to the leaver checklist."),
                        note: "closed late, but closed"),
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: ofi\nstatus: open\nraised: 2026-03-10"),
                        note: "an opportunity for improvement needs no due date"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.finding).compactMap { doc in
            guard !["closed", "verified"].contains(doc.status ?? "") else { return nil }
            let severity = doc.string("severity")
            let name = doc.id.map { "finding \($0)" } ?? "this finding"
            let kind: String
            switch severity {
            case "major": kind = "major nonconformity"
            case "minor": kind = "minor nonconformity"
            case "observation": kind = "observation"
            case "ofi": kind = "opportunity for improvement"
            default: kind = "finding"
            }
            guard let due = doc.day("due") else {
                guard severity == "major" || severity == "minor", doc.string("due") == nil else { return nil }
                return finding(doc, doc.valuePosition(of: "severity"),
                               "\(name) is a \(kind) with no due date: agree when the corrective action will be done and record it in due", severity: .warning)
            }
            guard due < context.today else { return nil }
            let level: Severity? = switch severity {
            case "major": .error
            case "minor": .warning
            case "observation", "ofi": .info
            default: nil
            }
            let late = Day.days(from: due, to: context.today)
            let action = severity == "observation" || severity == "ofi" ? "act on it and close it" : "complete the corrective action and close the finding"
            return finding(doc, doc.valuePosition(of: "due"),
                           "\(name) (\(kind)) was due on \(due) and is \(FreshnessRules.days(late)) overdue: \(action), or agree a new due date and record why", severity: level)
        }
    }
}
