import ISMSModel

struct SurveillancePreviousFindingsRule: Rule {
    static let description = RuleDescription(
        id: "surveillance-previous-findings", name: "Surveillance audit that does not review earlier findings", family: .programme, severity: .error,
        rationale: "ISO/IEC 17021-1 9.6.2.2: every surveillance audit reviews the actions taken on nonconformities identified during the previous audit; clause 9.2.2 asks the organisation to take the results of previous audits into account, and clause 10.2 to review the effectiveness of each corrective action. The record of a surveillance audit therefore shows, for every finding of an earlier audit that was still open when it started (open, in progress, or closed only after its start), that it was looked at: list it under scope.findings, or name it in the audit's report.",
        triggering: [
            RuleExample([
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13", scope: ProgrammeRules.allClauses),
                "audits/AUD-2026-SV1.md": ProgrammeRules.exampleAudit("AUD-2026-SV1", kind: "↓surveillance", status: "complete", start: "2026-05-12",
                                                                      scope: "  clauses: [9.2, 9.3, 10.2]\n  findings: [F-003]"),
                "findings/F-001.md": ProgrammeRules.exampleFinding("F-001", audit: "AUD-2025-02", "status: open\nraised: 2025-10-16\ndue: 2026-09-30"),
                "findings/F-002.md": ProgrammeRules.exampleFinding("F-002", audit: "AUD-2025-02", "status: closed\nraised: 2025-10-16\ndue: 2026-06-30\nclosed: 2026-06-01\nroot_cause: No checklist.\ncorrective_action: A checklist."),
                "findings/F-003.md": ProgrammeRules.exampleFinding("F-003", audit: "AUD-2025-02", "status: in-progress\nraised: 2025-10-16\ndue: 2026-09-30"),
                "people.md": RuleExample.people,
            ], note: "F-001 (open) and F-002 (closed only after the surveillance started) were not reviewed"),
            RuleExample([
                "audits/AUD-2025-S2.md": ProgrammeRules.exampleAudit("AUD-2025-S2", kind: "stage2", status: "complete", start: "2025-05-27", scope: ProgrammeRules.allClauses),
                "audits/AUD-2026-SV1.md": ProgrammeRules.exampleAudit("AUD-2026-SV1", kind: "↓surveillance", status: "in-progress", start: "2026-05-26",
                                                                      scope: "  clauses: [9.2, 10.2]",
                                                                      body: "\nF-2026-10 was closed on 2026-02-03; the auditor sampled its evidence.\n"),
                "findings/F-2026-1.md": ProgrammeRules.exampleFinding("F-2026-1", audit: "AUD-2025-S2", "status: in-progress\nraised: 2025-05-29\ndue: 2026-08-29"),
                "findings/F-2026-10.md": ProgrammeRules.exampleFinding("F-2026-10", audit: "AUD-2025-S2", "status: open\nraised: 2025-05-29\ndue: 2026-08-29"),
                "people.md": RuleExample.people,
            ], note: "the report names F-2026-10, which is not F-2026-1; findings of certification audits count too"),
        ],
        nonTriggering: [
            RuleExample([
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13", scope: ProgrammeRules.allClauses),
                "audits/AUD-2026-SV1.md": ProgrammeRules.exampleAudit("AUD-2026-SV1", kind: "surveillance", status: "complete", start: "2026-05-12",
                                                                      scope: "  clauses: [9.2, 9.3, 10.2]\n  findings: [F-001]",
                                                                      body: "\n## Earlier findings\n\n- F-002: the new restore checklist was sampled for March and April; effective.\n"),
                "findings/F-001.md": ProgrammeRules.exampleFinding("F-001", audit: "AUD-2025-02", "status: open\nraised: 2025-10-16\ndue: 2026-09-30"),
                "findings/F-002.md": ProgrammeRules.exampleFinding("F-002", audit: "AUD-2025-02", "status: closed\nraised: 2025-10-16\ndue: 2026-06-30\nclosed: 2026-06-01\nroot_cause: No checklist.\ncorrective_action: A checklist."),
                "findings/F-003.md": ProgrammeRules.exampleFinding("F-003", audit: "AUD-2025-02", "status: closed\nraised: 2025-10-16\ndue: 2026-01-30\nclosed: 2026-01-20\nroot_cause: No review.\ncorrective_action: A review."),
                "findings/F-004.md": ProgrammeRules.exampleFinding("F-004", audit: "AUD-2026-SV1", "status: open\nraised: 2026-05-13\ndue: 2026-08-13"),
                "people.md": RuleExample.people,
            ], note: "F-001 is in scope, F-002 is named in the report, F-003 was closed before the audit, F-004 is the audit's own"),
            RuleExample([
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13", scope: ProgrammeRules.allClauses),
                "audits/AUD-2026-SV1.md": ProgrammeRules.exampleAudit("AUD-2026-SV1", kind: "surveillance", status: "planned", start: "2026-09-15",
                                                                      scope: "  clauses: [9.2, 10.2]"),
                "findings/F-001.md": ProgrammeRules.exampleFinding("F-001", audit: "AUD-2025-02", "status: open\nraised: 2025-10-16\ndue: 2026-09-30"),
                "people.md": RuleExample.people,
            ], note: "a planned surveillance audit has not started yet"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let isms = context.isms
        let audits = ProgrammeCoverage.audits(isms)
        let byID = Dictionary(audits.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let findings = isms.documents(.finding)
        return audits.compactMap { audit in
            guard audit.kind == "surveillance", audit.status == "complete" || audit.status == "in-progress", let start = audit.start else { return nil }
            let text = audit.document.text ?? ""
            let due = findings.filter { f in
                guard let id = f.id, let source = f.string("audit"), source != audit.id else { return false }
                if let earlier = byID[source] {
                    guard let s = earlier.start, s < start else { return false }
                } else {
                    guard f.day("raised").map({ $0 < start }) ?? false else { return false }
                }
                if let raised = f.day("raised"), raised >= start { return false }
                switch f.status {
                case "open", "in-progress": break
                case "closed", "verified": guard let closed = f.day("closed"), closed > start else { return false }
                default: return false
                }
                return !audit.findings.contains(id) && !Self.mentions(text, id)
            }.compactMap(\.id).sorted()
            guard !due.isEmpty else { return nil }
            let doc = audit.document
            let what = due.count == 1 ? "finding \(due[0]) of an earlier audit, open when it started on \(start), is" : "findings \(ProgrammeRules.list(due)) of earlier audits, open when it started on \(start), are"
            return finding(doc, doc.valuePosition(of: "kind"),
                           "surveillance audit \(audit.id) does not show that it reviewed the corrective actions on earlier findings: \(what) neither under scope.findings nor named in its report — list \(due.count == 1 ? "it" : "them") under scope.findings and record what the review found")
        }
    }

    /// Whether `text` names `id` as a whole identifier (F-1 is not named by F-10).
    static func mentions(_ text: String, _ id: String) -> Bool {
        func isIDCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" }
        var from = text.startIndex
        while let r = text.range(of: id, range: from..<text.endIndex) {
            let beforeOK = r.lowerBound == text.startIndex || !isIDCharacter(text[text.index(before: r.lowerBound)])
            var afterOK = r.upperBound == text.endIndex || !isIDCharacter(text[r.upperBound])
            if afterOK, r.upperBound < text.endIndex, text[r.upperBound] == "." {
                let next = text.index(after: r.upperBound)
                afterOK = next == text.endIndex || !(text[next].isLetter || text[next].isNumber)
            }
            if beforeOK && afterOK { return true }
            from = r.upperBound
        }
        return false
    }
}
