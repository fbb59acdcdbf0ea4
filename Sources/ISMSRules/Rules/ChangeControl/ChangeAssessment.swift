import ISMSModel

/// One change to a controlled document, judged once per run against clause 7.5: does it need approval and a new
/// version, who had authority at the parent commit, and which of the claimed approvals count.
public struct ChangeAssessment: Sendable {
    public let commit: CommitRecord
    public let change: DocumentChange
    public let needsApproval: Bool
    public let needsVersionBump: Bool
    /// The approver reference that governed the change (`approver:` as it stood before the change).
    public let approverReference: String?
    public let author: Person?
    /// Approvals by someone with authority who is not the author.
    public let valid: [Approval]
    /// Approvals by the author themselves.
    public let selfApprovals: [Approval]
    /// Approvals by addresses nobody in the registry has, or by people without authority for this document.
    public let unauthorised: [(approval: Approval, reason: String)]
    /// Who could approve this change: the approver's holders in the registry that governed it, not the author.
    public var eligibleApprovers: [Person] = []

    /// "role:top-management (Carol Clark <carol@example.com>)": the approver and who holds it, so a blocked author
    /// knows whom to ask.
    var whoMayApprove: String {
        let reference = approverReference ?? "its approver"
        guard !eligibleApprovers.isEmpty else {
            return "\(reference) (nobody else in the people registry can: give the role or the approval to someone who is not the author)"
        }
        let names = eligibleApprovers.prefix(5).map { p in p.emails.first.map { "\(p.name) <\($0)>" } ?? p.name }
        let more = eligibleApprovers.count > 5 ? ", and \(eligibleApprovers.count - 5) more" : ""
        return "\(reference) (\(names.joined(separator: ", "))\(more))"
    }
    /// Valid approvals that rest on a trailer nobody proved (`approval_proof: trailer`): the author's claim.
    public var unverified: [Approval] = []

    /// Where findings about this change point: the key that matters in the version the commit left.
    func line(_ key: String) -> Int { (change.after ?? change.before)?.line(key) ?? 1 }
    var path: String { change.path }

    static func all(_ context: RuleContext) -> [ChangeAssessment] {
        guard let history = context.history else { return [] }
        return ledger(context, history).assessments
    }

    /// Hands the rules a ledger already worked out for this ISMS's history (`ChangeControlLedger.settle`'s answer).
    public static func remember(_ ledger: ChangeControlLedger, for isms: ISMS) {
        _ = isms.memo("change-control-ledger") { ledger }
    }

    /// The ledger of this run's history, computed once.
    static func ledger(_ context: RuleContext, _ history: ChangeHistory) -> ChangeControlLedger {
        context.isms.memo("change-control-ledger") { ChangeControlLedger.run(history, context.isms.configuration) }
    }

    /// The assessments of `history` for this ISMS, from the remembered ledger when there is one.
    public static func ledger(_ isms: ISMS, _ history: ChangeHistory) -> [ChangeAssessment] {
        isms.memo("change-control-ledger") { ChangeControlLedger.run(history, isms.configuration) }.assessments
    }

    public static func assess(_ history: ChangeHistory, _ config: Configuration) -> [ChangeAssessment] {
        ChangeControlLedger.run(history, config).assessments
    }

    /// "keeps version 1.2" or "moves version backwards, 1.10 → 1.9" when a change of substance needs a new version.
    public var versionProblem: String? {
        guard needsVersionBump, let before = change.before?.version, let after = change.after?.version else { return nil }
        // The common case, a version raised (1.9 → 1.10), without allocating two parsed versions per revision.
        if let b = Self.quickVersion(before), let a = Self.quickVersion(after), a > b { return nil }
        guard let b = DocumentVersion(before), let v = DocumentVersion(after), v <= b else { return nil }
        return v == b ? "keeps version \(v)" : "moves version backwards, \(b) → \(v)"
    }

