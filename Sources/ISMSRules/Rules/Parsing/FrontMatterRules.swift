import ISMSModel

struct FrontMatterMissingRule: DocumentProblemRule {
    static let kinds: [DocumentProblem.Kind] = [.frontMatterMissing]
    static let description = RuleDescription(
        id: "front-matter-missing", name: "Markdown file without front matter", family: .parsing, severity: .error,
        rationale: "Clause 7.5.2 a: every controlled document is identified (id, title, owner). A Markdown file under the ISMS root with no front matter cannot be; list it under `ignore:` in isms.yml if it is not part of the ISMS.",
        triggering: [RuleExample("policies/p.md", "↓# Access control\n\nNo front matter.\n"),
                     RuleExample("policies/q.md", "↓---\n---\n# Empty front matter\n")],
        nonTriggering: [RuleExample("README.md", "# Ignored by default\n")])
}

struct FrontMatterUnclosedRule: DocumentProblemRule {
    static let kinds: [DocumentProblem.Kind] = [.frontMatterUnclosed]
    static let description = RuleDescription(
        id: "front-matter-unclosed", name: "Front matter never closed", family: .parsing, severity: .error,
        rationale: "Without the closing `---` the whole file would be read as YAML; nothing in it can be trusted.",
        triggering: [RuleExample("policies/p.md", "↓---\nid: POL-1\ntype: policy\n# Heading\n")],
        nonTriggering: [RuleExample("policies/p.md", "---\nid: POL-1\ntype: policy\ntitle: T\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: draft\nreview_every: 1 year\n...\n# Closed with dots\n")])
}

struct YAMLSyntaxRule: DocumentProblemRule {
    static let kinds: [DocumentProblem.Kind] = [.yamlSyntax, .frontMatterNotMapping]
    static let description = RuleDescription(
        id: "yaml-syntax", name: "Front matter is not valid YAML", family: .parsing, severity: .error,
        rationale: "Front matter that does not parse says nothing about the document; the error is reported where the YAML parser stopped.",
        triggering: [RuleExample("policies/p.md", "---\nid: POL-1\ntitle: [unclosed\n↓---\n"),
                     RuleExample("policies/q.md", "---\n↓- just\n- a list\n---\n")],
        nonTriggering: [RuleExample("policies/p.md", "---\nid: POL-1\ntype: policy\ntitle: \"Quoted: fine\"\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: draft\nreview_every: 1 year\n---\n")])
}

struct YAMLDuplicateKeyRule: DocumentProblemRule {
    static let kinds: [DocumentProblem.Kind] = [.duplicateKey]
    static let description = RuleDescription(
        id: "yaml-duplicate-key", name: "Key given twice", family: .parsing, severity: .error,
        rationale: "With a key written twice, which value counts depends on the parser; an approver or version must never be ambiguous.",
        triggering: [RuleExample("policies/p.md", "---\nid: POL-1\nowner: alice\n↓owner: bob\n---\n")],
        nonTriggering: [RuleExample("policies/p.md", "---\nid: POL-1\ntype: policy\ntitle: T\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: draft\nreview_every: 1 year\n---\n")])
}

struct YAMLTooComplexRule: DocumentProblemRule {
    static let kinds: [DocumentProblem.Kind] = [.yamlTooComplex]
    static let description = RuleDescription(
        id: "yaml-too-complex", name: "Front matter too deep or too large", family: .parsing, severity: .error,
        rationale: "Aliases can make a few hundred bytes expand to billions of values (the 'billion laughs'); the reader stops at a fixed bound so a hostile pull request cannot exhaust memory.",
        triggering: [RuleExample("policies/p.md", """
        ---
        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
        ↓e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
        ---
        """)],
        nonTriggering: [RuleExample("policies/p.md", "---\nid: POL-1\ntype: policy\ntitle: T\nowner: &o alice\napprover: carol\nversion: \"1.0\"\nstatus: draft\nreview_every: 1 year\ntags: [*o]\n---\n")])
}
