import ISMSModel

struct ControlUnsupportedRule: Rule {
    static let description = RuleDescription(
        id: "control-unsupported", name: "Implemented control with no policy or evidence", family: .completeness, severity: .error,
        rationale: "Clauses 6.1.3 d and 8.3: the Statement of Applicability says whether each included control is implemented, and the organisation keeps the results of risk treatment. A control marked implemented or partial that names no policy defining it and no evidence of it operating is a claim an auditor cannot test.",
        triggering: [
            RuleExample("controls/8.13.md", CompletenessRules.exampleControl("8.13", "Information backup", "applicable: true\njustification: Treats R-002 (loss of the customer database).\nimplementation: ↓implemented")),
            RuleExample("controls/8.13.md", CompletenessRules.exampleControl("8.13", "Information backup", "applicable: true\njustification: Treats R-002 (loss of the customer database).\nimplementation: ↓partial\npolicies: []\nevidence: []"),
                        note: "partial, with empty lists"),
        ],
        nonTriggering: [
            RuleExample("controls/8.13.md", CompletenessRules.exampleControl("8.13", "Information backup", "applicable: true\njustification: Treats R-002 (loss of the customer database).\nimplementation: implemented\npolicies: [POL-BACKUP]")),
            RuleExample("controls/8.13.md", CompletenessRules.exampleControl("8.13", "Information backup", "applicable: true\njustification: Treats R-002 (loss of the customer database).\nimplementation: partial\nevidence: [EV-RESTORE-2026-Q1]")),
            RuleExample("controls/8.13.md", CompletenessRules.exampleControl("8.13", "Information backup", "applicable: true\njustification: Treats R-002 (loss of the customer database).\nimplementation: planned"),
                        note: "a planned control has nothing to show yet"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.control).compactMap { doc in
            guard doc.status != "retired", doc.bool("applicable") == true,
                  let implementation = doc.string("implementation"), ["implemented", "partial"].contains(implementation),
                  doc.list("policies").isEmpty, doc.list("evidence").isEmpty else { return nil }
            let name = doc.id.map { "control \($0)" } ?? "this control"
            return finding(doc, doc.valuePosition(of: "implementation"),
                           "\(name) is marked \(implementation) but names no policy and no evidence: list the policies that define it (policies:) or the evidence records that show it operating (evidence:)")
        }
    }
}
