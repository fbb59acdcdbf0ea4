import ISMSModel

struct FieldRequiredRule: SchemaIssueRule {
    static let kind = SchemaIssue.Kind.required
    static let description = RuleDescription(
        id: "field-required", name: "Required field missing", family: .schema, severity: .error,
        rationale: "Clause 7.5.2: a controlled document is identified (id, title), owned, versioned, and reviewed and approved before use. Each type's required fields are listed in the document model.",
        triggering: [RuleExample("policies/p.md", "↓---\nid: POL-1\ntype: policy\ntitle: T\nowner: alice\nversion: \"1.0\"\nstatus: draft\nreview_every: 1 year\n---\n", note: "no approver"),
                     RuleExample("policies/p.md", "↓---\nid: POL-1\ntype: policy\ntitle: T\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: approved\neffective: 2026-01-10\nreview_every: 1 year\n---\n", note: "approved, but no last_reviewed"),
                     RuleExample("policies/p.md", "---\nid: POL-1\ntype: policy\ntitle: T\n↓owner:\napprover: carol\nversion: \"1.0\"\nstatus: draft\nreview_every: 1 year\n---\n", note: "owner left empty")],
        nonTriggering: [RuleExample("policies/p.md", examplePolicy()),
                        RuleExample("policies/p.md", examplePolicy("effective: 2026-01-10\nlast_reviewed: 2026-01-10", status: "approved"))])
}
