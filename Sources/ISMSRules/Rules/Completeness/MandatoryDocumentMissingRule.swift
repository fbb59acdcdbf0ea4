import ISMSModel

struct MandatoryDocumentMissingRule: Rule {
    static let description = RuleDescription(
        id: "mandatory-document-missing", name: "Mandatory documented information missing or not approved", family: .completeness, severity: .error,
        rationale: "Clause 7.5.1 a: the ISMS includes the documented information the standard requires, and clause 7.5.3 keeps it approved and current. What satisfies each clause: 4.3 a scope; 5.2 a policy with level: top; 6.1.2 and 6.1.3 a risk methodology (or a document listing the clause); 6.2 the objectives themselves (type: objective), an objectives register kept as an evidence record listing 6.2, or a document tagged objectives-register — not a policy that says how objectives are set; 7.2 competence evidence (evidence records listing 7.2, such as training records); 8.2 and 8.3 risk records; 9.1 monitoring results (evidence records listing 9.1, approved objectives whose status is tracked, or a completed management review recording input d); 9.2 the audit programme or audit records; 9.3 management review records; 10.2 nonconformity records (findings) with their corrective actions, or the procedure for them. Any document or record listing the clause (or a sub-clause) under clauses: also counts, except for 6.2. A document counts once approved; a draft or in-review one is reported where it stands, as present but not approved. Records count while current; audits once held (in progress or complete) and management reviews once complete, since a planned one has no results yet. A certification audit stops at the first item missing.",
        triggering: [
            RuleExample(Self.example(removing: "scope.md"), note: "no scope (4.3)"),
            RuleExample(Self.example(replacing: "policies/information-security.md",
                                     with: CompletenessRules.exampleDocument("POL-IS", type: "policy", title: "Information security policy", "level: top", status: "retired")),
                        note: "the only top-level policy is retired (5.2)"),
            RuleExample(Self.example(replacing: "risk-methodology.md",
                                     with: Self.approved("PROC-RT", type: "procedure", title: "Risk treatment", "clauses: [6.1.3]")),
                        note: "a document listing 6.1.3 covers risk treatment, not risk assessment (6.1.2)"),
            RuleExample(Self.example(replacing: "scope.md",
                                     with: CompletenessRules.exampleDocument("SCOPE", type: "scope", title: "ISMS scope", status: "↓draft"), marked: false),
                        note: "the scope is present but still a draft: reported on its status, not as missing"),
            RuleExample(Self.example(replacing: "reviews/MR-2026-1.md", with: Self.complete["reviews/MR-2026-1.md"]!.replacingOccurrences(of: "status: complete", with: "status: planned")),
                        note: "the only management review is still planned: it has no results yet (9.3)"),
            RuleExample(Self.example(removing: "objectives/OBJ-1.md", replacing: "policies/objectives.md",
                                     with: Self.approved("POL-OBJ", type: "policy", title: "How we set security objectives", "clauses: [6.2]")),
                        note: "objectives deleted; a policy on setting objectives lists 6.2, but it is not the objectives"),
        ],
        nonTriggering: [
            RuleExample(Self.complete),
            RuleExample(Self.example(replacing: "audits/programme.md",
                                     with: Self.approved("PROC-AUDIT", type: "procedure", title: "Internal audit", "clauses: [9.2.2]"), marked: false),
                        note: "a document listing 9.2.2 covers clause 9.2"),
            RuleExample(Self.recordsOnly, note: "records satisfy 7.2, 9.1, 9.2 and 10.2: competence evidence, an approved objective, audit records and findings — no procedure lists those clauses"),
        ])

    /// A document of the example ISMS, approved.
    static func approved(_ id: String, type: String, title: String, _ extra: String = "") -> String {
        CompletenessRules.exampleDocument(id, type: type, title: title, extra, status: "approved")
    }

