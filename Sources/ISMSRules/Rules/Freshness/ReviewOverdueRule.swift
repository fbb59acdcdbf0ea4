import ISMSModel

struct ReviewOverdueRule: Rule {
    static let description = RuleDescription(
        id: "review-overdue", name: "Document review overdue", family: .freshness, severity: .error,
        rationale: "Clause 7.5.2 and Annex A 5.1: documented information is reviewed for suitability and adequacy, and policies at planned intervals. An approved document past its own review interval is evidence that the planned review did not happen. Risks are reassessed at planned intervals too (clauses 6.1.2 d, 8.2): a risk record with review_every is due that long after its last_reviewed (or, never reviewed, its identified date) while not closed.",
        triggering: [
            RuleExample("policies/access-control.md", FreshnessRules.approvedPolicy(lastReviewed: "↓2025-04-17")),
            RuleExample("risks/R-001.md", CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate\nreview_every: 12 months\nlast_reviewed: ↓2025-03-02"),
                        note: "a risk is reassessed at its planned interval too"),
        ],
        nonTriggering: [
            RuleExample("policies/access-control.md", FreshnessRules.approvedPolicy(lastReviewed: "2025-09-01")),
            RuleExample("risks/R-001.md", CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate\nreview_every: 12 months\nlast_reviewed: 2025-09-01\nclassification: confidential"),
                        note: "a risk reviewed within its interval; records may be classified"),
            RuleExample("policies/access-control.md", examplePolicy("last_reviewed: 2024-01-10"),
                        note: "a draft is not yet under review"),
            RuleExample(["policies/ac.md": approvedPolicy(version: "1.0", lastReviewed: "2025-01-10")], then: [
                ExampleCommit(author: "bob", date: "2026-03-02", message: "Require MFA\n\nApproved-by: Carol <carol@example.com>",
                              files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "MFA everywhere.", lastReviewed: "2025-01-10")]),
            ], note: "last_reviewed is old, but the approved change of 2026-03-02 is a review too"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.documents.compactMap { doc in
            guard let r = FreshnessRules.reviewDue(doc, context), r.due < context.today else { return nil }
            let late = Day.days(from: r.due, to: context.today)
            let how = r.fromHistory ? "last approved change \(r.last) (from git)" : "last reviewed \(r.last)"
            let what = doc.type == .risk ? "reassess the risk (clauses 6.1.2, 8.2)" : "review the document"
            return finding(doc, doc.valuePosition(of: doc.entry("last_reviewed") == nil && doc.type == .risk ? "identified" : "last_reviewed"),
                           "review overdue by \(FreshnessRules.days(late)): \(how), reviewed every \(r.every), so due on \(r.due): \(what) and update last_reviewed")
        }
    }
}
