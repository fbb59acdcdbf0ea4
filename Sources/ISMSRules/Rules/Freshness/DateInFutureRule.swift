import ISMSModel

struct DateInFutureRule: Rule {
    static let keys = ["effective", "last_reviewed", "collected", "raised", "closed", "verified_on", "accepted_on", "identified"]

    static let description = RuleDescription(
        id: "date-in-future", name: "Date of something done lies in the future", family: .freshness, severity: .error,
        rationale: "Clause 7.5.3: documented information keeps its integrity. A review, approval, collection, closure or acceptance dated after today records something that has not happened yet; an auditor reads it as a mistake at best and a backdated record at worst.",
        triggering: [
            RuleExample("policies/access-control.md", FreshnessRules.approvedPolicy(lastReviewed: "↓2026-07-01")),
            RuleExample("evidence/access-review.md", FreshnessRules.exampleEvidence("collected: ↓2026-06-15\nvalid_for: 3 months")),
        ],
        nonTriggering: [
            RuleExample("policies/access-control.md", FreshnessRules.approvedPolicy(lastReviewed: "2026-06-01"), note: "today is 2026-06-01"),
            RuleExample("findings/F-2026-03.md", FreshnessRules.exampleFinding("severity: minor\nstatus: open\nraised: 2026-05-20\ndue: 2026-08-31"),
                        note: "a due date is meant to be in the future"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for doc in context.documents {
            for key in Self.keys {
                guard let day = doc.day(key), day > context.today else { continue }
                out.append(finding(doc, doc.valuePosition(of: key),
                                   "\(key) \(day) is in the future (today is \(context.today)): record the date it actually happened, or wait until it has"))
            }
        }
        return out
    }
}
