import Foundation

/// The front-matter facts change control needs from one version of a document, with the lines they stand on.
/// Stored in one shared box, copied on write: a version's facts are copied into every change, assessment and revision
/// line that names it (tens of thousands in a long history), and inline they were 170 bytes and eleven reference
/// counts each copy (a tenth of a cold walk's peak memory, and most of the retains of a warm one).
public struct DocumentFacts: Sendable, Hashable {
    struct Values: Equatable {
        var id, type, title, owner, approver, version, status, effective, lastReviewed: String?
        var lines: [String: Int] = [:]
        var substance: UInt64 = 0
        var unreadable = false
    }
    private final class Box: @unchecked Sendable {
        var values: Values
        init(_ values: Values) { self.values = values }
    }
    private var box: Box
    /// Written only through `unique()`, so copies never see each other's changes.
    private mutating func unique() { if !isKnownUniquelyReferenced(&box) { box = Box(box.values) } }

    public var id: String? { get { box.values.id } _modify { unique(); yield &box.values.id } }
    public var type: String? { get { box.values.type } _modify { unique(); yield &box.values.type } }
    public var title: String? { get { box.values.title } _modify { unique(); yield &box.values.title } }
    public var owner: String? { get { box.values.owner } _modify { unique(); yield &box.values.owner } }
    public var approver: String? { get { box.values.approver } _modify { unique(); yield &box.values.approver } }
    public var version: String? { get { box.values.version } _modify { unique(); yield &box.values.version } }
    public var status: String? { get { box.values.status } _modify { unique(); yield &box.values.status } }
    public var effective: String? { get { box.values.effective } _modify { unique(); yield &box.values.effective } }
    public var lastReviewed: String? { get { box.values.lastReviewed } _modify { unique(); yield &box.values.lastReviewed } }
    /// Lines of the keys above in this version (1-based), for findings.
    public var lines: [String: Int] { get { box.values.lines } _modify { unique(); yield &box.values.lines } }
    /// A hash of everything except the keys a review or an approval may change on its own
    /// (version, status, effective, last_reviewed): equal hashes mean "no change of substance".
    public var substance: UInt64 { get { box.values.substance } _modify { unique(); yield &box.values.substance } }
    /// The file could not be read as a document at this version.
    public var unreadable: Bool { get { box.values.unreadable } _modify { unique(); yield &box.values.unreadable } }

    public init() { box = Box(Values()) }

    /// All at once (a history cache read builds tens of thousands).
    public init(id: String?, type: String?, title: String?, owner: String?, approver: String?, version: String?, status: String?,
                effective: String?, lastReviewed: String?, lines: [String: Int], substance: UInt64, unreadable: Bool) {
        box = Box(Values(id: id, type: type, title: title, owner: owner, approver: approver, version: version, status: status,
                         effective: effective, lastReviewed: lastReviewed, lines: lines, substance: substance, unreadable: unreadable))
    }

    public static func == (a: DocumentFacts, b: DocumentFacts) -> Bool { a.box === b.box || a.box.values == b.box.values }
    /// Which shared copy this is: equal for copies of one value (equal values may still be different copies).
    public var copyIdentity: ObjectIdentifier { ObjectIdentifier(box) }

    public init(document doc: Document) {
        self.init()
        unreadable = doc.frontMatter == nil
        id = doc.id; type = doc.typeName; title = doc.title; owner = doc.owner
        approver = doc.string("approver"); version = doc.string("version"); status = doc.status
        effective = doc.string("effective"); lastReviewed = doc.string("last_reviewed")
        for key in ["id", "type", "title", "owner", "approver", "version", "status", "effective", "last_reviewed"] {
            if let e = doc.entry(key) { lines[key] = e.key.position.line }
        }
        substance = DocumentFacts.substanceHash(doc.text ?? "", excluding: Set(["version", "status", "effective", "last_reviewed"].compactMap { lines[$0] }))
    }

