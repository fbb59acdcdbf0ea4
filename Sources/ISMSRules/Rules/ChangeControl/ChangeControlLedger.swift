import ISMSModel

/// The change-control ledger: one pass over the history, oldest commit first, that decides what governed each commit.
/// - The configuration in force is the last approved version of isms.yml at the commit's parent: a change to it takes
///   effect only from the commit that makes it, and only once approved (`since`, rule severities, what is controlled).
/// - Authority is the people registry at the parent, but only a version that was itself approved (or exempt before
///   `since`): an unapproved registry change grants nothing, later commits keep the authority it would have replaced.
/// - A document's approver is the one of its last approved version, for the same reason.
public struct ChangeControlLedger {
    public var assessments: [ChangeAssessment] = []
    /// Commits before the adoption point of the configuration in force at each.
    public var exempt: Set<String> = []
    /// The configuration in force at commits after a configuration change took effect (others: `initial`), as an
    /// index into `versions`.
    public var inForce: [String: Int] = [:]
    /// The versions that took effect, in order.
    public var versions: [Configuration] = []
    public var initial = Configuration()
    /// Authority that replaces a commit's registry at its parent (an unapproved version's), by commit id.
    public var authority: [String: PeopleRegistry] = [:]
    public var sinceMoves: [SinceMove] = []

    /// Writes the ledger's answers into the history, so every reader (rules, revision tables, the audit pack) sees the
    /// same exemptions, authority and configuration. Call after every approval source has been added.
    @discardableResult
    public static func settle(_ history: inout ChangeHistory, _ headConfiguration: Configuration) -> ChangeControlLedger {
        let ledger = run(history, headConfiguration)
        history.exemptCommits = ledger.exempt
        history.sinceDay = nil
        history.configurationInForce = ledger.inForce
        history.configurationVersions = ledger.versions
        history.initialConfigurationInForce = ledger.initial
        history.sinceMoves = ledger.sinceMoves
        for i in history.commits.indices {
            if let a = ledger.authority[history.commits[i].id] { history.commits[i].authority = a }
        }
        history.isSettled = true
        return ledger
    }

    static func isExempt(_ commit: CommitRecord, under config: Configuration, in history: ChangeHistory, sinceDay: Day?? = nil) -> Bool {
        if history.judgeEveryCommit { return false }
        guard let since = config.changeControl.since else { return false }
        if let day = sinceDay ?? Day(since) { return commit.committer.day < day }
        // A since commit that could not be resolved exempts nothing (the strict reading).
        return history.sinceCommits[since]?.contains(commit.id) ?? false
    }

