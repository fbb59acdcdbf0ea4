import ISMSModel

struct ReviewOverdueRule: Rule {
    static let description = RuleDescription(
        id: "review-overdue", name: "Document review overdue", family: .freshness, severity: .error,
        rationale: "Clause 7.5.2 and Annex A 5.1: documented information is reviewed for suitability and adequacy, and policies at planned intervals. An approved document past its own review interval is evidence that the planned review did not happen.",
        triggering: [
            RuleExample("policies/access-control.md", FreshnessRules.approvedPolicy(lastReviewed: "↓2025-04-17")),
        ],
        nonTriggering: [
            RuleExample("policies/access-control.md", FreshnessRules.approvedPolicy(lastReviewed: "2025-09-01")),
            RuleExample("policies/access-control.md", examplePolicy("last_reviewed: 2024-01-10"),
                        note: "a draft is not yet under review"),
            RuleExample(["policies/ac.md": approvedPolicy(version: "1.0", lastReviewed: "2025-01-10")], then: [
                ExampleCommit(author: "bob", date: "2026-03-02", message: "Require MFA\n\nApproved-by: Carol <carol@example.com>",
                              files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "MFA everywhere.", lastReviewed: "2025-01-10")]),
            ], note: "last_reviewed is old, but the approved change of 2026-03-02 is a review too"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents.compactMap { doc in
            guard let r = FreshnessRules.reviewDue(doc, context), r.due < context.today else { return nil }
            let late = Day.days(from: r.due, to: context.today)
            let how = r.fromHistory ? "last approved change \(r.last) (from git)" : "last reviewed \(r.last)"
            return finding(doc, doc.valuePosition(of: "last_reviewed"),
                           "review overdue by \(FreshnessRules.days(late)): \(how), reviewed every \(r.every), so due on \(r.due): review the document and update last_reviewed")
        }
    }
}
