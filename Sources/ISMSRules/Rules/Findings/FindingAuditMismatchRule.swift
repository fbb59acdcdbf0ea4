import ISMSModel

struct FindingAuditMismatchRule: Rule {
    static let description = RuleDescription(
        id: "finding-audit-mismatch", name: "Finding and its audit disagree", family: .findings, severity: .warning,
        rationale: "Clauses 9.2.2 and 10.2: a finding is a result of an audit, kept as evidence of it. A finding that names an audit still planned, or that was raised before the audit began, names the wrong audit or the wrong date — and the audit's own record no longer shows what it found. Findings from other sources (an incident, a management review) leave audit empty.",
        triggering: [
            RuleExample(FindingRules.example(FindingRules.exampleFinding("status: open\nraised: 2026-03-10\ndue: 2026-07-01").replacingOccurrences(of: "audit: AUD-2026-1", with: "audit: ↓AUD-2026-1"),
                                             audit: IndependenceRules.exampleAudit("status: planned\nstart: 2026-03-09\nend: 2026-03-10\nauditors: [dave]", scope: "  controls: [5.18]")),
                        note: "the audit is still planned"),
            RuleExample(FindingRules.example(FindingRules.exampleFinding("status: open\nraised: ↓2026-02-27\ndue: 2026-07-01")),
                        note: "raised before the audit started on 2026-03-09"),
        ],
        nonTriggering: [
            RuleExample(FindingRules.example(FindingRules.exampleFinding("status: open\nraised: 2026-03-10\ndue: 2026-07-01"))),
            RuleExample(FindingRules.example(FindingRules.exampleFinding("status: open\nraised: 2026-03-09\ndue: 2026-07-01"),
                                             audit: IndependenceRules.exampleAudit("status: in-progress\nstart: 2026-03-09\nend: 2026-03-10\nauditors: [dave]", scope: "  controls: [5.18]")),
                        note: "raised on the audit's first day, while it is in progress"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let isms = context.isms
        var out: [Finding] = []
        for doc in isms.documents(.finding) {
            guard let id = doc.string("audit"), let audit = isms.documents(id: id).first(where: { $0.type == .audit }) else { continue }
            let name = doc.id.map { "finding \($0)" } ?? "this finding"
            if let status = audit.status, audit.type?.statuses.contains(status) == true, status != "complete", status != "in-progress" {
                out.append(finding(doc, doc.valuePosition(of: "audit"),
                                   "\(name) names audit \(id), which is still \(status): a finding comes from an audit that has taken place — record the audit as in-progress or complete, or name the audit that raised it"))
            }
            if let raised = doc.day("raised"), let start = audit.day("start") ?? audit.day("date"), raised < start {
                out.append(finding(doc, doc.valuePosition(of: "raised"),
                                   "\(name) was raised on \(raised), before audit \(id) started on \(start): correct the date or the audit it names"))
            }
        }
        return out
    }
}
