import ISMSModel

struct ControlNotImplementedRule: Rule {
    static let description = RuleDescription(
        id: "control-not-implemented", name: "Applicable control not implemented", family: .completeness, severity: .warning,
        rationale: "Clauses 6.1.3 e and 8.3: a control included in the Statement of Applicability is there because a risk needs it, so it is either implemented or planned in the risk treatment plan. An applicable control marked not-implemented, with no plan, is a risk left untreated.",
        triggering: [
            RuleExample("controls/8.24.md", CompletenessRules.exampleControl("8.24", "Use of cryptography", "applicable: true\njustification: Treats R-001 (stolen laptop exposes customer data).\nimplementation: ↓not-implemented")),
        ],
        nonTriggering: [
            RuleExample("controls/8.24.md", CompletenessRules.exampleControl("8.24", "Use of cryptography", "applicable: true\njustification: Treats R-001 (stolen laptop exposes customer data).\nimplementation: planned")),
            RuleExample("controls/7.5.md", CompletenessRules.exampleControl("7.5", "Protecting against physical and environmental threats", "applicable: false\njustification: We have no premises.\nimplementation: not-implemented"),
                        note: "an excluded control need not be implemented"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.control).compactMap { doc in
            guard doc.status != "retired", doc.bool("applicable") == true, doc.string("implementation") == "not-implemented" else { return nil }
            let name = doc.id.map { "control \($0)" } ?? "this control"
            return finding(doc, doc.valuePosition(of: "implementation"),
                           "\(name) is applicable but not implemented: implement it, or plan it (implementation: planned) in the risk treatment plan; if it is not needed, set applicable: false and justify the exclusion")
        }
    }
}
