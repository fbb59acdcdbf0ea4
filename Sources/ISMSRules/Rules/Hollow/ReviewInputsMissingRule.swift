import ISMSModel

struct ReviewInputsMissingRule: Rule {
    static let description = RuleDescription(
        id: "review-inputs-missing", name: "Completed management review without inputs a–g", family: .completeness, severity: .error,
        rationale: "Clause 9.3.2: a management review considers (a) actions from previous reviews, (b) changes in issues, (c) changes in interested parties' needs, (d) performance feedback, (e) interested parties' feedback, (f) risk assessment results and the treatment plan, (g) opportunities for improvement. A completed review must say what was presented for each; the template's clause headings do not count.",
        triggering: [
            RuleExample("reviews/MR-2026-1.md", HollowRules.exampleReview(HollowRules.exampleInputs.replacingOccurrences(of: "inputs:", with: "↓inputs:")
                .replacingOccurrences(of: "  g: Automate the access review export.\n", with: "").replacingOccurrences(of: "  g: Automate the access review export.", with: "")
                + "\ndecisions: [Keep the scope.]"), note: "input g missing"),
            RuleExample("reviews/MR-2026-1.md", HollowRules.exampleReview("""
            ↓inputs:
              a: Status of actions from previous management reviews.
              b: Changes in external and internal issues.
              c: Changes in needs and expectations of interested parties.
              d: Feedback on information security performance.
              e: Feedback from interested parties.
              f: Results of risk assessment and status of the risk treatment plan.
              g: Opportunities for continual improvement.
            decisions: [Keep the scope.]
            """), note: "still the template's headings"),
        ],
        nonTriggering: [
            RuleExample("reviews/MR-2026-1.md", HollowRules.exampleReview(HollowRules.exampleInputs + "\ndecisions: [Keep the scope.]")),
            RuleExample("reviews/MR-2026-1.md", HollowRules.exampleReview("""
            inputs:
              a: Status of actions from previous management reviews.
            """, status: "planned"), note: "a planned review's inputs are its agenda"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.managementReview).compactMap { doc in
            guard doc.status == "complete" else { return nil }
            var missing: [String] = [], template: [String] = []
            let inputs = doc.value("inputs")
            for key in Enumerations.reviewInputs {
                let text = inputs?.mapping?[key].flatMap { YAMLValue.scalars($0.value).map(\.text).joined(separator: " ") }?
                    .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                if text.isEmpty { missing.append(key) }
                else if HollowRules.normalized(text) == HollowRules.reviewInputPlaceholders[key] { template.append(key) }
            }
            guard !missing.isEmpty || !template.isEmpty else { return nil }
            var parts: [String] = []
            if !missing.isEmpty { parts.append("no input \(missing.joined(separator: ", "))") }
            if !template.isEmpty { parts.append("input\(template.count == 1 ? "" : "s") \(template.joined(separator: ", ")) still the template's clause heading\(template.count == 1 ? "" : "s")") }
            return finding(doc, doc.position(of: "inputs"),
                           "management review \(doc.id ?? doc.path) is complete but has \(parts.joined(separator: "; ")): record what was presented for each of inputs a–g (clause 9.3.2)")
        }
    }
}
