import ISMSModel

struct ControlUnsupportedRule: Rule {
    static let description = RuleDescription(
        id: "control-unsupported", name: "Implemented control with no policy or evidence", family: .completeness, severity: .error,
        rationale: "Clauses 6.1.3 d and 8.3: the Statement of Applicability says whether each included control is implemented, and the organisation keeps the results of risk treatment. A control marked implemented or partial that names no policy defining it and no evidence of it operating is a claim an auditor cannot test.",
        triggering: [
            RuleExample("controls/8.13.md", CompletenessRules.exampleControl("8.13", "Information backup", "applicable: true\njustification: Treats R-002 (loss of the customer database).\nimplementation: ↓implemented")),
            RuleExample("controls/8.13.md", CompletenessRules.exampleControl("8.13", "Information backup", "applicable: true\njustification: Treats R-002 (loss of the customer database).\nimplementation: ↓partial\npolicies: []\nevidence: []"),
                        note: "partial, with empty lists"),
            RuleExample([
                "controls/8.13.md": CompletenessRules.exampleControl("8.13", "Information backup", "applicable: true\njustification: Treats R-002 (loss of the customer database).\nimplementation: ↓implemented"),
                "policies/access.md": CompletenessRules.exampleDocument("POL-ACCESS", type: "policy", title: "Access control policy", "annex_a: [\"5.15\"]"),
                "policies/old-backup.md": CompletenessRules.exampleDocument("POL-OLD-BACKUP", type: "policy", title: "Old backup policy", "annex_a: [\"8.13\"]", status: "retired"),
                "people.md": RuleExample.people,
            ], note: "policies name other controls, or are retired"),
        ],
        nonTriggering: [
            RuleExample("controls/8.13.md", CompletenessRules.exampleControl("8.13", "Information backup", "applicable: true\njustification: Treats R-002 (loss of the customer database).\nimplementation: implemented\npolicies: [POL-BACKUP]")),
            RuleExample("controls/8.13.md", CompletenessRules.exampleControl("8.13", "Information backup", "applicable: true\njustification: Treats R-002 (loss of the customer database).\nimplementation: partial\nevidence: [EV-RESTORE-2026-Q1]")),
            RuleExample("controls/8.13.md", CompletenessRules.exampleControl("8.13", "Information backup", "applicable: true\njustification: Treats R-002 (loss of the customer database).\nimplementation: planned"),
                        note: "a planned control has nothing to show yet"),
            RuleExample([
                "controls/8.13.md": CompletenessRules.exampleControl("8.13", "Information backup", "applicable: true\njustification: Treats R-002 (loss of the customer database).\nimplementation: implemented"),
                "policies/backup.md": CompletenessRules.exampleDocument("POL-BACKUP", type: "policy", title: "Backup policy", "annex_a: [\"8.13\"]"),
                "people.md": RuleExample.people,
            ], note: "a policy names the control in its annex_a, as the Statement of Applicability counts it"),
            RuleExample([
                "controls/8.13.md": CompletenessRules.exampleControl("8.13", "Information backup", "applicable: true\njustification: Treats R-002 (loss of the customer database).\nimplementation: partial"),
                "evidence/restore.md": CompletenessRules.exampleDocument("EV-RESTORE", type: "evidence", title: "Restore test", "controls: [\"8.13\"]"),
                "people.md": RuleExample.people,
            ], note: "an evidence record names the control in its controls:"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        // The links the Statement of Applicability follows back: a policy or procedure naming the control in its
        // annex_a:, an evidence record in its controls:. A retired document supports nothing any more.
        var named: Set<String> = []
        for doc in context.isms.documents where doc.status != "retired" {
            switch doc.type {
            case .policy?, .procedure?: named.formUnion(doc.strings("annex_a"))
            case .evidence?: named.formUnion(doc.strings("controls"))
            default: continue
            }
        }
        return context.isms.documents(.control).compactMap { doc in
            guard doc.status != "retired", doc.bool("applicable") == true,
                  let implementation = doc.string("implementation"), ["implemented", "partial"].contains(implementation),
                  doc.list("policies").isEmpty, doc.list("evidence").isEmpty, !(doc.id.map(named.contains) ?? false) else { return nil }
            let name = doc.id.map { "control \($0)" } ?? "this control"
            return finding(doc, doc.valuePosition(of: "implementation"),
                           "\(name) is marked \(implementation) but names no policy and no evidence, and no policy (annex_a:) or evidence record (controls:) names it: list the policies that define it (policies:) or the evidence records that show it operating (evidence:)")
        }
    }
}
