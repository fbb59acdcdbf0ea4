import ISMSModel

struct EvidenceExpiredRule: Rule {
    static let description = RuleDescription(
        id: "evidence-expired", name: "Evidence expired", family: .freshness, severity: .error,
        rationale: "Clauses 9.1 and 7.5.3: monitoring results show that controls operate now, not once. Evidence past its expiry (a quarterly access review from two quarters ago, last year's penetration test) no longer shows the control is working; collect fresh evidence and mark the old record superseded.",
        triggering: [
            RuleExample("evidence/access-review.md", FreshnessRules.exampleEvidence("collected: 2026-01-20\nexpires: ↓2026-04-30")),
            RuleExample("evidence/access-review.md", FreshnessRules.exampleEvidence("collected: 2026-01-20\nvalid_for: ↓3 months"),
                        note: "valid until 2026-04-20"),
        ],
        nonTriggering: [
            RuleExample("evidence/access-review.md", FreshnessRules.exampleEvidence("collected: 2026-04-20\nvalid_for: 3 months")),
            RuleExample("evidence/access-review.md", FreshnessRules.exampleEvidence("collected: 2026-01-20\nvalid_for: 3 months", status: "superseded"),
                        note: "replaced by newer evidence"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.evidence).compactMap { doc in
            guard doc.status != "superseded" else { return nil }
            let expiry: Day, key: String
            if let e = doc.day("expires") {
                expiry = e; key = "expires"
            } else if let collected = doc.day("collected"), let valid = doc.string("valid_for").flatMap(ReviewInterval.init) {
                expiry = collected.adding(valid); key = "valid_for"
            } else { return nil }
            guard expiry < context.today else { return nil }
            let ago = Day.days(from: expiry, to: context.today)
            let name = doc.id.map { "evidence \($0)" } ?? "this evidence"
            return finding(doc, doc.valuePosition(of: key),
                           "\(name) expired on \(expiry), \(FreshnessRules.days(ago)) ago: collect fresh evidence in a new record and set this one's status to superseded")
        }
    }
}
