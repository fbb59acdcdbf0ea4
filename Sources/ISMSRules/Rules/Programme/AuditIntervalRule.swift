import ISMSModel

struct AuditIntervalRule: Rule {
    static let description = RuleDescription(
        id: "audit-interval", name: "Internal audits too far apart", family: .programme, severity: .warning,
        rationale: "Clause 9.2.1: internal audits are conducted at planned intervals, and clause 9.2.2 asks the programme to set their frequency. Coverage is over the certification cycle, not every control every year — but a programme that leaves a whole year without an internal audit has no interval at all: the certification body audits at least once per calendar year (ISO/IEC 17021-1 9.1.3, 9.6.2) and expects the organisation's own audits, between its visits, to have looked at the ISMS (ISO/IEC 27007 5.4: the programme's frequency follows its risks and changes). Reported for each calendar year of the cycle (one the cycle holds at least half of) with no internal audit done, under way or planned — an audit record, or an entry of the audit programme's own plan (plan: - year: 2027) whose record is not written yet — and for each gap of more than 12 months between the starts of consecutive internal audits.",
        triggering: [
            RuleExample([
                "isms.yml": ProgrammeRules.exampleConfiguration(),
                "audits/programme.md": ProgrammeRules.exampleProgramme("AUD-2025-02, AUD-2027-01", marked: true),
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13", scope: ProgrammeRules.allClauses),
                "audits/AUD-2027-01.md": ProgrammeRules.exampleAudit("AUD-2027-01", status: "planned", start: "2027-03-08", scope: ProgrammeRules.allClauses),
                "people.md": RuleExample.people,
            ], catalog: [], note: "nothing in 2026, and 17 months between the two audits: two findings"),
            RuleExample([
                "isms.yml": ProgrammeRules.exampleConfiguration(),
                "audits/programme.md": ProgrammeRules.exampleProgramme("AUD-2025-02, AUD-2027-01", marked: true)
                    .replacingOccurrences(of: "clauses: [9.2]", with: "clauses: [9.2]\nplan:\n  - year: 2027\n    audit: AUD-2027-01"),
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13", scope: ProgrammeRules.allClauses),
                "audits/AUD-2027-01.md": ProgrammeRules.exampleAudit("AUD-2027-01", status: "planned", start: "2027-03-08", scope: ProgrammeRules.allClauses),
                "people.md": RuleExample.people,
            ], catalog: [], note: "the plan's 2027 entry is AUD-2027-01 itself: 2026 is still empty"),
            RuleExample([
                "isms.yml": ProgrammeRules.exampleConfiguration("2025-01-15"),
                "audits/programme.md": ProgrammeRules.exampleProgramme("AUD-2025-01, AUD-2025-02, AUD-2026-01", marked: true),
                "audits/AUD-2025-01.md": ProgrammeRules.exampleAudit("AUD-2025-01", status: "complete", start: "2025-03-10", scope: ProgrammeRules.allClauses),
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13", scope: ProgrammeRules.allClauses),
                "audits/AUD-2026-01.md": ProgrammeRules.exampleAudit("AUD-2026-01", status: "planned", start: "2026-10-12", scope: ProgrammeRules.allClauses),
                "people.md": RuleExample.people,
            ], catalog: [], note: "the cycle runs to 2028-01-15 and nothing is planned for 2027"),
        ],
        nonTriggering: [
            RuleExample([
                "isms.yml": ProgrammeRules.exampleConfiguration(),
                "audits/programme.md": ProgrammeRules.exampleProgramme("AUD-2025-02, AUD-2026-01, AUD-2027-01"),
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13", scope: ProgrammeRules.allClauses),
                "audits/AUD-2026-01.md": ProgrammeRules.exampleAudit("AUD-2026-01", status: "complete", start: "2026-09-14", scope: "  controls: [8.8]"),
                "audits/AUD-2027-01.md": ProgrammeRules.exampleAudit("AUD-2027-01", status: "planned", start: "2027-06-07", scope: "  controls: [5.1]"),
                "people.md": RuleExample.people,
            ], catalog: [], note: "2025, 2026 and 2027 each have an audit; the cycle holds less than half of 2028 (to 2028-06-20)"),
            RuleExample([
                "isms.yml": ProgrammeRules.exampleConfiguration(),
                "audits/programme.md": ProgrammeRules.exampleProgramme("AUD-2025-02, AUD-2027-01")
                    .replacingOccurrences(of: "clauses: [9.2]", with: "clauses: [9.2]\nplan:\n  - year: 2026\n    title: Access control and supplier audit"),
                "audits/AUD-2025-02.md": ProgrammeRules.exampleAudit("AUD-2025-02", status: "complete", start: "2025-10-13", scope: ProgrammeRules.allClauses),
                "audits/AUD-2027-01.md": ProgrammeRules.exampleAudit("AUD-2027-01", status: "planned", start: "2027-03-08", scope: ProgrammeRules.allClauses),
                "people.md": RuleExample.people,
            ], catalog: [], note: "the programme's plan holds an audit for 2026 whose record is not written yet"),
        ])

