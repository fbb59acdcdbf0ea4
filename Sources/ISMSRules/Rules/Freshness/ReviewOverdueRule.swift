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
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents.compactMap { doc in
            guard let r = FreshnessRules.reviewDue(doc), r.due < context.today else { return nil }
            let late = Day.days(from: r.due, to: context.today)
            return finding(doc, doc.valuePosition(of: "last_reviewed"),
                           "review overdue by \(FreshnessRules.days(late)): last reviewed \(r.last), reviewed every \(r.every), so due on \(r.due): review the document and update last_reviewed")
        }
    }
}
