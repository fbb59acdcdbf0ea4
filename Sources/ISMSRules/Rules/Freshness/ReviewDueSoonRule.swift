import ISMSModel

struct ReviewDueSoonRule: Rule {
    static let window = 30

    static let description = RuleDescription(
        id: "review-due-soon", name: "Document review due soon", family: .freshness, severity: .info,
        rationale: "Clause 7.5.2: documents are reviewed at planned intervals. A reminder in the 30 days before a review falls due gives the owner time to review it before it becomes overdue. Risk records with review_every are reminded of their reassessment the same way (clauses 6.1.2, 8.2).",
        triggering: [
            RuleExample("policies/access-control.md", FreshnessRules.approvedPolicy(lastReviewed: "↓2025-06-20"), note: "due on 2026-06-20"),
        ],
        nonTriggering: [
            RuleExample("policies/access-control.md", FreshnessRules.approvedPolicy(lastReviewed: "2025-09-01")),
            RuleExample("policies/access-control.md", FreshnessRules.approvedPolicy(lastReviewed: "2025-04-17"), note: "overdue: review-overdue reports it"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.documents.compactMap { doc in
            guard let r = FreshnessRules.reviewDue(doc, context), r.due >= context.today else { return nil }
            let left = Day.days(from: context.today, to: r.due)
            guard left <= Self.window else { return nil }
            let when = left == 0 ? "today" : "in \(FreshnessRules.days(left))"
            return finding(doc, doc.valuePosition(of: doc.entry("last_reviewed") == nil && doc.type == .risk ? "identified" : "last_reviewed"),
                           "review due \(when), on \(r.due) (last reviewed \(r.last), reviewed every \(r.every)): plan the review and update last_reviewed when it is done")
        }
    }
}
