import ISMSModel

struct DateInvalidRule: SchemaIssueRule {
    static let kind = SchemaIssue.Kind.invalidDate
    static let description = RuleDescription(
        id: "date-invalid", name: "Date missing its form or impossible", family: .schema, severity: .error,
        rationale: "Review, approval and expiry dates are what an auditor checks first; 2026-02-30 or 01/02/2026 cannot be compared with anything.",
        triggering: [RuleExample("policies/p.md", examplePolicy("effective: ↓2026-02-30\nlast_reviewed: 2026-01-10", status: "approved")),
                     RuleExample("policies/p.md", examplePolicy("effective: ↓01/02/2026\nlast_reviewed: 2026-01-10", status: "approved"))],
        nonTriggering: [RuleExample("policies/p.md", examplePolicy("effective: 2024-02-29\nlast_reviewed: 2026-01-10", status: "approved"))])
}
