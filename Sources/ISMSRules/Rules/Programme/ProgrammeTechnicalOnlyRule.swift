import ISMSModel

struct ProgrammeTechnicalOnlyRule: Rule {
    static let description = RuleDescription(
        id: "programme-technical-only", name: "Internal audits look only at technical controls", family: .programme, severity: .warning,
        rationale: "Clause 9.2.1 a: internal audits find out whether the ISMS conforms to the organisation's own requirements and to ISO/IEC 27001 — clauses 4 to 10 — not only whether firewalls, encryption and logs work. Programmes drift towards technological controls (Annex A 8.x) because they are easy to test, yet the most valuable findings come from governance, processes and ownership: context, leadership, risk assessment, competence, management review, corrective action, and organisational controls such as 5.18 access rights, where responsibility blurs between HR, IT and security. ISO/IEC 27007 (Annex A) gives guidance for auditing each clause, and a certification body (ISO/IEC 17021-1 9.1.3) samples clauses at every surveillance. Reported when the cycle's internal audits scope no clause and only 8.x controls.",
        triggering: [
            RuleExample([
                "isms.yml": ProgrammeRules.exampleConfiguration(),
                "audits/programme.md": ProgrammeRules.exampleProgramme("AUD-2025-02, AUD-2026-01", marked: true),
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13",
                                                                     scope: "  controls: [8.5, 8.8, 8.20]"),
                "audits/AUD-2026-01.md": ProgrammeRules.exampleAudit("AUD-2026-01", status: "planned", start: "2026-09-14",
                                                                     scope: "  controls: [8.13, 8.15, 8.24]"),
                "people.md": RuleExample.people,
            ], catalog: [], note: "authentication, vulnerabilities, network security, backup, logging and cryptography — and nothing else"),
        ],
        nonTriggering: [
            RuleExample([
                "isms.yml": ProgrammeRules.exampleConfiguration(),
                "audits/programme.md": ProgrammeRules.exampleProgramme("AUD-2025-02, AUD-2026-01"),
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13",
                                                                     scope: "  controls: [8.5, 8.8, 8.20]"),
                "audits/AUD-2026-01.md": ProgrammeRules.exampleAudit("AUD-2026-01", status: "planned", start: "2026-09-14",
                                                                     scope: "  controls: [5.18, 8.13]\n  clauses: [6.1, 9.3]"),
                "people.md": RuleExample.people,
            ], catalog: [], note: "the second audit looks at access rights (5.18), risk (6.1) and management review (9.3)"),
            RuleExample([
                "isms.yml": ProgrammeRules.exampleConfiguration(),
                "audits/AUD-2025-01.md": ProgrammeRules.exampleAudit("AUD-2025-01", status: "complete", start: "2025-02-17",
                                                                     scope: "  controls: [5.1, 5.18]\n" + ProgrammeRules.allClauses),
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13",
                                                                     scope: "  controls: [8.5, 8.8]\n  clauses: [9.1]"),
                "people.md": RuleExample.people,
            ], catalog: [], note: "a clause in scope: not technical only"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        guard let coverage = ProgrammeCoverage.coverage(context.isms), !coverage.audits.isEmpty else { return [] }
        let audits = coverage.audits
        let controls = audits.flatMap(\.controls)
        guard audits.allSatisfy({ $0.clauses.isEmpty }), !controls.isEmpty, controls.allSatisfy({ $0.hasPrefix("8.") }) else { return [] }
        let place = ProgrammeRules.location(context.isms)
        return [finding(place.path, place.position,
                        "the internal audits of the certification cycle (\(ProgrammeRules.list(audits.map(\.id)))) scope only technological controls (Annex A 8.x) and no clause: the management system itself — context and scope (4), leadership and policy (5), risk assessment and treatment (6, 8.2, 8.3), competence and awareness (7), internal audit, management review (9) and corrective action (10) — and the organisational, people and physical controls go unaudited; add clauses and governance controls (5.x) to their scope")]
    }
}
