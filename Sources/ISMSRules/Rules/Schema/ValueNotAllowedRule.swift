import ISMSModel

struct ValueNotAllowedRule: SchemaIssueRule {
    static let kind = SchemaIssue.Kind.notAllowed
    static let description = RuleDescription(
        id: "value-not-allowed", name: "Value outside its allowed set", family: .schema, severity: .error,
        rationale: "Statuses, severities, treatments and classification levels are fixed vocabularies; 'aproved' is not approved, and a classification the scheme does not define cannot be handled.",
        triggering: [RuleExample("policies/p.md", examplePolicy("classification: ↓secret")),
                     RuleExample("policies/p.md", "---\nid: POL-1\ntype: policy\ntitle: T\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: ↓aproved\nreview_every: 1 year\n---\n")],
        nonTriggering: [RuleExample("policies/p.md", examplePolicy("classification: confidential"))])
}
