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

    /// Where findings about this change point: the key that matters in the version the commit left.
    func line(_ key: String) -> Int { (change.after ?? change.before)?.line(key) ?? 1 }
    var path: String { change.path }

    static func all(_ context: RuleContext) -> [ChangeAssessment] {
        guard let history = context.history else { return [] }
        return context.isms.memo("change-assessments") { assess(history, context.isms.configuration) }
    }

    public static func assess(_ history: ChangeHistory, _ config: Configuration) -> [ChangeAssessment] {
        let controlled = Set(config.changeControl.controlledTypes.map(\.rawValue))
        let requireApproval = config.changeControl.require.contains("approval")
        let requireBump = config.changeControl.require.contains("version-bump")
        var out: [ChangeAssessment] = []
        for commit in history.checkedCommits {
            let registry = history.authorityAtBase ?? commit.authority
            let author = registry.person(email: commit.author.email)
            for change in commit.changes {
                let type = change.after?.type ?? change.before?.type
                guard let type, controlled.contains(type) else { continue }
                let wasApproved = change.before?.isApproved == true
                let isApproved = change.after?.isApproved == true
                // Drafts are not yet under control; a pure rename is not a change of content.
                // controlled_statuses, when set, says which statuses (before or after the change) are under control.
                let inControlledStatus = config.changeControl.controlledStatuses.map { statuses in
                    [change.before?.status, change.after?.status].contains { $0.map(statuses.contains) ?? false }
                } ?? (wasApproved || isApproved)
                let needsApproval = requireApproval && inControlledStatus && !change.isPureRename
                let needsBump = requireBump && wasApproved && change.kind != .deleted && change.changesSubstance && !change.isPureRename
                    && change.after?.status != "retired"
                let docID = change.before?.id ?? change.after?.id
                let reference = history.authorityAtBase != nil
                    ? (docID.flatMap { history.approverAtBase[$0] } ?? change.after?.approver)
                    : (change.before?.approver ?? change.after?.approver)
                let allowed = reference.map { registry.approvers(named: $0) } ?? []
                var valid: [Approval] = [], selfs: [Approval] = [], bad: [(Approval, String)] = []
                for approval in commit.approvals {
                    guard let person = registry.person(email: approval.email) else {
                        let who = approval.email.isEmpty ? "'\(approval.name)'" : "<\(approval.email)>"
                        bad.append((approval, "\(who) is not an address of anyone in the people registry at the parent commit (names in trailers are not trusted)"))
                        continue
                    }
                    if person.id == author?.id || approval.email.lowercased() == commit.author.email.lowercased() {
                        selfs.append(approval)
                    } else if !allowed.contains(where: { $0.id == person.id }) {
                        bad.append((approval, "\(person.id) has no authority to approve it (approver: \(reference ?? "none"))"))
                    } else if approval.signatureVerified == false {
                        bad.append((approval, "the approval by \(person.id) is not backed by a good signature"))
                    } else {
                        valid.append(approval)
                    }
                }
                var assessment = ChangeAssessment(commit: commit, change: change, needsApproval: needsApproval, needsVersionBump: needsBump,
                                                  approverReference: reference, author: author, valid: valid, selfApprovals: selfs, unauthorised: bad)
                assessment.eligibleApprovers = allowed.filter { $0.id != author?.id && $0.active }
                out.append(assessment)
            }
        }
        return out
    }

    /// "commit 1a2b3c4 'Tighten MFA rule' by bob@example.com" — the evidence an auditor follows up.
    var commitPhrase: String { "'\(commit.subject)' by \(commit.author.email)" }

    var whatChanged: String {
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
    ]
}