    /// The fields that tell versions apart (the substance hash stands for the rest of the text; equal facts still
    /// hash equal): hashing every field, the dictionary of lines above all, was half of saving a history cache.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(substance)
        hasher.combine(version)
        hasher.combine(status)
        hasher.combine(effective)
        hasher.combine(lastReviewed)
        hasher.combine(unreadable)
    }

    /// FNV-1a over the text, skipping the given (1-based) lines.
    public static func substanceHash(_ text: String, excluding skipped: Set<Int>) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        var line = 1
        var skipping = skipped.contains(1)
        // The skip test runs once per line, not per byte (a set lookup per byte dominated history walks).
        for byte in text.utf8 {
            if byte == 0x0A { line += 1; skipping = !skipped.isEmpty && skipped.contains(line) }
            if skipping { continue }
            hash = (hash ^ UInt64(byte)) &* 0x100000001b3
        }
        return hash
    }

    public var isApproved: Bool { status == "approved" }
    public var documentType: DocumentType? { type.flatMap(DocumentType.init(rawValue:)) }
    public func line(_ key: String) -> Int { lines[key] ?? 1 }
}

/// What one commit did to one ISMS document.
public struct DocumentChange: Sendable {
    public enum Kind: String, Sendable { case added, modified, renamed, deleted }
    public var kind: Kind
    /// The path after the change (before it, for a deletion), relative to the repository root.
    public var path: String
    public var oldPath: String?
    public var before: DocumentFacts?
    public var after: DocumentFacts?

    public init(kind: Kind, path: String, oldPath: String?, before: DocumentFacts?, after: DocumentFacts?) {
        self.kind = kind; self.path = path; self.oldPath = oldPath; self.before = before; self.after = after
    }

    /// A rename that changed nothing else is not a content change.
    public var isPureRename: Bool { kind == .renamed && before?.substance == after?.substance && before?.version == after?.version && before?.status == after?.status && before?.lastReviewed == after?.lastReviewed && before?.effective == after?.effective }
    /// Something besides the review and approval keys changed.
    public var changesSubstance: Bool {
        switch kind {
        case .added, .deleted: return true
        case .modified, .renamed: return before?.substance != after?.substance
        }
    }
}

/// A person as a commit records them: self-asserted name and e-mail, and a time.
public struct CommitIdentity: Sendable, Hashable {
    public var name: String
    public var email: String
    /// Seconds since 1970, UTC.
    public var time: Int64
    public var offsetMinutes: Int32
    public init(name: String, email: String, time: Int64, offsetMinutes: Int32) {
        self.name = name; self.email = email; self.time = time; self.offsetMinutes = offsetMinutes
    }
    /// The calendar day of the commit in its own time zone.
    public var day: Day { Day(ordinal: Int(time.addingReportingOverflow(Int64(offsetMinutes) * 60).partialValue / 86400)) }
}

/// How an approval was proven.
public enum ApprovalSource: Sendable, Hashable, CustomStringConvertible {
    /// A trailer in the commit message (`Approved-by: Name <mail>`).
    case trailer(String)
    /// A merge by someone other than the author, where configuration says merges approve.
    case merge(String)
    /// An approvals file exported by CI from the forge (pull-request reviews).
    case approvalsFile(String)

    public var description: String {
        switch self {
        case .trailer(let key): return "\(key) trailer"
        case .merge(let commit): return "merge \(commit)"
        case .approvalsFile(let reference): return "approvals file (\(reference))"
        }
    }
}

/// Someone's approval of a commit's changes, as claimed; whether it counts is for the rules to judge.
public struct Approval: Sendable, Hashable {
    public var name: String
    public var email: String
    public var source: ApprovalSource
    /// Set when signatures were verified: whether the commit carrying this approval has a good signature.
    public var signatureVerified: Bool?
    public init(name: String, email: String, source: ApprovalSource, signatureVerified: Bool? = nil) {
        self.name = name; self.email = email; self.source = source; self.signatureVerified = signatureVerified
    }
}