    /// The `plan:` entries of the audit programme: a year, and the audit record once it exists.
    static func plannedYears(_ isms: ISMS) -> [(year: Int, audit: String?)] {
        guard let items = ProgrammeCoverage.programmeDocument(isms)?.value("plan")?.sequence?.items else { return [] }
        return items.compactMap { item in
            guard let m = item.mapping, let year = m["year"]?.value.scalar.flatMap({ Int($0.text.trimmed) }) else { return nil }
            let audit = m["audit"]?.value.scalar.map { $0.text.trimmed }.flatMap { $0.isEmpty ? nil : $0 }
            return (year, audit)
        }
    }

    func check(_ context: RuleContext) -> [Finding] {
        guard let coverage = ProgrammeCoverage.coverage(context.isms) else { return [] }
        let audits = coverage.audits.filter { $0.start != nil }
        guard !audits.isEmpty else { return [] }   // programme-coverage-gap says there is none
        // The programme's own plan: a year it plans an internal audit for, before the audit's record exists.
        let recorded = Set(ProgrammeCoverage.audits(context.isms).map(\.id))
        let planned = Set(Self.plannedYears(context.isms).filter { $0.audit.map { !recorded.contains($0) } ?? true }.map(\.year))
        let cycle = coverage.cycle
        let place = ProgrammeRules.location(context.isms)
        var out: [Finding] = []
        let lastDay = cycle.end.adding(days: -1)
        for year in cycle.start.year...max(cycle.start.year, lastDay.year) {
            // After 9999 the calendar ends: its last day stands in for the next new year.
            guard let newYear = Day(year: year, month: 1, day: 1) else { continue }
            let nextNewYear = Day(year: year + 1, month: 1, day: 1) ?? Day(ordinal: Int.max)
            let from = max(cycle.start, newYear)
            let to = min(cycle.end, nextNewYear)
            let yearLength = max(1, Day.days(from: newYear, to: nextNewYear))
            guard Day.days(from: from, to: to) * 2 >= yearLength else { continue }
            if !audits.contains(where: { $0.start!.year == year }), !planned.contains(year) {
                out.append(finding(place.path, place.position,
                                   "the audit programme has no internal audit, done or planned, in \(year), a year of the certification cycle \(cycle.start) – \(cycle.end): plan one (clause 9.2.1 asks for audits at planned intervals) — not every control every year, but some of the ISMS every year"))
            }
        }
        for (a, b) in zip(audits, audits.dropFirst()) {
            let (s, t) = (a.start!, b.start!)
            guard t > s.adding(months: 12), !planned.contains(where: { (s.year...t.year).contains($0) }) else { continue }
            var months = (t.year - s.year) * 12 + (t.month - s.month)
            if s.adding(months: months) > t { months -= 1 }
            let days = Day.days(from: s.adding(months: months), to: t)
            let apart = "\(months) months" + (days == 0 ? "" : days == 1 ? " and 1 day" : " and \(days) days")
            out.append(finding(place.path, place.position,
                               "internal audits \(a.id) (\(s)) and \(b.id) (\(t)) start \(apart) apart, more than 12 months: plan an internal audit between them, or bring \(b.id) forward"))
        }
        return out
    }
}
