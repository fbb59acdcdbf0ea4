import ISMSModel

struct RiskRegisterEmptyRule: Rule {
    static let description = RuleDescription(
        id: "risk-register-empty", name: "Risk methodology without any risk", family: .completeness, severity: .error,
        rationale: "Clauses 8.2 and 8.3: the organisation keeps the results of its risk assessments and of risk treatment. A methodology says how risks will be assessed; with no risk recorded, no assessment has been done, and the Statement of Applicability has no risks to justify its controls.",
        triggering: [
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology.replacingOccurrences(of: "type: risk-methodology", with: "↓type: risk-methodology"),
                         "people.md": RuleExample.people], note: "a methodology, and not one risk"),
        ],
        nonTriggering: [
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 2\nimpact: 3"),
                         "people.md": RuleExample.people]),
            RuleExample("policies/access.md", CompletenessRules.exampleDocument("POL-ACCESS", type: "policy", title: "Access control policy"),
                        note: "no methodology either: mandatory-document-missing reports the missing 6.1.2 process"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        guard context.isms.documents(.risk).isEmpty,
              let method = context.isms.documents(.riskMethodology).first(where: { $0.status != "retired" }) else { return [] }
        return [finding(method, method.position(of: "type"),
                        "the risk methodology is in place but no risk is recorded: clauses 8.2 and 8.3 need the results of risk assessment and treatment. Record each risk (`isms new risk --id R-001 --title …`)")]
    }
}