    static let complete: [String: String] = [
        "isms.yml": "version: 1\norganisation: Example Ltd\n",
        "people.md": RuleExample.people,
        "scope.md": approved("SCOPE", type: "scope", title: "ISMS scope"),
        "policies/information-security.md": approved("POL-IS", type: "policy", title: "Information security policy", "level: top"),
        "risk-methodology.md": CompletenessRules.exampleMethodology.replacingOccurrences(of: "status: draft", with: "status: approved"),
        "objectives/OBJ-1.md": approved("OBJ-1", type: "objective", title: "Patch critical vulnerabilities quickly",
                                        "metric: Median days to patch a critical vulnerability\ntarget: 14 days or fewer\ndue: 2026-12-31"),
        "procedures/competence.md": approved("PROC-COMP", type: "procedure", title: "Competence and awareness", "clauses: [7.2]"),
        "procedures/improvement.md": approved("PROC-IMP", type: "procedure", title: "Monitoring, nonconformity and corrective action", "clauses: [9.1, 10.2]"),
        "risks/R-001.md": CompletenessRules.exampleRisk("likelihood: 3\nimpact: 4\ntreatment: mitigate"),
        "audits/programme.md": approved("AUDIT-PROG", type: "audit-programme", title: "Internal audit programme 2026", "audits: [AUD-2026-1]"),
        "reviews/MR-2026-1.md": """
        ---
        id: MR-2026-1
        type: management-review
        title: Management review 2026
        owner: carol
        status: complete
        date: 2026-03-15
        attendees: [carol, alice]
        ---
        # Management review 2026
        """,
    ]

    /// The complete ISMS without procedures for 7.2, 9.1, 10.2 or a programme document: its records satisfy those clauses.
    static var recordsOnly: [String: String] {
        var files = complete
        for p in ["procedures/competence.md", "procedures/improvement.md", "audits/programme.md"] { files[p] = nil }
        files["evidence/EV-TRAINING.md"] = FreshnessRules.exampleEvidence("collected: 2026-02-01\nvalid_for: 12 months\nclauses: [7.2]")
            .replacingOccurrences(of: "id: EV-ACCESS-REVIEW-Q1", with: "id: EV-TRAINING")
        files["audits/AUD-2026-1.md"] = FindingRules.exampleAudit
        files["findings/F-2026-03.md"] = FindingRules.exampleFinding("status: open\nraised: 2026-03-10\ndue: 2026-07-01")
        return files
    }

    static func example(removing path: String? = nil, replacing: String? = nil, with text: String = "", marked: Bool = true) -> [String: String] {
        var files = complete
        if let path { files[path] = nil }
        if let replacing { files[replacing] = text }
        if marked { files["isms.yml"] = "↓" + files["isms.yml"]! }
        return files
    }

    func check(_ context: RuleContext) -> [Finding] {
        let isms = context.isms
        let path = CompletenessRules.ismsLocation(isms)
        var out: [Finding] = []
        var unapproved: [(doc: Document, clauses: [String])] = []
        for r in MandatoryInformation.requirements {
            let candidates = r.candidates(isms)
            guard !candidates.contains(where: MandatoryInformation.counts) else { continue }
            let documents = candidates.filter { $0.type?.isControlledDocument == true }
            if documents.isEmpty {
                // Records that do not count yet (a planned review or audit, superseded evidence): say which.
                let pending = candidates.map { "\($0.id ?? $0.path) is \($0.status ?? "without a status")" }
                let notYet = pending.isEmpty ? "" : " (\(ProgrammeRules.list(pending)): no results yet)"
                // A document that lists the clause but cannot satisfy it (a policy on how objectives are set): say why.
                let listing = isms.documents.filter { doc in
                    doc.status != "retired" && MandatoryInformation.lists(doc, r.clause) && !candidates.contains { $0 === doc }
                }.compactMap(\.id)
                let not = listing.isEmpty ? "" : " (\(ProgrammeRules.list(listing)) \(listing.count == 1 ? "lists" : "list") \(r.clause) under clauses:, but saying how they are set is not \(r.subject))"
                out.append(finding(path, .start, "no current documented information for clause \(r.clause) (\(r.subject)): it is satisfied by \(r.satisfiedBy) — add one\(not)\(notYet)"))
                continue
            }
            // Present but not in force: the finding belongs on the draft, where approving it is the fix.
            for doc in documents {
                if let i = unapproved.firstIndex(where: { $0.doc === doc }) { unapproved[i].clauses.append(r.clause) } else { unapproved.append((doc, [r.clause])) }
            }
        }
        for (doc, clauses) in unapproved {
            let name = doc.id.map { "\($0) (\(doc.path))" } ?? doc.path
            let list = clauses.count == 1 ? "clause \(clauses[0])" : "clauses " + ProgrammeRules.list(clauses)
            out.append(finding(doc, doc.valuePosition(of: "status"),
                               "\(name) is the documented information for \(list), present but not approved (status: \(doc.status ?? "none")): mandatory documented information counts once approved — approve it (status: approved, with effective and last_reviewed)"))
        }
        return out
    }
}
