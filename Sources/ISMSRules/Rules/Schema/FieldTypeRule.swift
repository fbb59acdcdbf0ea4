import ISMSModel

struct FieldTypeRule: SchemaIssueRule {
    static let kind = SchemaIssue.Kind.wrongType
    static let description = RuleDescription(
        id: "field-type", name: "Field has the wrong shape", family: .schema, severity: .error,
        rationale: "A list where one value is expected (two owners), text where a version or duration is expected, or `yes` for a boolean makes the document ambiguous to a reader and to every other check.",
        triggering: [RuleExample("policies/p.md", examplePolicy("annex_a: ↓5.15")),
                     RuleExample("policies/p.md", "---\nid: POL-1\ntype: policy\ntitle: T\nowner: alice\napprover: carol\nversion: ↓one\nstatus: draft\nreview_every: 1 year\n---\n"),
                     RuleExample("policies/p.md", "---\nid: POL-1\ntype: policy\ntitle: T\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: draft\nreview_every: ↓yearly\n---\n"),
                     RuleExample("policies/p.md", "---\nid: POL-1\ntype: policy\ntitle: T\nowner: alice\napprover: carol\nversion: ↓1.2.0\nstatus: draft\nreview_every: 1 year\n---\n", note: "three parts: the documented form is MAJOR.MINOR"),
                     RuleExample("controls/5.1.md", "---\nid: \"5.1\"\ntype: control\ntitle: Policies for information security\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: draft\nreview_every: 1 year\napplicable: ↓yes\njustification: Needed.\nimplementation: implemented\n---\n", catalog: ["5.1"])],
        nonTriggering: [RuleExample("policies/p.md", examplePolicy("annex_a: [\"5.15\", 5.18]\nclauses: [6.1.2]"))])
}
