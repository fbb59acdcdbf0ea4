import ISMSModel

struct RiskScoreOutOfScaleRule: Rule {
    static let description = RuleDescription(
        id: "risk-score-out-of-scale", name: "Risk scored outside the methodology's scales", family: .completeness, severity: .error,
        rationale: "Clause 6.1.2 b: repeated risk assessments produce consistent, valid and comparable results. A likelihood or impact outside the scales the risk methodology defines cannot be compared with the acceptance threshold or with other risks.",
        triggering: [
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: ↓6\nimpact: ↓0\ntreatment: mitigate"),
                         "people.md": RuleExample.people]),
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate\nresidual: {likelihood: 1, impact: ↓10}\naccepted_by: alice\naccepted_on: 2026-02-01"),
                         "people.md": RuleExample.people],
                        note: "the residual score too"),
        ],
        nonTriggering: [
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 5\nimpact: 1\ntreatment: mitigate\nresidual: {likelihood: 1, impact: 1}\naccepted_by: alice\naccepted_on: 2026-02-01"),
                         "people.md": RuleExample.people]),
            RuleExample("risks/R-001.md", CompletenessRules.exampleRisk("likelihood: 6\nimpact: 4\ntreatment: mitigate"),
                        note: "without a risk methodology there are no scales to check against"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        guard let m = context.isms.methodology, m.likelihood != nil || m.impact != nil else { return [] }
        var out: [Finding] = []
        for risk in context.isms.documents(.risk) {
            let residual = risk.value("residual")?.mapping
            let scores: [(what: String, scalar: YAMLScalar?, scale: ClosedRange<Int>?)] = [
                ("likelihood", risk.value("likelihood")?.scalar, m.likelihood),
                ("impact", risk.value("impact")?.scalar, m.impact),
                ("residual likelihood", residual?["likelihood"]?.value.scalar, m.likelihood),
                ("residual impact", residual?["impact"]?.value.scalar, m.impact),
            ]
            for s in scores {
                guard let scalar = s.scalar, let value = Int(scalar.text), let scale = s.scale, !scale.contains(value) else { continue }
                out.append(finding(risk, scalar.position,
                                   "\(s.what) \(value) is outside the scale \(scale.lowerBound)–\(scale.upperBound) defined in \(m.path): score it on the methodology's scale"))
            }
        }
        return out
    }
}
