import ISMSModel

struct TypeUnknownRule: SchemaIssueRule {
    static let kind = SchemaIssue.Kind.unknownType
    static let description = RuleDescription(
        id: "type-unknown", name: "Document type missing or unknown", family: .schema, severity: .error,
        rationale: "The `type:` key decides what a document is and which fields it needs; without a known type nothing else about it can be checked.",
        triggering: [RuleExample("policies/p.md", "---\nid: POL-1\ntype: ↓polcy\ntitle: T\nowner: alice\n---\n"),
                     RuleExample("policies/q.md", "↓---\nid: POL-2\ntitle: T\nowner: alice\n---\n")],
        nonTriggering: [RuleExample("policies/p.md", examplePolicy())])
}
