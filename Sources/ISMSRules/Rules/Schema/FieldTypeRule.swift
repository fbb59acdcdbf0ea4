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
                     RuleExample("policies/p.md", "---\nid: POL-1\ntype: policy\ntitle: T\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: draft\nreview_every: ↓10000 years\n---\n",
                                 note: "a duration must be from 1 to 100 years: longer leaves the calendar"),
                     RuleExample("risk-methodology.md", CompletenessRules.exampleMethodology.replacingOccurrences(of: "acceptance_threshold: 8", with: "acceptance_threshold: ↓4611686018427387904"),
                                 note: "numbers in documents are whole numbers from 0 to 1000000"),
                     RuleExample("controls/5.1.md", "---\nid: \"5.1\"\ntype: control\ntitle: Policies for information security\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: draft\nreview_every: 1 year\napplicable: ↓yes\njustification: Needed.\nimplementation: implemented\n---\n", catalog: ["5.1"])],
        nonTriggering: [RuleExample("policies/p.md", examplePolicy("annex_a: [\"5.15\", 5.18]\nclauses: [6.1.2]"))])
}