    public static func run(_ history: ChangeHistory, _ headConfiguration: Configuration) -> ChangeControlLedger {
        var ledger = ChangeControlLedger()
        // At most one assessment per change and per configuration change (grown one by one, tens of thousands of
        // assessments were moved several times).
        ledger.assessments.reserveCapacity(history.commits.reduce(0) { $0 + $1.changes.count + ($1.configurationChange == nil ? 0 : 1) })
        let oldestFirst = history.commits.reversed()
        // Before the first configuration change: the configuration at its parent, or (adoption) the first version.
        let first = oldestFirst.first { $0.configurationChange != nil }?.configurationChange
        var config = history.initialConfiguration
            ?? first.map { $0.existedBefore ? ($0.before ?? headConfiguration) : ($0.after ?? headConfiguration) }
            ?? headConfiguration
        var configured = history.initialConfiguration != nil || first?.existedBefore == true
        // Adoption: until the first commit that records an approval, nobody has operated change control yet, so the
        // repository is being set up: isms.yml may change freely, and the configuration the set-up ends with (its
        // `since` above all) governs those commits. A pull request (`check --range`) has no set-up.
        var setUp = 0
        if history.initialConfiguration == nil && !history.judgeEveryCommit {
            setUp = oldestFirst.firstIndex { !$0.approvals.isEmpty }.map { oldestFirst.distance(from: oldestFirst.startIndex, to: $0) } ?? oldestFirst.count
            for commit in oldestFirst.prefix(setUp) {
                guard let change = commit.configurationChange else { continue }
                if let after = change.after { config = after } else if change.problem == nil { config = Configuration() }
            }
        }
        var position = 0
        // Registry versions (blob ids) whose authority does not count: the authority they would have replaced.
        var replaced: [String: PeopleRegistry] = [:]
        // Each document's approver as its last approved version names it.
        var approverOf: [String: String] = [:]

        // What the configuration in force says, worked out once per version (not once per commit).
        var derivedFor = -1, version = 0
        var controlled: Set<String> = [], controlledStatuses: Set<String>? = nil, requireApproval = true, requireBump = true, sinceDay: Day?? = nil
        ledger.initial = config
        for commit in oldestFirst {
            defer { position += 1 }
            if derivedFor != version {
                derivedFor = version
                controlled = Set(config.changeControl.controlledTypes.map(\.rawValue))
                controlled.insert(DocumentType.people.rawValue)   // the registry grants authority: always controlled
                controlledStatuses = config.changeControl.controlledStatuses.map { Set($0) }
                requireApproval = config.changeControl.require.contains("approval")
                requireBump = config.changeControl.require.contains("version-bump")
                sinceDay = .some(config.changeControl.since.flatMap { Day($0) })
            }
            let inSetUp = position < setUp
            var registry = commit.authority
            if !replaced.isEmpty, let version = commit.authorityVersion, let kept = replaced[version] {
                registry = kept
                ledger.authority[commit.id] = kept
            }
            if version > 0 {
                if ledger.versions.count < version { ledger.versions.append(config) }
                ledger.inForce[commit.id] = version - 1
            }
            let exempt = isExempt(commit, under: config, in: history, sinceDay: sinceDay)
            if exempt { ledger.exempt.insert(commit.id) }
            let author = registry.person(email: commit.author.email)
            var registryApproved = true

            for change in commit.changes {
                let type = change.after?.type ?? change.before?.type
                guard let type, controlled.contains(type) else { continue }
                let wasApproved = change.before?.isApproved == true
                let isApproved = change.after?.isApproved == true
                // Drafts are not yet under control; a pure rename is not a change of content.
                // controlled_statuses, when set, says which statuses (before or after the change) are under control.
                let inControlledStatus = controlledStatuses.map { statuses in
                    [change.before?.status, change.after?.status].contains { $0.map(statuses.contains) ?? false }
                } ?? (wasApproved || isApproved)
                let needsApproval = requireApproval && inControlledStatus && !change.isPureRename
                let needsBump = requireBump && wasApproved && change.kind != .deleted && change.changesSubstance && !change.isPureRename
                    && change.after?.status != "retired"
                let docID = change.before?.id ?? change.after?.id
                let reference = docID.flatMap { approverOf[$0] } ?? change.before?.approver ?? change.after?.approver
                let allowed = reference.map { registry.approvers(named: $0) } ?? []
                let a = judge(commit, change, registry: registry, author: author, allowed: allowed, reference: reference,
                              needsApproval: needsApproval, needsBump: needsBump, config: config)
                let approved = exempt || !needsApproval || !a.valid.isEmpty
                if approved, let id = docID { approverOf[id] = change.after?.approver }
                if type == DocumentType.people.rawValue && !approved { registryApproved = false }
                if !exempt { ledger.assessments.append(a) }
            }
            if let after = commit.registryAfterVersion {
                // An unapproved registry version keeps the authority that stood before it.
                replaced[after] = registryApproved ? nil : registry
            }

            if let change = commit.configurationChange {
                let adoption = inSetUp || !configured && !change.existedBefore
                var facts = DocumentFacts()
                facts.type = "configuration"
                let record = DocumentChange(kind: !change.existedBefore ? .added : change.after == nil && change.problem == nil ? .deleted : .modified,
                                            path: change.path, oldPath: nil, before: change.existedBefore ? facts : nil,
                                            after: change.after != nil || change.problem != nil ? facts : nil)
                let approvers = config.changeControl.configApprovers
                var allowed: [Person] = []
                for name in approvers { for p in registry.approvers(named: name) where !allowed.contains(where: { $0.id == p.id }) { allowed.append(p) } }
                let needsApproval = requireApproval && !adoption
                let a = judge(commit, record, registry: registry, author: author, allowed: allowed, reference: approvers.joined(separator: ", "),
                              needsApproval: needsApproval, needsBump: false, config: config)
                if !exempt { ledger.assessments.append(a) }
                let newConfig = change.after ?? (change.problem == nil ? Configuration() : config)
                // Moving `since` later exempts commits that were already under change control: say so.
                if !adoption && config.changeControl.since != newConfig.changeControl.since {
                    let uncovered = oldestFirst.prefix { $0.id != commit.id }.filter {
                        !$0.changes.isEmpty && !ledger.exempt.contains($0.id) && isExempt($0, under: newConfig, in: history)
                    }
                    if !uncovered.isEmpty {
                        ledger.sinceMoves.append(SinceMove(commit: commit, path: change.path, from: config.changeControl.since,
                                                           to: newConfig.changeControl.since, uncovered: Array(uncovered)))
                    }
                }
                if !inSetUp && (exempt || !needsApproval || !a.valid.isEmpty) { config = newConfig; version += 1 }
                configured = true
            }
        }
        return ledger
    }

