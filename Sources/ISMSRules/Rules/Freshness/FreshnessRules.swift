import ISMSModel

enum FreshnessRules {
    static let all: [any Rule.Type] = [
        ReviewOverdueRule.self, ReviewDueSoonRule.self, DateInFutureRule.self, EvidenceExpiredRule.self,
        EvidenceValidityMissingRule.self, FindingOverdueRule.self, FindingClosedIncompleteRule.self,
        ObjectiveOverdueRule.self, AuditNotCompletedRule.self,
    ]

    /// When an approved document's next review is due: review_every after its last review, which is the later of its
    /// `last_reviewed` and (with history) its last approved change — never a file's modification time.
    /// A risk record with review_every is reassessed at that interval from last_reviewed (else identified) while open.
    static func reviewDue(_ doc: Document, _ context: RuleContext) -> (due: Day, last: Day, every: ReviewInterval, fromHistory: Bool)? {
        if doc.type == .risk {
            guard doc.status != "closed", let every = doc.string("review_every").flatMap(ReviewInterval.init),
                  let last = doc.day("last_reviewed") ?? doc.day("identified") else { return nil }
            return (last.adding(every), last, every, false)
        }
        guard doc.type?.isControlledDocument == true, doc.status == "approved",
              let every = doc.string("review_every").flatMap(ReviewInterval.init) else { return nil }
        let stated = doc.day("last_reviewed")
        let approved = doc.id.flatMap { lastApprovedChange(context)[$0] }
        guard let last = [stated, approved].compactMap({ $0 }).max() else { return nil }
        return (last.adding(every), last, every, approved.map { $0 > (stated ?? $0.adding(days: -1)) } ?? false)
    }

    /// Per document id, the day of its latest change that carried a valid approval (from the history, when there is one).
    static func lastApprovedChange(_ context: RuleContext) -> [String: Day] {
        guard context.history != nil else { return [:] }
        return context.isms.memo("last-approved-change") {
            var out: [String: Day] = [:]
            for a in ChangeAssessment.all(context) where a.needsApproval && !a.valid.isEmpty {
                guard let id = a.change.after?.id else { continue }
                let day = a.commit.committer.day
                if out[id].map({ day > $0 }) ?? true { out[id] = day }
            }
            return out
        }
    }

    static func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }

    /// An approved policy last reviewed on `lastReviewed`, for examples.
    static func approvedPolicy(lastReviewed: String, every: String = "12 months") -> String {
        """
        ---
        id: POL-AC
        type: policy
        title: Access control policy
        owner: alice
        approver: carol
        version: "1.0"
        status: approved
        effective: 2025-01-15
        review_every: \(every)
        last_reviewed: \(lastReviewed)
        ---
        # Access control
        """
    }

    /// An evidence record for examples: `fields` follow the common fields.
    static func exampleEvidence(_ fields: String, status: String = "current") -> String {
        """
        ---
        id: EV-ACCESS-REVIEW-Q1
        type: evidence
        title: Quarterly access review, Q1 2026
        owner: alice
        status: \(status)
        controls: [5.18]
        \(fields)
        location: https://drive.example.com/access-review-2026-q1.pdf
        ---
        # Access review Q1 2026
        """
    }

    /// An audit finding for examples: `fields` follow the common fields.
    static func exampleFinding(_ fields: String) -> String {
        """
        ---
        id: F-2026-03
        type: finding
        title: Leavers keep access to the CRM for weeks
        owner: bob
        audit: AUD-2026-1
        control: 5.18
        \(fields)
        ---
        # Leavers keep CRM access
        """
    }
}
