import ISMSModel

struct EvidenceValidityMissingRule: Rule {
    static let description = RuleDescription(
        id: "evidence-validity-missing", name: "Evidence without an expiry", family: .freshness, severity: .warning,
        rationale: "Clause 9.1: the organisation decides when monitoring is performed, which sets how long its results stand. Evidence with neither `expires` nor `valid_for` never goes stale on paper, so nobody is reminded to collect it again.",
        triggering: [
            RuleExample("evidence/access-review.md", FreshnessRules.exampleEvidence("↓collected: 2026-04-20")),
        ],
        nonTriggering: [
            RuleExample("evidence/access-review.md", FreshnessRules.exampleEvidence("collected: 2026-04-20\nvalid_for: 3 months")),
            RuleExample("evidence/access-review.md", FreshnessRules.exampleEvidence("collected: 2026-04-20\nexpires: 2026-07-31")),
            RuleExample("evidence/access-review.md", FreshnessRules.exampleEvidence("collected: 2025-04-20", status: "superseded"),
                        note: "superseded evidence needs no expiry"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.evidence).compactMap { doc in
            guard doc.status != "superseded", doc.value("expires") == nil, doc.value("valid_for") == nil else { return nil }
            let name = doc.id.map { "evidence \($0)" } ?? "this evidence"
            return finding(doc, doc.position(of: "collected"),
                           "\(name) has no expiry: add valid_for (how long it shows the control operating, for example '3 months' for a quarterly review) or expires (a date)")
        }
    }
}