/// One commit of the history, as far as the ISMS is concerned.
/// Its fields live in one shared, copy-on-write box: a record is copied into every revision and assessment (tens of
/// thousands), and a copy of the fields themselves retained some twenty strings, arrays and dictionaries each time.
public struct CommitRecord: Sendable {
    private final class Fields: @unchecked Sendable {
        var id: String
        var parents: [String]
        var author: CommitIdentity
        var committer: CommitIdentity
        var subject: String
        var trailers: [(key: String, value: String)]
        var changes: [DocumentChange]
        var approvals: [Approval]
        var authority: PeopleRegistry
        var signature: SignatureCheck
        var signers: [String]
        var forgeRecords: [String]
        var authorityVersion: String?
        var registryAfter: PeopleRegistry?
        var registryAfterVersion: String?
        var configurationChange: ConfigurationChange?
        var abbreviation: Int
        init(id: String, parents: [String], author: CommitIdentity, committer: CommitIdentity, subject: String,
             trailers: [(key: String, value: String)], changes: [DocumentChange]) {
            self.id = id; self.parents = parents; self.author = author; self.committer = committer
            self.subject = subject; self.trailers = trailers; self.changes = changes
            self.approvals = []
            self.authority = PeopleRegistry()
            self.signature = .notChecked
            self.signers = []
            self.forgeRecords = []
            self.authorityVersion = nil
            self.registryAfter = nil
            self.registryAfterVersion = nil
            self.configurationChange = nil
            self.abbreviation = 7
        }
        func copy() -> Fields {
            let f = Fields(id: id, parents: parents, author: author, committer: committer, subject: subject, trailers: trailers, changes: changes)
            f.approvals = approvals
            f.authority = authority
            f.signature = signature
            f.signers = signers
            f.forgeRecords = forgeRecords
            f.authorityVersion = authorityVersion
            f.registryAfter = registryAfter
            f.registryAfterVersion = registryAfterVersion
            f.configurationChange = configurationChange
            f.abbreviation = abbreviation
            return f
        }
    }
    // (Only the box is stored: a record is written through `unique()` so copies never see each other's changes.)
    private var fields: Fields
    private mutating func unique() { if !isKnownUniquelyReferenced(&fields) { fields = fields.copy() } }

    public var id: String {
        get { fields.id }
        _modify { unique(); yield &fields.id }
    }
    public var parents: [String] {
        get { fields.parents }
        _modify { unique(); yield &fields.parents }
    }
    public var author: CommitIdentity {
        get { fields.author }
        _modify { unique(); yield &fields.author }
    }
    public var committer: CommitIdentity {
        get { fields.committer }
        _modify { unique(); yield &fields.committer }
    }
    public var subject: String {
        get { fields.subject }
        _modify { unique(); yield &fields.subject }
    }
    public var trailers: [(key: String, value: String)] {
        get { fields.trailers }
        _modify { unique(); yield &fields.trailers }
    }
    public var changes: [DocumentChange] {
        get { fields.changes }
        _modify { unique(); yield &fields.changes }
    }
    /// Approvals from every source, filled in after the walk.
    public var approvals: [Approval] {
        get { fields.approvals }
        _modify { unique(); yield &fields.approvals }
    }
    /// The people registry as it stood at the first parent: who had authority when the change was made.
    public var authority: PeopleRegistry {
        get { fields.authority }
        _modify { unique(); yield &fields.authority }
    }
    /// Signature check result, when signatures were verified: nil unsigned, true good, false bad.
    public var signature: SignatureCheck {
        get { fields.signature }
        _modify { unique(); yield &fields.signature }
    }
    /// Whom the commit's signature proves (e-mail addresses from the allowed signers or the OpenPGP keyring), when
    /// signatures were verified: a trailer is proven when the approver signed the commit carrying it.
    public var signers: [String] {
        get { fields.signers }
        _modify { unique(); yield &fields.signers }
    }
    /// Pull requests the forge's approvals export records for this commit, with or without approvers: a trailer never
    /// overrides the forge's record.
    public var forgeRecords: [String] {
        get { fields.forgeRecords }
        _modify { unique(); yield &fields.forgeRecords }
    }
    /// The version (blob id) of the people registry `authority` was read from. Authority counts only from a registry
    /// version that was itself approved: the change-control ledger replaces an unapproved version's authority.
    public var authorityVersion: String? {
        get { fields.authorityVersion }
        _modify { unique(); yield &fields.authorityVersion }
    }
    /// When this commit changed the people registry: the registry it left, and that version's blob id.
    public var registryAfter: PeopleRegistry? {
        get { fields.registryAfter }
        _modify { unique(); yield &fields.registryAfter }
    }
    public var registryAfterVersion: String? {
        get { fields.registryAfterVersion }
        _modify { unique(); yield &fields.registryAfterVersion }
    }
    /// When this commit changed the ISMS configuration file (isms.yml): what it was before and after.
    public var configurationChange: ConfigurationChange? {
        get { fields.configurationChange }
        _modify { unique(); yield &fields.configurationChange }
    }

