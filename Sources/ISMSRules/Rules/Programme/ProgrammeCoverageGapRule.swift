import ISMSModel

struct ProgrammeCoverageGapRule: Rule {
    static let description = RuleDescription(
        id: "programme-coverage-gap", name: "Clause or applicable control no internal audit covers in the cycle", family: .programme, severity: .error,
        rationale: "Clause 9.2.2: the organisation plans an audit programme whose audits, together, cover the ISMS — the requirements of clauses 4 to 10 and the controls it applies. ISO/IEC 27007 (5.3, A.1) sets the programme's extent so that over the certification cycle it covers the whole scope, every clause and every control in the Statement of Applicability; ISO/IEC 17021-1 (9.1.3) puts that cycle at three years from the certification decision, and a recertification audit reviews the whole of it. Not every control every year: every clause 4.1–10.2 and every applicable control at least once in the cycle, in the scope of an internal audit that is complete, in progress or planned. A scope clause covers its parent (9.2.2 covers 9.2) and a parent covers its sub-clauses (9 covers 9.1–9.3). Without a certification date the cycle starts at the first internal audit.",
        triggering: [
            RuleExample([
                "isms.yml": ProgrammeRules.exampleConfiguration(),
                "controls/5.1.md": ProgrammeRules.exampleControl("5.1"),
                "controls/7.8.md": ProgrammeRules.exampleControl("7.8", applicable: false),
                "controls/8.8.md": ProgrammeRules.exampleControl("8.8", marked: true),
                "audits/programme.md": ProgrammeRules.exampleProgramme("AUD-2025-01, AUD-2025-02", marked: true),
                "audits/AUD-2025-01.md": ProgrammeRules.exampleAudit("AUD-2025-01", status: "complete", start: "2025-02-17",
                                                                     scope: "  controls: [8.8]\n  clauses: [10]"),
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13",
                                                                     scope: "  controls: [5.1]\n  clauses: [4, 5, 6, 7, 8, 9.1, 9.2.2, 9.3, 10.1]"),
                "people.md": RuleExample.people,
            ], catalog: ["5.1", "7.8", "8.8"],
               note: "control 8.8 and clause 10.2 were audited only in AUD-2025-01, before the certification decision of 2025-06-20 that starts the cycle"),
            RuleExample([
                "isms.yml": "↓version: 1\norganisation: Example Ltd\n",
                "audits/AUD-2025-S2.md": ProgrammeRules.exampleAudit("AUD-2025-S2", kind: "stage2", status: "complete", start: "2025-05-27",
                                                                     scope: ProgrammeRules.allClauses),
                "people.md": RuleExample.people,
            ], catalog: [], note: "no internal audit at all (a certification audit is not one): one finding, not one per clause"),
            RuleExample([
                "isms.yml": "version: 1\n",
                "controls/C-RESTORE-TEST.md": ProgrammeRules.exampleControl("C-RESTORE-TEST", marked: true),
                "audits/AUD-2026-01.md": ProgrammeRules.exampleAudit("AUD-2026-01", status: "planned", start: "2026-09-14",
                                                                     scope: "  controls: [8.13]\n" + ProgrammeRules.allClauses),
                "people.md": RuleExample.people,
            ], catalog: [], note: "the organisation's own controls count too; with no certification date the cycle starts at the first internal audit"),
        ],
        nonTriggering: [
            RuleExample([
                "isms.yml": ProgrammeRules.exampleConfiguration(),
                "controls/5.1.md": ProgrammeRules.exampleControl("5.1"),
                "controls/7.8.md": ProgrammeRules.exampleControl("7.8", applicable: false),
                "controls/8.8.md": ProgrammeRules.exampleControl("8.8"),
                "audits/programme.md": ProgrammeRules.exampleProgramme("AUD-2025-02, AUD-2027-01"),
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13",
                                                                     scope: "  controls: [5.1]\n  clauses: [4, 5, 6, 7, 8, 9.1, 9.2.2, 9.3, 10]"),
                "audits/AUD-2027-01.md": ProgrammeRules.exampleAudit("AUD-2027-01", status: "planned", start: "2027-03-08",
                                                                     scope: "  controls: [8.8]"),
                "people.md": RuleExample.people,
            ], catalog: ["5.1", "7.8", "8.8"],
               note: "8.8 is in a planned audit of the cycle (that counts towards the plan); 7.8 is excluded, so it is not audited"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let isms = context.isms
        let place = ProgrammeRules.location(isms)
        let plan = "`isms audit plan` proposes a programme for the rest of the cycle"
        guard let coverage = ProgrammeCoverage.coverage(isms) else {
            return [finding(place.path, place.position,
                            "there is no internal audit (kind: internal), done or planned: plan internal audits that together cover every clause 4.1–10.2 and every applicable control within the certification cycle (set certification.date in isms.yml; \(plan))")]
        }
        let cycle = coverage.cycle
        guard !coverage.audits.isEmpty else {
            return [finding(place.path, place.position,
                            "no internal audit (kind: internal) is done, in progress or planned in the certification cycle \(cycle.start) – \(cycle.end): plan internal audits that together cover every clause 4.1–10.2 and every applicable control before \(cycle.end) (\(plan))")]
        }
        var out: [Finding] = []
        for item in coverage.items where coverage.audits(covering: item).isEmpty {
            let by = "in the scope of no internal audit of the certification cycle \(cycle.start) – \(cycle.end) (done, in progress or planned): it must be audited before \(cycle.end), when the cycle ends"
            switch item.kind {
            case .control:
                guard let doc = coverage.controlDocuments[item.id] else { continue }
                let title = doc.title.map { " '\($0)'" } ?? ""
                out.append(finding(doc, doc.valuePosition(of: "applicable"),
                                   "control \(item.id)\(title) is applicable but \(by) — add it to a planned internal audit's scope.controls (\(plan))"))
            case .clause:
                let title = ProgrammeCoverage.clauseTitle(item.id).map { " (\($0))" } ?? ""
                out.append(finding(place.path, place.position,
                                   "clause \(item.id)\(title) is \(by) — add it to a planned internal audit's scope.clauses (\(plan))"))
            }
        }
        return out
    }
}
