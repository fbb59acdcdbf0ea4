import ISMSModel

struct ProgrammeUnplannedCoverageRule: Rule {
    static let description = RuleDescription(
        id: "programme-unplanned-coverage", name: "Coverage that rests on planned audits only", family: .programme, severity: .info,
        rationale: "Clause 9.2.2 asks for documented information as evidence of the audit programme's implementation, not only of its plan. A clause or control that only planned audits cover counts towards the plan, not yet towards coverage: if that audit slips past the end of the certification cycle (ISO/IEC 17021-1 9.1.3: three years from the certification decision), the item goes unaudited, and a recertification audit looks for evidence across the whole cycle (ISO/IEC 27007 5.5: monitor the programme's progress against its objectives). Reported once per planned internal audit, at its status, with the items that rest on it.",
        triggering: [
            RuleExample([
                "isms.yml": ProgrammeRules.exampleConfiguration(),
                "controls/5.1.md": ProgrammeRules.exampleControl("5.1"),
                "controls/8.8.md": ProgrammeRules.exampleControl("8.8"),
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13",
                                                                     scope: "  controls: [5.1]\n  clauses: [4, 5, 6, 7, 8, 9]"),
                "audits/AUD-2027-01.md": ProgrammeRules.exampleAudit("AUD-2027-01", status: "↓planned", start: "2027-03-08",
                                                                     scope: "  controls: [8.8]\n  clauses: [10]"),
                "people.md": RuleExample.people,
            ], catalog: ["5.1", "8.8"], note: "8.8, 10.1 and 10.2 have been audited by nobody yet: they rest on AUD-2027-01"),
        ],
        nonTriggering: [
            RuleExample([
                "isms.yml": ProgrammeRules.exampleConfiguration(),
                "controls/5.1.md": ProgrammeRules.exampleControl("5.1"),
                "controls/8.8.md": ProgrammeRules.exampleControl("8.8"),
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13",
                                                                     scope: "  controls: [5.1, 8.8]\n" + ProgrammeRules.allClauses),
                "audits/AUD-2027-01.md": ProgrammeRules.exampleAudit("AUD-2027-01", status: "planned", start: "2027-03-08",
                                                                     scope: "  controls: [8.8]\n  clauses: [10]"),
                "people.md": RuleExample.people,
            ], catalog: ["5.1", "8.8"], note: "the planned audit re-audits what a complete one already covered"),
            RuleExample([
                "isms.yml": ProgrammeRules.exampleConfiguration(),
                "controls/8.8.md": ProgrammeRules.exampleControl("8.8"),
                "audits/AUD-2026-02.md": ProgrammeRules.exampleAudit("AUD-2026-02", status: "in-progress", start: "2026-05-18",
                                                                     scope: "  controls: [8.8]\n" + ProgrammeRules.allClauses),
                "people.md": RuleExample.people,
            ], catalog: ["8.8"], note: "an audit in progress is under way, not a plan"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        guard let coverage = ProgrammeCoverage.coverage(context.isms) else { return [] }
        var resting: [String: [ProgrammeCoverage.Item]] = [:]
        var others: [ProgrammeCoverage.Item: [String]] = [:]
        for item in coverage.items {
            let audits = coverage.audits(covering: item)
            guard !audits.isEmpty, audits.allSatisfy(\.isPlanned) else { continue }
            for a in audits { resting[a.id, default: []].append(item) }
            others[item] = audits.map(\.id)
        }
        return coverage.audits.filter(\.isPlanned).compactMap { audit in
            guard let items = resting[audit.id], !items.isEmpty else { return nil }
            let shared = items.filter { (others[$0]?.count ?? 0) > 1 }
            let also = shared.isEmpty ? "" : " (" + shared.map { item in "\(item.id) is also planned in " + ProgrammeRules.list(others[item]!.filter { $0 != audit.id }) }.joined(separator: "; ") + ")"
            let when = audit.start.map { ", starting \($0)," } ?? ""
            let doc = audit.document
            return finding(doc, doc.valuePosition(of: "status"),
                           "audit \(audit.id) is planned\(when) and no audit of the cycle has yet covered \(ProgrammeRules.describe(items))\(also): they count towards the plan, not yet towards coverage — hold the audit before \(coverage.cycle.end), when the certification cycle ends, and record it as complete")
        }
    }
}