    /// "1.9" → (1, 9, 0) when it is a plain version of up to three numbers; nil otherwise (the full parser decides).
    static func quickVersion(_ s: String) -> (Int, Int, Int)? {
        var parts = (0, 0, 0), index = 0, digits = 0
        for byte in s.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, index < 2 else { return nil }
                index += 1; digits = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                guard digits < 6 else { return nil }
                digits += 1
                let d = Int(byte - UInt8(ascii: "0"))
                switch index { case 0: parts.0 = parts.0 * 10 + d; case 1: parts.1 = parts.1 * 10 + d; default: parts.2 = parts.2 * 10 + d }
            } else { return nil }
        }
        guard digits > 0 else { return nil }
        return parts
    }

    /// Every change-control verdict on this change, as revision tables print it: the approval, then each problem
    /// `isms lint` reports about it (never just "approved" when lint flags the commit).
    public func verdicts(allowance: Int) -> [String] {
        // The common case first: approved, nothing else to say.
        if needsApproval, !valid.isEmpty, unverified.isEmpty || unverified.count == valid.count, versionProblem == nil,
           change.after?.lastReviewed == change.before?.lastReviewed, change.after?.effective == change.before?.effective {
            return unverified.isEmpty ? Self.approvedOnly : Self.approvedOnTrailer
        }
        var out: [String] = []
        if needsApproval {
            if !valid.isEmpty {
                out.append(valid.count == unverified.count ? "approved (unverified trailer)" : "approved")
            } else if commit.approvals.isEmpty { out.append("NOT APPROVED: no approval") }
            else if !unauthorised.isEmpty { out.append("NOT APPROVED: " + unauthorised.map(\.reason).joined(separator: "; ")) }
            else { out.append("NOT APPROVED: approved only by its author") }
        }
        if let v = versionProblem { out.append("NOT VERSIONED: \(v)") }
        for p in DateBackdatedRule.problems(commit, change, allowance: allowance) { out.append("DATE NOT BACKED: \(p.message)") }
        return out
    }

    static let approvedOnly = ["approved"], approvedOnTrailer = ["approved (unverified trailer)"]

    /// The configuration file's change, as a change record rules and revision tables understand.
    public var isConfigurationChange: Bool { change.after?.type == "configuration" || change.before?.type == "configuration" }

    /// "commit 1a2b3c4 'Tighten MFA rule' by bob@example.com" — the evidence an auditor follows up.
    var commitPhrase: String { "'\(commit.subject)' by \(commit.author.email)" }

    var whatChanged: String {
        if isConfigurationChange {
            return change.kind == .deleted ? "deletes the ISMS configuration" : "changes the ISMS configuration"
        }
        switch change.kind {
        case .deleted: return "deletes the approved document"
        case .added: return "adds it as approved"
        default:
            if change.before?.isApproved != true && change.after?.isApproved == true { return "approves it (\(change.before?.status ?? "new") → approved)" }
            if change.after?.status == "retired" { return "retires it" }
            if !change.changesSubstance && change.before?.lastReviewed != change.after?.lastReviewed { return "records a review (last_reviewed \(change.after?.lastReviewed ?? "?"))" }
            return "changes it"
        }
    }
}

/// Example front matter for change-control examples: an approved policy at `version`, approver carol.
func approvedPolicy(version: String, body: String = "Access is granted by role.", status: String = "approved", lastReviewed: String = "2026-01-05", marker: String = "") -> String {
    """
    ---
    id: POL-AC
    type: policy
    title: Access control policy
    owner: alice
    approver: carol
    \(marker)version: "\(version)"
    status: \(status)
    effective: 2026-01-05
    review_every: 12 months
    last_reviewed: \(lastReviewed)
    ---
    # Access control

    \(body)
    """
}

enum ChangeControlRules {
    static let all: [any Rule.Type] = [
        ChangeUnapprovedRule.self, ChangeSelfApprovedRule.self, ApprovalUnauthorisedRule.self, VersionNotBumpedRule.self,
        DateBackdatedRule.self, AuthorUnknownRule.self, HistoryTruncatedRule.self, CommitSignatureRule.self,
        VersionHistoryTableRule.self,
        HistoryObjectMissingRule.self,
        SinceMovedRule.self,
    ]
}