    /// Which of a commit's claimed approvals count for one change.
    static func judge(_ commit: CommitRecord, _ change: DocumentChange, registry: PeopleRegistry, author: Person?, allowed: [Person],
                      reference: String?, needsApproval: Bool, needsBump: Bool, config: Configuration) -> ChangeAssessment {
        let strict = config.changeControl.approvalProof == "signed"
        var valid: [Approval] = [], selfs: [Approval] = [], bad: [(Approval, String)] = [], unverified: [Approval] = []
        for approval in commit.approvals {
            guard let person = registry.person(email: approval.email) else {
                let who = approval.email.isEmpty ? "'\(approval.name)'" : "<\(approval.email)>"
                bad.append((approval, "\(who) is not an address of anyone in the people registry at the parent commit (names in trailers are not trusted)"))
                continue
            }
            if person.id == author?.id || approval.email.lowercased() == commit.author.email.lowercased() {
                selfs.append(approval)
                continue
            }
            guard allowed.contains(where: { $0.id == person.id }) else {
                bad.append((approval, "\(person.id) has no authority to approve it (approver: \(reference ?? "none"))"))
                continue
            }
            switch approval.source {
            case .trailer:
                let signedByApprover = commit.signers.contains { s in person.emails.contains { $0.lowercased() == s.lowercased() } }
                let alsoInExport = commit.approvals.contains { other in
                    if case .approvalsFile = other.source { return registry.person(email: other.email)?.id == person.id }
                    return false
                }
                if alsoInExport { continue }   // the forge's record proves it; the trailer adds nothing
                if let pr = commit.forgeRecords.first {
                    bad.append((approval, "the forge's approvals export (\(pr)) records this commit without \(person.id)'s approval: a trailer cannot override it"))
                } else if approval.signatureVerified == false {
                    bad.append((approval, "the approval by \(person.id) is not backed by a good signature"))
                } else if signedByApprover {
                    valid.append(approval)
                } else if strict {
                    bad.append((approval, "the trailer naming \(person.id) is not proven (approval_proof: signed): the commit is not signed by \(person.id), and no signed merge or forge export records the approval"))
                } else {
                    valid.append(approval)
                    unverified.append(approval)
                }
            case .merge:
                if approval.signatureVerified == false {
                    bad.append((approval, "the approval by \(person.id) is not backed by a good signature"))
                } else if strict && approval.signatureVerified != true {
                    bad.append((approval, "the merge by \(person.id) is not proven (approval_proof: signed): verify signatures (--verify-signatures) of merges signed by the approver"))
                } else {
                    valid.append(approval)
                }
            case .approvalsFile:
                valid.append(approval)
            }
        }
        var a = ChangeAssessment(commit: commit, change: change, needsApproval: needsApproval, needsVersionBump: needsBump,
                                 approverReference: reference, author: author, valid: valid, selfApprovals: selfs, unauthorised: bad)
        a.unverified = unverified
        a.eligibleApprovers = allowed.filter { $0.id != author?.id && $0.active }
        return a
    }
}
