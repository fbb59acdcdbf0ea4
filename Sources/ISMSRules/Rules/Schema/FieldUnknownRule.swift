import ISMSModel

struct FieldUnknownRule: SchemaIssueRule {
    static let kind = SchemaIssue.Kind.unknownField
    static let description = RuleDescription(
        id: "field-unknown", name: "Field the document model does not know", family: .schema, severity: .warning,
        rationale: "A misspelt key (`ower:`, `last_reveiwed:`) silently drops the fact it was meant to record.",
        triggering: [RuleExample("policies/p.md", examplePolicy("↓last_reveiwed: 2026-01-10"))],
        nonTriggering: [RuleExample("policies/p.md", examplePolicy("tags: [access]"))])
}
