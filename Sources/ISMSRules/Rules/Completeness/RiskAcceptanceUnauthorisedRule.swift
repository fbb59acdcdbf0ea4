import ISMSModel

struct RiskAcceptanceUnauthorisedRule: Rule {
    static let description = RuleDescription(
        id: "risk-acceptance-unauthorised", name: "Risk above the threshold accepted without top management", family: .completeness, severity: .error,
        rationale: "Clauses 6.1.2 a and 5.1: the risk acceptance criteria decide which risks may be accepted and by whom. A risk scoring above the acceptance threshold may be accepted only by top management, and that acceptance must be on record (accepted_by, accepted_on); otherwise the organisation is carrying a risk nobody with the authority agreed to.",
        triggering: [
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: ↓accept"),
                         "people.md": RuleExample.people],
                        note: "score 12 is above the threshold 8; no acceptance recorded"),
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: accept\naccepted_by: ↓alice\naccepted_on: 2026-02-01"),
                         "people.md": RuleExample.people],
                        note: "alice is the CISO, not top management"),
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: accept\n↓accepted_by: carol"),
                         "people.md": RuleExample.people],
                        note: "the acceptance is not dated"),
        ],
        nonTriggering: [
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: accept\naccepted_by: carol\naccepted_on: 2026-02-01"),
                         "people.md": RuleExample.people]),
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 2\nimpact: 4\ntreatment: accept"),
                         "people.md": RuleExample.people],
                        note: "score 8 is within the threshold"),
            RuleExample(["risk-methodology.md": CompletenessRules.exampleMethodology,
                         "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate\ncontrols: [8.24]"),
                         "people.md": RuleExample.people],
                        note: "treated, not accepted"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        guard let threshold = context.isms.methodology?.acceptanceThreshold else { return [] }
        let people = context.isms.people
        return context.isms.documents(.risk).compactMap { risk in
            guard risk.string("treatment") == "accept", let l = risk.int("likelihood"), let i = risk.int("impact"), l * i > threshold else { return nil }
            let name = risk.id.map { "risk \($0)" } ?? "this risk"
            let score = "\(name) scores \(l) × \(i) = \(l * i), above the acceptance threshold \(threshold)"
            guard let by = risk.string("accepted_by") else {
                return finding(risk, risk.valuePosition(of: "treatment"),
                               "\(score), and is accepted without a recorded acceptance: record accepted_by (a person with the top-management role) and accepted_on, or treat the risk instead")
            }
            guard let person = people.person(by), person.roles.contains("top-management") else {
                let who = people.person(by) == nil ? "'\(by)' is not in the people registry" : "\(by) does not hold the top-management role"
                return finding(risk, risk.valuePosition(of: "accepted_by"),
                               "\(score), but \(who): only top management may accept it — have a top-management holder accept it, or treat the risk instead")
            }
            // With a residual risk, residual-risk-not-accepted reports a missing date.
            guard risk.string("accepted_on") == nil, risk.value("residual") == nil else { return nil }
            return finding(risk, risk.position(of: "accepted_by"),
                           "\(score); \(by) accepted it but the acceptance is not dated: add accepted_on with the date of the decision")
        }
    }
}