    public enum SignatureCheck: Sendable, Hashable { case notChecked, unsigned, good(String), bad(String) }

    /// The abbreviated id, at least 7 hex digits and as many more as make it unique in the repository
    /// (as `git log --abbrev=7` prints it), so every id an auditor is given resolves to one commit.
    public var shortID: String { String(fields.id.prefix(fields.abbreviation)) }
    public var abbreviation: Int {
        get { fields.abbreviation }
        _modify { unique(); yield &fields.abbreviation }
    }
    public var isMerge: Bool { fields.parents.count > 1 }

    public init(id: String, parents: [String], author: CommitIdentity, committer: CommitIdentity, subject: String,
                trailers: [(key: String, value: String)], changes: [DocumentChange]) {
        fields = Fields(id: id, parents: parents, author: author, committer: committer, subject: subject, trailers: trailers, changes: changes)
    }
}

/// An object a history walk could not read: the commit and path it belongs to, and what to do.
public struct MissingObject: Sendable, Hashable {
    public var commit: String
    public var path: String
    public var object: String
    public init(commit: String, path: String, object: String) { self.commit = commit; self.path = path; self.object = object }
    public var message: String {
        "object \(object.prefix(12)) (\(path) in commit \(commit.prefix(12))) is missing from this clone (a partial fetch, or a damaged repository): what it changed is unknown. Fetch it: `git fetch --refetch` (or `git fetch --unshallow`, or clone without `--filter`)"
    }
}

/// A commit's change to `isms.yml`: the configuration is a controlled document too, and takes effect only once approved.
/// A class, so commit records (copied into every assessment and revision) stay small.
public final class ConfigurationChange: Sendable {
    /// The file's path, relative to the repository root.
    public let path: String
    /// nil: there was no configuration file (or it could not be read) before the commit.
    public let before: Configuration?
    /// nil: the commit deleted the file, or left one that cannot be read (`problem` says why).
    public let after: Configuration?
    public let existedBefore: Bool
    public let problem: String?
    public init(path: String, before: Configuration?, after: Configuration?, existedBefore: Bool, problem: String? = nil) {
        self.path = path; self.before = before; self.after = after; self.existedBefore = existedBefore; self.problem = problem
    }
}

/// A finding's `fixed_by` commit, as the repository knows it.
public struct FixCommit: Sendable {
    /// The commit exists in the object database.
    public var exists: Bool
    /// It is HEAD or one of its ancestors.
    public var reachable: Bool
    public var author: CommitIdentity?
    public var fullID: String?
    public init(exists: Bool, reachable: Bool, author: CommitIdentity?, fullID: String?) {
        self.exists = exists; self.reachable = reachable; self.author = author; self.fullID = fullID
    }
}

