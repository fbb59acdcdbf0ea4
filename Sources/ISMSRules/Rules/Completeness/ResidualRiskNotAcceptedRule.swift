import ISMSModel

struct ResidualRiskNotAcceptedRule: Rule {
    static let description = RuleDescription(
        id: "residual-risk-not-accepted", name: "Residual risk not accepted by the right person", family: .completeness, severity: .error,
        rationale: "Clause 6.1.3 f: risk owners approve the risk treatment plan and accept the residual risks. The residual risk is accepted by the risk's owner, or by top management when it is still above the acceptance threshold, and the acceptance is recorded with its date.",
        triggering: [
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate\n↓residual: {likelihood: 1, impact: 4}"),
                         "people.md": RuleExample.people],
                        note: "no acceptance recorded"),
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate\nresidual: {likelihood: 1, impact: 4}\naccepted_by: ↓bob\naccepted_on: 2026-02-01"),
                         "people.md": RuleExample.people],
                        note: "within the threshold, but accepted by someone other than the owner (alice)"),
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate\nresidual: {likelihood: 3, impact: 3}\naccepted_by: ↓alice\naccepted_on: 2026-02-01"),
                         "people.md": RuleExample.people],
                        note: "residual score 9 is above the threshold 8: top management must accept it"),
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate\nresidual: {likelihood: 1, impact: 4}\n↓accepted_by: alice"),
                         "people.md": RuleExample.people],
                        note: "the acceptance is not dated"),
        ],
        nonTriggering: [
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate\nresidual: {likelihood: 1, impact: 4}\naccepted_by: alice\naccepted_on: 2026-02-01"),
                         "people.md": RuleExample.people],
                        note: "the owner accepts a residual risk within the threshold"),
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 4\nimpact: 4\ntreatment: mitigate\nresidual: {likelihood: 3, impact: 3}\naccepted_by: carol\naccepted_on: 2026-02-01"),
                         "people.md": RuleExample.people],
                        note: "top management accepts a residual risk above the threshold"),
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate"),
                         "people.md": RuleExample.people],
                        note: "no residual risk recorded yet"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let threshold = context.isms.methodology?.acceptanceThreshold
        let people = context.isms.people
        return context.isms.documents(.risk).compactMap { risk in
            guard let residual = risk.value("residual") else { return nil }
            let name = risk.id.map { "risk \($0)" } ?? "this risk"
            guard let by = risk.string("accepted_by") else {
                let date = risk.string("accepted_on") == nil ? " and accepted_on" : ""
                return finding(risk, risk.position(of: "residual"),
                               "\(name) has a residual risk but no recorded acceptance: add accepted_by (the risk owner, or top management above the acceptance threshold)\(date)")
            }
            if let m = residual.mapping, let threshold,
               let l = m["likelihood"]?.value.scalar.flatMap({ DocumentNumber.parse($0.text) }), let i = m["impact"]?.value.scalar.flatMap({ DocumentNumber.parse($0.text) }) {
                let score = l * i
                if score > threshold {
                    if !(people.person(by)?.roles.contains("top-management") ?? false) {
                        return finding(risk, risk.valuePosition(of: "accepted_by"),
                                       "\(name)'s residual score \(l) × \(i) = \(score) is above the acceptance threshold \(threshold), so only top management may accept it, and \(by) does not hold the top-management role: have a top-management holder accept it, or treat the risk further")
                    }
                } else if let owner = risk.owner, by != owner {
                    return finding(risk, risk.valuePosition(of: "accepted_by"),
                                   "\(name)'s residual score \(l) × \(i) = \(score) is within the acceptance threshold \(threshold), so the risk owner accepts it: set accepted_by: \(owner) (the owner) instead of \(by)")
                }
            }
            guard risk.string("accepted_on") == nil else { return nil }
            return finding(risk, risk.position(of: "accepted_by"),
                           "\(name)'s residual risk acceptance by \(by) is not dated: add accepted_on with the date of the decision")
        }
    }
}
