import ISMSModel

struct ObjectiveOverdueRule: Rule {
    static let description = RuleDescription(
        id: "objective-overdue", name: "Objective past its due date", family: .freshness, severity: .warning,
        rationale: "Clause 6.2: for each information security objective the organisation determines when it will be completed and how the results will be evaluated. An approved objective past its due date has either been met, missed or moved, and the record should say which.",
        triggering: [
            RuleExample("objectives/OBJ-1.md", CompletenessRules.exampleDocument("OBJ-1", type: "objective", title: "Patch critical vulnerabilities quickly",
                                                                                  "effective: 2025-06-01\nlast_reviewed: 2026-01-15\nmetric: Median days to patch a critical vulnerability\ntarget: 14 days or fewer\ndue: ↓2026-03-31",
                                                                                  status: "approved")),
        ],
        nonTriggering: [
            RuleExample("objectives/OBJ-1.md", CompletenessRules.exampleDocument("OBJ-1", type: "objective", title: "Patch critical vulnerabilities quickly",
                                                                                  "effective: 2025-06-01\nlast_reviewed: 2026-01-15\nmetric: Median days to patch a critical vulnerability\ntarget: 14 days or fewer\ndue: 2026-12-31",
                                                                                  status: "approved")),
            RuleExample("objectives/OBJ-1.md", CompletenessRules.exampleDocument("OBJ-1", type: "objective", title: "Patch critical vulnerabilities quickly",
                                                                                  "metric: Median days to patch a critical vulnerability\ntarget: 14 days or fewer\ndue: 2026-03-31",
                                                                                  status: "retired"),
                        note: "a retired objective is finished"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.objective).compactMap { doc in
            guard doc.status == "approved", let due = doc.day("due"), due < context.today else { return nil }
            let name = doc.id.map { "objective \($0)" } ?? "this objective"
            return finding(doc, doc.valuePosition(of: "due"),
                           "\(name) was due on \(due), \(FreshnessRules.days(Day.days(from: due, to: context.today))) ago: record whether the target was met and retire it, or set a new due date")
        }
    }
}
