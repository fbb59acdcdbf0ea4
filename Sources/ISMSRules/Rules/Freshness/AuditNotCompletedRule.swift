import ISMSModel

struct AuditNotCompletedRule: Rule {
    static let grace = 30

    static let description = RuleDescription(
        id: "audit-not-completed", name: "Audit still open long after it ended", family: .freshness, severity: .warning,
        rationale: "Clause 9.2.2: the results of each audit are reported to relevant management, and documented information is kept as evidence of the audit programme's implementation and results. An audit still planned or in progress more than 30 days after its last day either did not happen or was never reported.",
        triggering: [
            RuleExample("audits/AUD-2026-1.md", Self.audit("status: ↓in-progress\nstart: 2026-03-30\nend: 2026-04-01")),
            RuleExample("audits/AUD-2026-1.md", Self.audit("status: ↓planned\ndate: 2026-02-12"), note: "a one-day audit"),
        ],
        nonTriggering: [
            RuleExample("audits/AUD-2026-1.md", Self.audit("status: in-progress\nstart: 2026-05-04\nend: 2026-05-06"), note: "within 30 days of its end"),
            RuleExample("audits/AUD-2026-1.md", Self.audit("status: complete\nstart: 2026-03-30\nend: 2026-04-01")),
        ])

    static func audit(_ fields: String) -> String {
        """
        ---
        id: AUD-2026-1
        type: audit
        title: Internal audit of access control, spring 2026
        owner: alice
        kind: internal
        \(fields)
        auditors: [dave]
        scope:
          controls: [5.15, 5.18]
        ---
        # Internal audit, spring 2026
        """
    }

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.audit).compactMap { doc in
            guard let status = doc.status, ["planned", "in-progress"].contains(status),
                  let end = doc.day("end") ?? doc.day("date") else { return nil }
            let since = Day.days(from: end, to: context.today)
            guard since > Self.grace else { return nil }
            let name = doc.id.map { "audit \($0)" } ?? "this audit"
            return finding(doc, doc.valuePosition(of: "status"),
                           "\(name) ended on \(end), \(FreshnessRules.days(since)) ago, but is still \(status): record its results and set status: complete, or correct its dates if it was moved")
        }
    }
}