/// The ISMS's history from one walk: every commit that changed a document under the root, newest first.
public struct ChangeHistory: Sendable {
    public var head: String?
    public var commits: [CommitRecord]
    /// Commit ids where history stops because the clone is shallow.
    public var shallowBoundary: [String]
    /// All commits walked (including those that changed no document).
    public var walkedCount: Int
    /// Commits before this one (and it, when `since` names a commit) are exempt from change-control rules.
    public var exemptCommits: Set<String> = []
    /// The first day under change control, from `change_control.since` when it is a date.
    public var sinceDay: Day?

    public init(head: String?, commits: [CommitRecord], shallowBoundary: [String], walkedCount: Int) {
        self.head = head; self.commits = commits; self.shallowBoundary = shallowBoundary; self.walkedCount = walkedCount
    }

    public var isTruncated: Bool { !shallowBoundary.isEmpty }
    /// The commit graph with each commit's changes against every parent (nil for a history assembled by hand).
    public var lines: LineGraph?
    /// Objects the walk needed but the clone lacks (a partial fetch): what was computed is kept, these are named.
    public var missingObjects: [MissingObject] = []


    /// What `fixed_by` commit references in findings resolve to (filled by the tool, which has the repository).
    public var fixes: [String: FixCommit] = [:]

    /// A pre-commit check: the commit message (and so its approvals) does not exist yet; approval rules wait for it.
    public var approvalsPending = false
    /// A pull-request check: who may approve is read from the base revision, not from each commit's parent, so a
    /// pull request cannot grant itself authority. `approverAtBase` maps document ids to their `approver:` at BASE.
    public var authorityAtBase: PeopleRegistry?
    public var approverAtBase: [String: String] = [:]

    /// `change_control.since` commits named by the configuration at HEAD or by any configuration version in the
    /// history, each with the commits strictly before it (exempt). A since commit missing here could not be resolved.
    public var sinceCommits: [String: Set<String>] = [:]
    /// Every commit is judged, whatever `since` says (a pull request: `check --range`).
    public var judgeEveryCommit = false
    /// The configuration in force before the first commit of this history (a pull request: the one at its base).
    /// nil: the first configuration the history holds (its adoption), else the one at HEAD.
    public var initialConfiguration: Configuration?
    /// Filled when the change-control ledger settled the history: the configuration in force at each commit (the
    /// last approved version at its parent), by full commit id, as an index into `configurationVersions` (a copy of
    /// the configuration per commit was tens of megabytes of a long history).
    public var configurationInForce: [String: Int] = [:]
    /// The configuration versions that came into force, in order.
    public var configurationVersions: [Configuration] = []
    /// The configuration in force at every commit not in `configurationInForce`.
    public var initialConfigurationInForce: Configuration?

    /// The configuration in force at a commit (full id), once settled.
    public func configuration(inForceAt commit: String) -> Configuration? {
        configurationInForce[commit].map { configurationVersions[$0] } ?? initialConfigurationInForce
    }
    public var isSettled = false
    /// Configuration changes that move `since` past commits already under change control.
    public var sinceMoves: [SinceMove] = []

    /// The commits change-control rules judge: those after the adoption point.
    public var checkedCommits: [CommitRecord] {
        commits.filter { c in
            !exemptCommits.contains(c.id) && (sinceDay.map { c.committer.day >= $0 } ?? true)
        }
    }
}

/// A configuration change that exempts commits which were already under change control (moving `since` later).
public struct SinceMove: Sendable {
    public var commit: CommitRecord
    public var path: String
    public var from: String?
    public var to: String?
    /// Commits checked before the change that the new `since` exempts, oldest first.
    public var uncovered: [CommitRecord]
    public init(commit: CommitRecord, path: String, from: String?, to: String?, uncovered: [CommitRecord]) {
        self.commit = commit; self.path = path; self.from = from; self.to = to; self.uncovered = uncovered
    }
}
