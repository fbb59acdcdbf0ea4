import ISMSModel

struct ExcludedControlInUseRule: Rule {
    static let description = RuleDescription(
        id: "excluded-control-in-use", name: "Risk treated with an excluded control", family: .completeness, severity: .error,
        rationale: "Clause 6.1.3 b–d: the controls the risk treatment needs are compared with Annex A and recorded in the Statement of Applicability. Auditors trace the SoA to the risk treatment plan: a risk treated by a control the SoA excludes means one of the two is wrong.",
        triggering: [
            RuleExample(["risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate\ncontrols: [8.24, ↓5.7]"),
                         "controls/8.24.md": CompletenessRules.exampleControl("8.24", "Use of cryptography", "applicable: true\njustification: Treats R-001.\nimplementation: planned"),
                         "controls/5.7.md": CompletenessRules.exampleControl("5.7", "Threat intelligence", "applicable: false\njustification: Too small to run a threat intelligence function."),
                         "people.md": RuleExample.people]),
        ],
        nonTriggering: [
            RuleExample(["risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate\ncontrols: [8.24]"),
                         "controls/8.24.md": CompletenessRules.exampleControl("8.24", "Use of cryptography", "applicable: true\njustification: Treats R-001.\nimplementation: planned"),
                         "controls/5.7.md": CompletenessRules.exampleControl("5.7", "Threat intelligence", "applicable: false\njustification: Too small to run a threat intelligence function."),
                         "people.md": RuleExample.people]),
            RuleExample(["risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate\ncontrols: [5.7]").replacingOccurrences(of: "status: open", with: "status: closed"),
                         "controls/5.7.md": CompletenessRules.exampleControl("5.7", "Threat intelligence", "applicable: false\njustification: Dropped when the risk was closed."),
                         "people.md": RuleExample.people],
                        note: "a closed risk no longer needs treatment"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for risk in context.isms.documents(.risk) where risk.status != "closed" {
            for item in risk.list("controls") {
                guard let control = context.isms.control(item.text), control.bool("applicable") == false else { continue }
                let name = risk.id.map { "risk \($0)" } ?? "this risk"
                out.append(finding(risk, item.position,
                                   "\(name) is treated with control \(item.text), but the Statement of Applicability excludes it (\(control.path) says applicable: false): include the control and justify it, or choose another control for this risk"))
            }
        }
        return out
    }
}
