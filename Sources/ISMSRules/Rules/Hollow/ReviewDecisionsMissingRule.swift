import ISMSModel

struct ReviewDecisionsMissingRule: Rule {
    static let description = RuleDescription(
        id: "review-decisions-missing", name: "Completed management review without decisions", family: .completeness, severity: .error,
        rationale: "Clause 9.3.3: the results of management review include decisions on continual improvement and any need for changes to the ISMS, kept as documented information. A review marked complete with no decisions has no results to show.",
        triggering: [
            RuleExample("reviews/MR-2026-1.md", HollowRules.exampleReview(HollowRules.exampleInputs + "\n↓decisions: []"), note: "decisions left empty"),
            RuleExample("reviews/MR-2026-1.md", "↓" + HollowRules.exampleReview(HollowRules.exampleInputs), note: "no decisions key"),
        ],
        nonTriggering: [
            RuleExample("reviews/MR-2026-1.md", HollowRules.exampleReview(HollowRules.exampleInputs + "\ndecisions:\n  - The ISMS remains suitable; no change to the scope.")),
            RuleExample("reviews/MR-2026-1.md", HollowRules.exampleReview(HollowRules.exampleInputs + "\ndecisions: []", status: "planned"), note: "still planned"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.managementReview).compactMap { doc in
            guard doc.status == "complete", doc.strings("decisions").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
            return finding(doc, doc.position(of: "decisions"),
                           "management review \(doc.id ?? doc.path) is complete but records no decisions: list its decisions on improvement and changes to the ISMS (clause 9.3.3) under decisions")
        }
    }
}
