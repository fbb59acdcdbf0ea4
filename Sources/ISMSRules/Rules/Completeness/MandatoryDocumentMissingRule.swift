import ISMSModel

struct MandatoryDocumentMissingRule: Rule {
    static let description = RuleDescription(
        id: "mandatory-document-missing", name: "Mandatory documented information missing", family: .completeness, severity: .error,
        rationale: "Clause 7.5.1 a: the ISMS includes the documented information the standard requires — the scope (4.3), the information security policy (5.2), the risk assessment and treatment processes (6.1.2, 6.1.3), the objectives (6.2), evidence of competence (7.2), risk assessment and treatment results (8.2, 8.3), monitoring results (9.1), the audit programme (9.2), management review results (9.3) and nonconformities with their corrective actions (10.2). A certification audit stops at the first one missing.",
        triggering: [
            RuleExample(Self.example(removing: "scope.md"), note: "no scope (4.3)"),
            RuleExample(Self.example(replacing: "policies/information-security.md",
                                     with: CompletenessRules.exampleDocument("POL-IS", type: "policy", title: "Information security policy", "level: top", status: "retired")),
                        note: "the only top-level policy is retired (5.2)"),
            RuleExample(Self.example(replacing: "risk-methodology.md",
                                     with: CompletenessRules.exampleDocument("PROC-RT", type: "procedure", title: "Risk treatment", "clauses: [6.1.3]")),
                        note: "a document listing 6.1.3 covers risk treatment, not risk assessment (6.1.2)"),
        ],
        nonTriggering: [
            RuleExample(Self.complete),
            RuleExample(Self.example(replacing: "audits/programme.md",
                                     with: CompletenessRules.exampleDocument("PROC-AUDIT", type: "procedure", title: "Internal audit", "clauses: [9.2.2]"), marked: false),
                        note: "a document listing 9.2.2 covers clause 9.2"),
        ])

    static let complete: [String: String] = [
        "isms.yml": "version: 1\norganisation: Example Ltd\n",
        "people.md": RuleExample.people,
        "scope.md": CompletenessRules.exampleDocument("SCOPE", type: "scope", title: "ISMS scope"),
        "policies/information-security.md": CompletenessRules.exampleDocument("POL-IS", type: "policy", title: "Information security policy", "level: top"),
        "risk-methodology.md": CompletenessRules.exampleMethodology,
        "objectives/OBJ-1.md": CompletenessRules.exampleDocument("OBJ-1", type: "objective", title: "Patch critical vulnerabilities quickly",
                                                                  "metric: Median days to patch a critical vulnerability\ntarget: 14 days or fewer\ndue: 2026-12-31"),
        "procedures/competence.md": CompletenessRules.exampleDocument("PROC-COMP", type: "procedure", title: "Competence and awareness", "clauses: [7.2]"),
        "procedures/improvement.md": CompletenessRules.exampleDocument("PROC-IMP", type: "procedure", title: "Monitoring, nonconformity and corrective action", "clauses: [9.1, 10.2]"),
        "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate"),
        "audits/programme.md": CompletenessRules.exampleDocument("AUDIT-PROG", type: "audit-programme", title: "Internal audit programme 2026", "audits: [AUD-2026-1]"),
        "reviews/MR-2026-1.md": """
        ---
        id: MR-2026-1
        type: management-review
        title: Management review 2026
        owner: carol
        status: planned
        date: 2026-09-15
        attendees: [carol, alice]
        ---
        # Management review 2026
        """,
    ]

    static func example(removing path: String? = nil, replacing: String? = nil, with text: String = "", marked: Bool = true) -> [String: String] {
        var files = complete
        if let path { files[path] = nil }
        if let replacing { files[replacing] = text }
        if marked { files["isms.yml"] = "↓" + files["isms.yml"]! }
        return files
    }

    /// Clause, what it requires, the document types that cover it (beyond a `clauses:` entry), and what to add.
    static let clauses: [(clause: String, subject: String, covers: @Sendable (Document) -> Bool, remedy: String)] = [
        ("4.3", "the ISMS scope", { $0.type == .scope }, "add a scope document (type: scope)"),
        ("5.2", "the information security policy", { $0.type == .policy && $0.string("level") == "top" },
         "mark the information security policy with level: top, or write one"),
        ("6.1.2", "the risk assessment process", { $0.type == .riskMethodology }, "add a risk methodology (type: risk-methodology)"),
        ("6.1.3", "the risk treatment process", { $0.type == .riskMethodology },
         "add a risk methodology (type: risk-methodology), or list 6.1.3 under clauses: in the document describing risk treatment"),
        ("6.2", "the information security objectives", { $0.type == .objective }, "add an objective (type: objective) with its metric, target and due date"),
        ("7.2", "evidence of competence", { _ in false },
         "list 7.2 under clauses: in the document or evidence record that shows competence (training records, a skills matrix)"),
        ("8.2", "the results of risk assessment", { $0.type == .risk }, "record the assessed risks (type: risk)"),
        ("8.3", "the results of risk treatment", { $0.type == .risk }, "record the risks and their treatment (type: risk)"),
        ("9.1", "monitoring and measurement results", { _ in false },
         "list 9.1 under clauses: in the document or evidence record that holds monitoring and measurement results"),
        ("9.2", "the internal audit programme", { $0.type == .auditProgramme }, "add an audit programme (type: audit-programme)"),
        ("9.3", "the results of management review", { $0.type == .managementReview }, "record a management review (type: management-review)"),
        ("10.2", "nonconformity and corrective action", { _ in false },
         "list 10.2 under clauses: in the nonconformity and corrective action procedure"),
    ]

    /// Whether a `clauses:` entry covers `clause`: the clause itself or one of its sub-clauses ("9.2.2" covers 9.2).
    static func entry(_ listed: String, covers clause: String) -> Bool {
        listed == clause || listed.hasPrefix(clause + ".")
    }

    func check(_ context: RuleContext) -> [Finding] {
        let current = context.isms.documents.filter { $0.status != "retired" }
        let listed = current.flatMap { $0.strings("clauses") }
        let path = CompletenessRules.ismsLocation(context.isms)
        return Self.clauses.compactMap { c in
            guard !current.contains(where: c.covers), !listed.contains(where: { Self.entry($0, covers: c.clause) }) else { return nil }
            return finding(path, .start, "no current documented information for clause \(c.clause) (\(c.subject)): \(c.remedy)")
        }
    }
}
