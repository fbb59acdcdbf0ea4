import Foundation
import GitKit
import ISMSModel

/// Builds the ISMS's change history from one walk over the commit graph: for every commit, what it did to each document
/// under the root (renames found by libgit2), with the front-matter facts before and after, and who had authority.
public struct HistoryReader {
    public struct Options {
        /// The documents root, relative to the repository root ("" for the whole repository).
        public var root: String
        /// Where the walk starts (default: HEAD).
        public var head: ObjectID?
        /// Commits reachable from these are not walked (a pull request's base).
        public var exclude: [ObjectID] = []
        public var configuration: Configuration
        /// Cache change records under the git directory (safe to delete; keyed by commit ids).
        public var useCache = true
        /// Every commit is judged whatever `change_control.since` says (a pull request's commits).
        public var judgeEveryCommit = false
        /// How many threads compare the commits' trees (nil: one per core); the answer is the same for any number.
        public var workers: Int?
        public init(root: String, head: ObjectID? = nil, configuration: Configuration) {
            self.root = root; self.head = head; self.configuration = configuration
        }
    }

    let repository: Repository
    let options: Options
    let ignore: Glob.Matcher
    private var factsCache: [ObjectID: DocumentFacts] = [:]
    private var registryCache: [ObjectID: PeopleRegistry] = [:]
    /// Where the registry is in a commit's own tree (nil: nowhere), for the people paths known so far.
    private var registryIn: [ObjectID: RegistryLocation?] = [:]
    private var missingBlobs: [ObjectID: MissingObject] = [:]
    private var missingElsewhere: [MissingObject] = []
    /// How many threads pass 1 ran on (for tests).
    private(set) var passOneThreads = 1
    /// Where isms.yml is, relative to the repository root: the folder the documents root is given from.
    let configPath: String
    /// The documents root, split into names once (its tree is looked up in every commit's).
    let rootPath: Repository.EntryPath
    /// Blobs read to pair renames, kept until their front matter is read (each read once: they were a tenth of a cold walk).
    private let readForRenames = BlobMemo()
    /// The cache being written, once `run` has started it (see `readWritingCacheInBackground`).
    private(set) var cacheWrite: BackgroundWork<Void>?

    public init(repository: Repository, options: Options) {
        self.repository = repository
        self.options = options
        ignore = options.configuration.ignoreMatcher
        configPath = Self.configurationPath(root: options.root, configuration: options.configuration)
        rootPath = Repository.EntryPath(options.root)
    }

    /// isms.yml's path relative to the repository root, from the documents root and the configuration's `root:`.
    public static func configurationPath(root: String, configuration: Configuration) -> String {
        var folder = root.split(separator: "/").map(String.init)
        let rootParts = configuration.root.split(separator: "/").map(String.init).filter { $0 != "." && !$0.isEmpty }
        if !rootParts.isEmpty, folder.count >= rootParts.count, Array(folder.suffix(rootParts.count)) == rootParts {
            folder.removeLast(rootParts.count)
        }
        return (folder + [Configuration.fileName]).joined(separator: "/")
    }

    /// The configuration file lies outside the documents root (`root:` names a subfolder).
    var configOutsideRoot: Bool {
        let prefix = options.root.isEmpty ? "" : options.root + "/"
        return !configPath.hasPrefix(prefix)
    }

    /// Reads the history. An empty repository gives an empty history (head nil), never an error.
    /// The cache is written by the time it returns.
    public static func read(_ repository: Repository, _ options: Options) throws -> ChangeHistory {
        let (history, cacheWrite) = try readWritingCacheInBackground(repository, options)
        cacheWrite?.join()
        return history
    }

    /// The same, with the cache (when it changed) still being written on another thread, overlapping the caller's
    /// next phases: the caller joins the returned write before the process exits or anything reads the cache.
    /// When the read fails, the write is joined before the error is thrown.
    public static func readWritingCacheInBackground(_ repository: Repository, _ options: Options) throws -> (ChangeHistory, BackgroundWork<Void>?) {
        var reader = HistoryReader(repository: repository, options: options)
        do {
            return (try reader.run(), reader.cacheWrite)
        } catch {
            reader.cacheWrite?.join()
            throw error
        }
    }

    mutating func run() throws -> ChangeHistory {
        guard let head = try options.head ?? repository.headCommitID() else {
            return ChangeHistory(head: nil, commits: [], shallowBoundary: [], walkedCount: 0)
        }
        let trace = Trace()
        defer { trace.mark("assembled") }
        // The cache depends on where the configuration file is too: its changes are change records.
        let cacheKey = options.configuration.ignore + ["\u{0}configuration:" + configPath]
        let cache = options.useCache ? HistoryCache.load(repository: repository, root: options.root, ignore: cacheKey) : nil
        let graph = try CommitGraph.walk(repository, from: head, excluding: options.exclude, cache: cache)
        trace.mark("walked \(graph.nodes.count) commits (cache: \(cache?.commits.count ?? 0))")
        var records: [CommitRecord] = []
        var fresh: [ObjectID: CachedCommit] = [:]
        // Pass 1: what changed in each new commit (trees read in place, see `RawTrees`), on every core. Pass 2: read
        // the front matter of every blob involved, in parallel. Then assemble.
        let pending = try analyse(graph.nodes.filter { cache?.commits[$0.id] == nil })
        // The trees are compared: what was kept to compare them is not needed to read the versions.
        // (And what pass 1's threads freed, which the allocator would keep resident.)
        repository.forgetComparedTrees()
        FreedMemory.release()
        trace.mark("compared trees of \(pending.count) commits")
        // Every version the new commits' changes name, in graph order (the first to name a version names it in a
        // problem report).
        var refs: [BlobRef] = []
        refs.reserveCapacity(2 * pending.count)
        for node in graph.nodes {
            guard let p = pending[node.id] else { continue }
            for change in p.changes {
                if let b = change.before { refs.append(b) }
                if let a = change.after { refs.append(a) }
            }
        }
        try readFacts(for: refs)
        refs = []
        // The versions are read: what the pack reader kept to read them is not needed for the rest of the command.
        repository.forgetResolvedObjects()
        FreedMemory.release()
        trace.mark("read \(factsCache.count) document versions")
        // Where the people registry is at the head: found once the versions are read, most of the head's documents
        // among them (reading each again to find the registry was a twentieth of a cold walk).
        var peoplePaths: Set<String>
        if let known = cache?.people, known.head == head {
            peoplePaths = Set(known.paths)
        } else if let known = cache?.people, let moved = try? peopleRegistryPaths(from: known, to: head) {
            peoplePaths = moved
        } else {
            peoplePaths = try peopleRegistryPaths(at: head)
        }
        // Remembered only when every document at the head could be read.
        let peopleAtHead = missingElsewhere.isEmpty ? (head: head, paths: Array(peoplePaths)) : nil
        fresh.reserveCapacity(pending.count)
        for (id, p) in pending { fresh[id] = p.resolved(id.hex, with: factsCache, missingBlobs: missingBlobs) }
        // Which commits keep the registry where their first parent has it (see `registry(atParentOf:)`), worked out
        // when first needed (a warm run finds each commit's registry in the cache): none touches a path the registry
        // is at, or was at in any version.
        var keeps: [Bool]?
        func keepsRegistry() -> [Bool] {
            if let keeps { return keeps }
            var ever = peoplePaths
            let versions = fresh.values.lazy.map(\.changes) + (cache?.commits.values.lazy.map(\.changes) ?? [])
            for changes in versions {
                for d in changes where Self.concernsPeople(d) {
                    ever.insert(d.path)
                    if let o = d.oldPath { ever.insert(o) }
                }
            }
            keeps = Self.keepsRegistry(graph, touching: Array(ever)) { id in cache?.commits[id] ?? fresh[id] }
            return keeps!
        }
        var lineNodes: [LineGraph.Node] = []
        lineNodes.reserveCapacity(graph.nodes.count)
        // Nodes with a record of their own, abbreviated together below.
        var ownRecords: [Int] = []
        for node in graph.nodes {
            guard let cached = cache?.commits[node.id] ?? fresh[node.id] else {
                lineNodes.append(LineGraph.Node(parents: node.parents.map { graph.index($0) }, edges: [], record: .none, isBoundary: node.isBoundary))
                continue
            }
            // A commit that changed no document may still have changed a file that became one (a rename to Markdown).
            var own = LineGraph.Record.none
            if cached.changes.isEmpty, cached.edges.contains(where: { !$0.isEmpty }) {
                let r = CommitRecord(id: node.id.hex, parents: node.parents.map(\.hex), author: cached.author, committer: cached.committer,
                                     subject: cached.subject, trailers: cached.trailers, changes: [])
                ownRecords.append(lineNodes.count)
                own = .own(r)
            }
            lineNodes.append(LineGraph.Node(parents: node.parents.map { graph.index($0) }, edges: cached.edges,
                                            record: cached.changes.isEmpty ? own : .history(records.count), isBoundary: node.isBoundary))
            guard !cached.changes.isEmpty else { continue }
            for change in cached.changes where Self.concernsPeople(change) {
                // Where the registry stood was found among the paths known then: found again with the new one.
                if peoplePaths.insert(change.path).inserted { registryIn = [:] }
                if let old = change.oldPath, peoplePaths.insert(old).inserted { registryIn = [:] }
            }
            let changesConfiguration = cached.changes.contains { $0.path == configPath }
            var record = CommitRecord(id: node.id.hex, parents: node.parents.map(\.hex), author: cached.author, committer: cached.committer,
                                      subject: cached.subject, trailers: cached.trailers,
                                      changes: changesConfiguration ? cached.changes.filter { $0.path != configPath } : cached.changes)
            // Who had authority: the people registry at the first parent, remembered per commit in the cache.
            if let known = cached.registry, peoplePaths.contains(known.path), let registry = try registry(blob: known.blob, path: known.path) {
                record.authority = registry
                record.authorityVersion = known.blob.hex
            } else {
                let found = try registry(atParentOf: node, graph: graph, paths: peoplePaths, keeps: keepsRegistry())
                record.authority = found.registry
                record.authorityVersion = found.location?.blob.hex
                if let where_ = found.location { fresh[node.id, default: cached].registry = where_ }
            }
            // What the commit left of the registry and the configuration: they are controlled too, and grant
            // authority (or set the rules) only once approved. Read for the few commits that change them.
            if record.changes.contains(where: Self.concernsPeople) {
                if let after = try registryLocation(inTreeOf: node.id, paths: peoplePaths), let registry = try registry(blob: after.blob, path: after.path) {
                    record.registryAfter = registry
                    record.registryAfterVersion = after.blob.hex
                } else {
                    record.registryAfter = PeopleRegistry(); record.registryAfterVersion = "none"
                }
            }
            if changesConfiguration {
                record.configurationChange = try configurationChange(node)
            }
            records.append(record)
        }
        trace.mark("records and authority")
        if options.useCache, !fresh.isEmpty || cache == nil || (peopleAtHead != nil && cache?.people?.head != head) {
            // Encoded and written (atomically) on another thread while the history is assembled: a tenth of a cold run.
            let (repository, root) = (repository, options.root)
            cacheWrite = BackgroundWork { [fresh] in
                HistoryCache.save(repository: repository, root: root, ignore: cacheKey, head: head, graph: graph, previous: cache, fresh: fresh, people: peopleAtHead)
            }
        }
        trace.mark("cache save started")
        // Abbreviations long enough to be unique in the object database, as git prints them (set before the records
        // are shared with the history: set after, each record's fields were copied).
        let ids = records.compactMap { ObjectID(hex: $0.id) }
        if ids.count == records.count {
            for (i, n) in repository.abbreviations(of: ids).enumerated() { records[i].abbreviation = n }
        }
        let own = ownRecords.compactMap { i -> ObjectID? in if case .own(let r) = lineNodes[i].record { return ObjectID(hex: r.id) } else { return nil } }
        if own.count == ownRecords.count {
            for (i, n) in zip(ownRecords, repository.abbreviations(of: own)) {
                if case .own(var r) = lineNodes[i].record { r.abbreviation = n; lineNodes[i].record = .own(r) }
            }
        }
        trace.mark("abbreviated")
        var history = ChangeHistory(head: head.hex, commits: consume records, shallowBoundary: graph.boundary.map(\.hex), walkedCount: graph.nodes.count)
        history.lines = LineGraph(nodes: lineNodes)
        var missing = Set<MissingObject>()
        history.missingObjects = (fresh.values.flatMap(\.missing) + missingElsewhere).filter { missing.insert($0).inserted }
            .sorted { ($0.commit, $0.path) < ($1.commit, $1.path) }
        history.judgeEveryCommit = options.judgeEveryCommit
        if !options.judgeEveryCommit { try applyAdoption(&history, graph: graph) }
        trace.mark("adoption")
        ApprovalSources.fromTrailers(&history, keys: options.configuration.changeControl.approvalTrailers)
        if options.configuration.changeControl.mergeApproves {
            try ApprovalSources.fromMerges(&history, repository: repository, graph: graph)
        }
        return history
    }

    /// `change_control.since`, a date or a commit, is inclusive: checking starts on that day, or with that commit;
    /// everything before it is exempt, so a team can adopt isms on a repository with years of unapproved history.
    /// The since commit at HEAD must be HEAD or one of its ancestors; each configuration version's own since commit
    /// is resolved too (the change-control ledger applies each version from the commit that made it).
    func applyAdoption(_ history: inout ChangeHistory, graph: CommitGraph) throws {
        if let since = options.configuration.changeControl.since {
            if let day = Day(since) {
                history.sinceDay = day
            } else {
                let start: ObjectID
                do { start = try repository.resolveCommit(since) } catch let e as GitError {
                    throw ToolFailure("change_control.since '\(since)' is neither a date nor a commit of this repository: \(e.message)")
                }
                guard graph.contains(start) else {
                    throw ToolFailure("change_control.since '\(since)' (commit \(start.short)) is not HEAD or an ancestor of it: change control cannot start at a commit outside this history. Name a commit of this branch, or a date")
                }
                // Everything strictly before the adoption commit is exempt; the commit itself is checked.
                history.exemptCommits = graph.ancestors(of: start).subtracting([start.hex])
                history.sinceCommits[since] = history.exemptCommits
            }
        }
        for c in history.commits {
            guard let since = c.configurationChange?.after?.changeControl.since, Day(since) == nil, history.sinceCommits[since] == nil,
                  let start = try? repository.resolveCommit(since), graph.contains(start) else { continue }
            history.sinceCommits[since] = graph.ancestors(of: start).subtracting([start.hex])
        }
    }

    /// The configuration file before and after a commit that changed it (first parent: the version in force).
    func configurationChange(_ node: CommitGraph.Node) throws -> ConfigurationChange {
        func read(_ commit: ObjectID) throws -> (exists: Bool, config: Configuration?, problem: String?) {
            guard let entry = try repository.commit(commit).tree().entry(at: configPath) else { return (false, nil, nil) }
            let (data, size) = try repository.blobData(entry.oid, limit: SourceFile.maximumSize)
            guard size <= SourceFile.maximumSize, let text = String(validating: data, as: UTF8.self) else { return (true, nil, "not readable as UTF-8 text") }
            do { return (true, try Configuration.parse(text, path: configPath), nil) } catch { return (true, nil, "\(error)") }
        }
        let after = try read(node.id)
        var before: (exists: Bool, config: Configuration?, problem: String?) = (false, nil, nil)
        if let parent = node.parents.first, repository.hasObject(parent) { before = try read(parent) }
        return ConfigurationChange(path: configPath, before: before.config, after: after.config, existedBefore: before.exists, problem: after.problem)
    }

    /// Where the people registry is: every file under the root whose type is `people` at HEAD.
    mutating func peopleRegistryPaths(at head: ObjectID) throws -> Set<String> {
        let tree = try repository.commit(head).tree()
        var paths: Set<String> = []
        for e in try tree.files(under: options.root) where isDocumentPath(e.path) {
            if try isPeopleRegistry(e.oid, path: e.path, at: head) { paths.insert(e.path) }
        }
        return paths
    }

    /// The same, from where the registry was at an earlier head (the cache's): only the files that differ between the
    /// two heads' trees are read (reading every document was most of a warm run after one new commit).
    mutating func peopleRegistryPaths(from known: (head: ObjectID, paths: [String]), to head: ObjectID) throws -> Set<String> {
        let changes = try repository.changes(from: repository.commit(known.head).treeID, to: repository.commit(head).treeID,
                                             pathspec: options.root.isEmpty ? [] : [options.root], findRenames: false)
        var paths = Set(known.paths)
        for c in changes {
            if let old = c.oldPath { paths.remove(old) }
            guard let path = c.newPath else { continue }
            paths.remove(path)
            // (A submodule is not a file of the tree: `peopleRegistryPaths(at:)` never sees one.)
            guard c.kind != .deleted, c.newMode != 0o160000, let blob = c.newID, isDocumentPath(path) else { continue }
            if try isPeopleRegistry(blob, path: path, at: head) { paths.insert(path) }
        }
        return paths
    }

    /// Whether the blob at `path` is a people registry: its front matter's type, read as the history reads every
    /// version (a version the walk has read is not read again); a missing blob is remembered.
    mutating func isPeopleRegistry(_ blob: ObjectID, path: String, at head: ObjectID) throws -> Bool {
        if let known = factsCache[blob] { return known.type == DocumentType.people.rawValue }
        let data: Data, size: Int
        do { (data, size) = try repository.blobData(blob, limit: SourceFile.maximumSize) } catch let error as GitError where error.kind == .objectMissing {
            missingElsewhere.append(MissingObject(commit: head.hex, path: path, object: blob.hex))
            return false
        }
        return size <= SourceFile.maximumSize && DocumentFacts.read(data, path: path).type == DocumentType.people.rawValue
    }

    /// The people registry at a commit's first parent: the first of `paths` (sorted) there that holds people.
    /// Found once per stretch of commits: a commit that touched none of `paths` against its own first parent has the
    /// registry where that parent has it (reading the parent's tree for every commit was half of settling authority).
    /// `keeps`, by node: see `keepsRegistry`.
    mutating func registry(atParentOf node: CommitGraph.Node, graph: CommitGraph, paths: Set<String>,
                           keeps: [Bool]) throws -> (registry: PeopleRegistry, location: RegistryLocation?) {
        guard let parent = node.parents.first, graph.contains(parent) || repository.hasObject(parent) else { return (PeopleRegistry(), nil) }
        if registryIn.isEmpty { registryIn.reserveCapacity(graph.nodes.count) }
        var stretch: [ObjectID] = []
        var at = parent
        var found: RegistryLocation?
        while true {
            if let known = registryIn[at] { found = known; break }
            if let i = graph.index(at), keeps[i], let next = graph.nodes[i].parents.first, graph.contains(next) {
                stretch.append(at)
                at = next
                continue
            }
            found = try registryLocation(inTreeOf: at, paths: paths)
            registryIn[at] = .some(found)
            break
        }
        for id in stretch { registryIn[id] = .some(found) }
        guard let found, let registry = try registry(blob: found.blob, path: found.path) else { return (PeopleRegistry(), nil) }
        return (registry, found)
    }

    /// A change to a people registry (before or after it).
    static func concernsPeople(_ change: DocumentChange) -> Bool {
        change.after?.type == DocumentType.people.rawValue || change.before?.type == DocumentType.people.rawValue
    }

    /// By node: whether the commit leaves the registry where its first parent has it: read completely (no object
    /// missing, compared against every parent), not a shallow boundary, and touching none of `paths` (every path a
    /// registry is or was at: more than those known at any one point, which only stops a stretch early). On every
    /// core; a few path comparisons per commit, not a hash of each path.
    static func keepsRegistry(_ graph: CommitGraph, touching paths: [String], read: (ObjectID) -> CachedCommit?) -> [Bool] {
        func touches(_ path: String) -> Bool { paths.contains { $0 == path } }
        var keeps = [Bool](repeating: false, count: graph.nodes.count)
        let threads = graph.nodes.count < minimumRun ? 1 : ProcessInfo.processInfo.activeProcessorCount
        keeps.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                for i in stride(from: t, to: graph.nodes.count, by: threads) {
                    let n = graph.nodes[i]
                    guard !n.isBoundary, let c = read(n.id), c.missing.isEmpty, c.edges.count == n.parents.count else { continue }
                    out[i] = !c.changes.contains { touches($0.path) || $0.oldPath.map(touches) == true }
                        && !(c.edges.first ?? []).contains { touches($0.path) || $0.oldPath.map(touches) == true }
                }
            }
        }
        return keeps
    }

    /// The first of `paths` (sorted) in a commit's tree that holds people.
    mutating func registryLocation(inTreeOf commit: ObjectID, paths: Set<String>) throws -> RegistryLocation? {
        let tree = try repository.commit(commit).tree()
        for path in paths.sorted() {
            guard let entry = try tree.entry(at: path), try registry(blob: entry.oid, path: path) != nil else { continue }
            return RegistryLocation(path: path, blob: entry.oid)
        }
        return nil
    }

    /// The registry in one blob (parsed once per run); nil when the blob holds no people.
    mutating func registry(blob: ObjectID, path: String) throws -> PeopleRegistry? {
        if let known = registryCache[blob] { return known.isEmpty ? nil : known }
        let data: Data
        do { (data, _) = try repository.blobData(blob, limit: SourceFile.maximumSize) } catch let e as GitError where e.kind == .objectMissing {
            registryCache[blob] = PeopleRegistry()
            return nil
        }
        let registry = PeopleRegistry(documents: [Document.load(SourceFile(path: path, content: .bytes(data)), parseBody: false)])
        registryCache[blob] = registry
        return registry.isEmpty ? nil : registry
    }

    func isDocumentPath(_ path: String) -> Bool {
        guard path.hasSuffix(".md") || path.hasSuffix(".markdown") else { return false }
        let prefix = options.root.isEmpty ? "" : options.root + "/"
        guard path.hasPrefix(prefix) else { return false }
        return !ignore.matches(String(path.dropFirst(prefix.count)))
    }

    /// Pass 1 for `nodes` (graph order), on `Options.workers` threads: each takes the next run of consecutive commits
    /// with a repository handle of its own (libgit2 wants a handle used by one thread at a time; and walking newest
    /// first, a commit's parents' trees are the next commit's own, which the pack reader's and tree caches keep).
    /// Keyed by commit, so nothing depends on which thread read what. Should anything fail but a missing object (a
    /// damaged object, say), the commits are read again one by one, so the error is the one a serial walk meets first.
    mutating func analyse(_ nodes: [CommitGraph.Node]) throws -> [ObjectID: PendingCommit] {
        let wanted = max(1, options.workers ?? ProcessInfo.processInfo.activeProcessorCount)
        // Without an explicit number, a few new commits (a warm run) are not worth opening more handles for.
        let workers = min(wanted, options.workers == nil ? nodes.count / Self.minimumRun : nodes.count)
        if workers > 1, Libgit2.isThreadSafe, let others = try? (1..<workers).map({ _ in try repository.openedAgain(cacheShare: Self.workerCacheShare) }) {
            let analysts = [Analyst(repository)] + others.map(Analyst.init)
            let report = CorruptObjectReport.saved()
            if let analysed = analyse(nodes, by: analysts) {
                passOneThreads = analysts.count
                for a in analysts { readForRenames.data.merge(a.readForRenames.data) { kept, _ in kept } }
                return analysed
            }
            CorruptObjectReport.restore(report)
        }
        let analyst = Analyst(repository)
        var pending: [ObjectID: PendingCommit] = [:]
        for node in nodes { pending[node.id] = try analyse(node, by: analyst) }
        readForRenames.data.merge(analyst.readForRenames.data) { kept, _ in kept }
        return pending
    }

    /// Fewer new commits than this per thread are read on one.
    static let minimumRun = 64
    /// The other threads' repository handles keep a quarter of the usual caches: enough for a run of commits, and
    /// the command's peak memory stays what it was.
    static let workerCacheShare = 4

    /// The parallel pass; nil when any commit failed (the caller reads them all again, serially).
    private func analyse(_ nodes: [CommitGraph.Node], by analysts: [Analyst]) -> [ObjectID: PendingCommit]? {
        // Runs of consecutive commits, several per thread so one slow run does not keep the others waiting; each
        // thread's first commit of a run reads its trees afresh.
        let runLength = max(1, min(256, (nodes.count + analysts.count * 8 - 1) / (analysts.count * 8)))
        let runs = (nodes.count + runLength - 1) / runLength
        var results = [PendingCommit?](repeating: nil, count: nodes.count)
        let progress = RunQueue()
        let reader = self
        results.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            DispatchQueue.concurrentPerform(iterations: analysts.count) { w in
                while let run = progress.take(below: runs) {
                    for i in run * runLength ..< min(nodes.count, (run + 1) * runLength) {
                        do { out[i] = try reader.analyse(nodes[i], by: analysts[w]) } catch { progress.fail(); return }
                    }
                }
            }
        }
        guard !progress.failed else { return nil }
        var pending: [ObjectID: PendingCommit] = [:]
        pending.reserveCapacity(nodes.count)
        for (node, result) in zip(nodes, results) { pending[node.id] = result! }
        return pending
    }

    /// What one commit did to the documents. For a merge, only what differs from every parent counts (as `git log`
    /// shows it): changes that came from a merged branch were already recorded on that branch's commits. Also what it
    /// did to every file against each parent (the edges a document's name is followed back along).
    func analyse(_ node: CommitGraph.Node, by analyst: Analyst) throws -> PendingCommit {
        let commit = try analyst.repository.commit(node.id)
        let author = identity(commit.author), committer = identity(commit.committer)
        var result = PendingCommit(author: author, committer: committer, subject: commit.summary,
                                   trailers: Trailers.parse(commit.message), changes: [])
        if node.isBoundary { return result }
        do {
            try compare(node, commit, by: analyst, into: &result)
        } catch let e as GitError where e.kind == .objectMissing {
            // Keep going: this commit is named, not cached, and the rest of the history is still read.
            result.changes = []
            result.edges = node.parents.map { _ in [] }
            result.missing.append(MissingObject(commit: node.id.hex, path: options.root.isEmpty ? "." : options.root, object: Self.objectName(in: e.message)))
        }
        return result
    }

    private func compare(_ node: CommitGraph.Node, _ commit: Commit, by analyst: Analyst, into result: inout PendingCommit) throws {
        let repository = analyst.repository, readForRenames = analyst.readForRenames
        if configOutsideRoot {
            // isms.yml above the documents root: compare its blob directly (the root's tree does not hold it).
            // A merge records it only when it differs from every parent, like a document.
            let now = try commit.tree().entry(at: configPath)?.oid
            let parents = try node.parents.map { try repository.commit($0).tree().entry(at: configPath)?.oid }
            let was = parents.first ?? nil
            if now != was, !parents.dropFirst().contains(now) {
                result.changes.append(PendingChange(kind: now == nil ? .deleted : was == nil ? .added : .modified, path: configPath, oldPath: nil,
                                                    before: was.map { BlobRef(id: $0, path: configPath, commit: node.id) },
                                                    after: now.map { BlobRef(id: $0, path: configPath, commit: node.id) }))
            }
        }
        let newRoot = try rootTree(ofCommit: node.id, by: analyst) { commit.treeID }
        let prefix = options.root.isEmpty ? "" : options.root + "/"
        var missing: [MissingObject] = []
        // Changes under the root folder's own trees (no pathspec matched against every entry), renames paired as git does.
        func deltas(from parentRoot: ObjectID?) throws -> [FileChange] {
            // Cheap exit: the root folder's tree object is identical, so nothing under it changed.
            if newRoot == parentRoot { return [] }
            var deltas = try repository.changedFiles(from: parentRoot, to: newRoot)
            if deltas.contains(where: { $0.kind == .added }) && deltas.contains(where: { $0.kind == .deleted }) {
                // As `Repository.pairRenames`, keeping what it reads: those versions' front matter is read next.
                deltas = try RenameDetection(memo: analyst.renameMemo).apply(to: deltas) { id in
                    if let known = readForRenames.data[id] { return known }
                    do {
                        let data = try repository.blobData(id).data
                        if data.count <= SourceFile.maximumSize { readForRenames.data[id] = data }
                        return data
                    } catch let e as GitError where e.kind == .objectMissing {
                        let path = deltas.first { $0.oldID == id || $0.newID == id }.flatMap { $0.newPath ?? $0.oldPath } ?? ""
                        missing.append(MissingObject(commit: node.id.hex, path: prefix + path, object: id.hex))
                        return nil
                    }
                }
            }
            return deltas.map { $0.prefixed(prefix) }
        }
        var perParent: [[FileChange]] = []
        for parent in node.parents {
            perParent.append(try deltas(from: try rootTree(ofCommit: parent, by: analyst) { try repository.commit(parent).treeID }))
        }
        let first = node.parents.isEmpty ? try deltas(from: nil) : perParent[0]
        // A commit with one parent (or none) keeps only the edges its document changes do not already say
        // (see `LineGraph.Node.edges`); a merge keeps every edge against every parent.
        var otherFiles: [PathEdge] = []
        // What each other parent differs in (a merge): a change counts only if the document differs from all of them.
        let others = perParent.dropFirst().map { changes in
            (changed: Set(changes.compactMap { $0.kind == .deleted ? nil : $0.newPath }),
             gone: Set(changes.compactMap { $0.kind == .deleted || $0.kind == .renamed ? $0.oldPath : nil }))
        }
        for delta in first {
            let path = delta.newPath ?? delta.oldPath ?? ""
            let sameAsAnother = others.contains { other in
                delta.kind == .deleted ? !other.gone.contains(path) : !other.changed.contains(path)
            }
            if path == configPath || delta.oldPath == configPath {
                // The configuration is a controlled document too (a rename away counts as its deletion).
                otherFiles.append(Self.edge(delta))
                let gone = path != configPath
                // A merge: only when the file differs from every parent (absent from none, for a deletion).
                if others.contains(where: { gone ? !$0.gone.contains(configPath) : !$0.changed.contains(configPath) }) { continue }
                result.changes.append(PendingChange(kind: gone ? .deleted : delta.kind == .added ? .added : delta.oldPath == configPath ? .modified : .added,
                                                    path: configPath, oldPath: nil,
                                                    before: delta.oldPath == configPath ? delta.oldID.map { BlobRef(id: $0, path: configPath, commit: node.id) } : nil,
                                                    after: gone ? nil : delta.newID.map { BlobRef(id: $0, path: configPath, commit: node.id) }))
                continue
            }
            guard isDocumentPath(path) || (delta.oldPath.map(isDocumentPath) ?? false) else { otherFiles.append(Self.edge(delta)); continue }
            if sameAsAnother { continue }
            let kind: DocumentChange.Kind
            switch delta.kind {
            case .added, .copied: kind = .added
            case .deleted: kind = .deleted
            case .renamed: kind = .renamed
            case .modified, .typeChanged: kind = .modified
            }
            let before = delta.oldID.map { BlobRef(id: $0, path: delta.oldPath ?? path, commit: node.id) }
            let after = delta.newID.map { BlobRef(id: $0, path: path, commit: node.id) }
            result.changes.append(PendingChange(kind: kind, path: path, oldPath: kind == .renamed ? delta.oldPath : nil,
                                                before: kind == .added ? nil : before, after: kind == .deleted ? nil : after))
        }
        result.edges = node.parents.count > 1 ? perParent.map { $0.map(Self.edge) } : [otherFiles]
        result.missing += missing
    }

    static func edge(_ c: FileChange) -> PathEdge {
        switch c.kind {
        case .added, .copied: return PathEdge(kind: .added, path: c.newPath ?? "")
        case .deleted: return PathEdge(kind: .deleted, path: c.oldPath ?? "")
        case .renamed: return PathEdge(kind: .renamed, path: c.newPath ?? "", oldPath: c.oldPath)
        case .modified, .typeChanged: return PathEdge(kind: .modified, path: c.newPath ?? "")
        }
    }

    /// The object id in a libgit2 "missing" message, or "unknown".
    static func objectName(in message: String) -> String {
        message.split(whereSeparator: { !$0.isHexDigit }).first { $0.count >= 7 }.map(String.init) ?? "unknown"
    }

    func subtreeID(_ tree: ObjectID, in repository: Repository) throws -> ObjectID? {
        if options.root.isEmpty { return tree }
        return try repository.entryID(at: rootPath, inTree: tree)
    }

    /// The documents root's folder in a commit's tree, remembered by the thread's analyst: a commit is asked as a
    /// parent first (newest first), then for itself.
    func rootTree(ofCommit id: ObjectID, by analyst: Analyst, tree: () throws -> ObjectID) throws -> ObjectID? {
        if let known = analyst.rootTrees[id] { return known }
        let found = try subtreeID(tree(), in: analyst.repository)
        analyst.rootTrees[id] = .some(found)
        return found
    }

    /// Reads each blob once (serially) and its front matter on every core.
    mutating func readFacts(for refs: [BlobRef]) throws {
        // In the order the packs store them: git stores a delta close to its base (a version of the same document,
        // or of one much like it), so each read finds its base still in the pack reader's cache instead of inflating
        // a chain. (Read in commit order, the reads were a third of a cold walk; one document after another, they
        // took 40% longer than in storage order.) Objects in no pack (loose) follow; they are no deltas.
        // (Sorted as places and indices: sorting the references themselves retained and released each path at
        // every move.)
        var seen: Set<ObjectID> = []
        seen.reserveCapacity(refs.count)
        var packed: [(place: Int, index: Int)] = [], loose: [Int] = []
        packed.reserveCapacity(refs.count)
        for (i, ref) in refs.enumerated() where factsCache[ref.id] == nil && seen.insert(ref.id).inserted {
            if let p = repository.packPlace(of: ref.id) { packed.append((p.pack << 40 | p.offset, i)) } else { loose.append(i) }
        }
        packed.sort { $0.place < $1.place }
        factsCache.reserveCapacity(factsCache.count + packed.count + loose.count)
        let ordered = (packed.map(\.index) + loose).lazy.map { refs[$0] }
        var todo: [(BlobRef, Data?)] = []
        // Read and parsed a batch at a time, the bytes dropped once parsed: holding every version's bytes at once
        // was a quarter of a cold walk's peak memory. A batch is parsed on a thread of its own while the next is
        // read (the reads are one pass through the pack, in its order; the parsing needs none of it).
        var parsing: (refs: [BlobRef], work: BackgroundWork<[DocumentFacts]>)?
        func collect() throws {
            guard let p = parsing else { return }
            parsing = nil
            for (ref, facts) in zip(p.refs, try p.work.wait()) { factsCache[ref.id] = facts }
        }
        let configPath = configPath
        var batchBytes = 0
        for ref in ordered {
            if let data = readForRenames.data.removeValue(forKey: ref.id) {
                todo.append((ref, data))
            } else {
                do {
                    let (data, size) = try repository.blobData(ref.id, limit: SourceFile.maximumSize)
                    todo.append((ref, size > SourceFile.maximumSize ? nil : data))
                } catch let e as GitError where e.kind == .objectMissing {
                    // Named, and the commit is not cached; everything else is still read.
                    missingBlobs[ref.id] = MissingObject(commit: ref.commit.hex, path: ref.path, object: ref.id.hex)
                    todo.append((ref, nil))
                }
            }
            batchBytes += todo[todo.count - 1].1?.count ?? 0
            if batchBytes >= Self.factsBatchBytes {
                try collect()
                let batch = todo
                parsing = (batch.map(\.0), BackgroundWork { batch.map { Self.facts(of: $0.1, path: $0.0.path, configPath: configPath) } })
                todo.removeAll(keepingCapacity: true); batchBytes = 0
                // The reads touch most of the pack: its pages are handed back as they go, not all held at the end.
                repository.releasePackPages()
            }
        }
        try collect()
        // The last batch on every core (nothing is read beside it).
        var results = [DocumentFacts](repeating: DocumentFacts(), count: todo.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            DispatchQueue.concurrentPerform(iterations: todo.count) { i in out[i] = Self.facts(of: todo[i].1, path: todo[i].0.path, configPath: configPath) }
        }
        for (i, item) in todo.enumerated() { factsCache[item.0.id] = results[i] }
        readForRenames.data = [:]
    }

    /// How many bytes of document versions are parsed together before the next are read.
    static let factsBatchBytes = 4 << 20

    /// A version's facts (nil data: unreadable, too large or missing).
    static func facts(of data: Data?, path: String, configPath: String) -> DocumentFacts {
        var facts = DocumentFacts()
        if path == configPath {
            // The configuration is not a Markdown document: what matters is that it changed.
            facts.type = "configuration"
            facts.substance = DocumentFacts.substanceHash(String(decoding: data ?? Data(), as: UTF8.self), excluding: [])
        } else if let data { facts = DocumentFacts.read(data, path: path) } else { facts.unreadable = true }
        return facts
    }

    func identity(_ s: GitSignature) -> CommitIdentity {
        CommitIdentity(name: s.name, email: s.email, time: s.time, offsetMinutes: s.offsetMinutes)
    }
}

final class BlobMemo {
    var data: [ObjectID: Data] = [:]
}

/// What one thread of pass 1 reads with: its own repository handle, and the memos of rename pairing.
final class Analyst {
    let repository: Repository
    /// Blobs read to pair renames, handed to the reader for their front matter.
    let readForRenames = BlobMemo()
    /// Their chunk counts, kept for the next commit that compares them (see `RenameDetection.Memo`).
    let renameMemo = RenameDetection.Memo()
    /// The documents root's tree in each commit met (see `HistoryReader.rootTree`).
    var rootTrees: [ObjectID: ObjectID?] = [:]
    init(_ repository: Repository) { self.repository = repository }
}

/// Which run of commits the next free thread of pass 1 takes, and whether any failed (the others then stop).
final class RunQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var failure = false
    var failed: Bool { lock.lock(); defer { lock.unlock() }; return failure }
    func take(below count: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard !failure, next < count else { return nil }
        next += 1
        return next - 1
    }
    func fail() { lock.lock(); failure = true; lock.unlock() }
}

struct BlobRef {
    let id: ObjectID
    let path: String
    /// The commit it was found in (to name it if the object is missing).
    let commit: ObjectID
}

struct PendingChange {
    var kind: DocumentChange.Kind
    var path: String
    var oldPath: String?
    var before: BlobRef?
    var after: BlobRef?
}

/// A commit analysed but whose blobs are not read yet.
struct PendingCommit {
    var author: CommitIdentity
    var committer: CommitIdentity
    var subject: String
    var trailers: [(key: String, value: String)]
    var changes: [PendingChange]
    var edges: [[PathEdge]] = []
    /// Objects this commit needed that the clone lacks.
    var missing: [MissingObject] = []

    func resolved(_ commit: String, with facts: [ObjectID: DocumentFacts], missingBlobs: [ObjectID: MissingObject]) -> CachedCommit {
        var c = CachedCommit(author: author, committer: committer, subject: subject, trailers: trailers, changes: changes.map { c in
            DocumentChange(kind: c.kind, path: c.path, oldPath: c.oldPath, before: c.before.flatMap { facts[$0.id] }, after: c.after.flatMap { facts[$0.id] })
        }, edges: edges)
        c.missing = missing
        for change in changes {
            for ref in [change.before, change.after].compactMap({ $0 }) { if missingBlobs[ref.id] != nil { c.missing.append(MissingObject(commit: commit, path: ref.path, object: ref.id.hex)) } }
        }
        return c
    }
}

/// Where the people registry stood at a commit's first parent.
struct RegistryLocation {
    var path: String
    var blob: ObjectID
}

/// What the history keeps of a commit (and what the cache stores).
struct CachedCommit {
    var author: CommitIdentity
    var committer: CommitIdentity
    var subject: String
    var trailers: [(key: String, value: String)]
    var changes: [DocumentChange]
    /// Every file's changes against each parent (see `LineGraph`).
    var edges: [[PathEdge]] = []
    var registry: RegistryLocation? = nil
    /// Objects missing when this commit was read: such a commit is never cached, so a refetch fixes the answer.
    var missing: [MissingObject] = []
}

/// `ISMS_TRACE=1` prints how long each phase of a history read took, to stderr (for benchmarks, not users).
public final class Trace {
    public init() {}
    let enabled = ProcessInfo.processInfo.environment["ISMS_TRACE"] != nil
    var last = Date()
    var lastCPU = Trace.processCPU()
    public func mark(_ what: @autoclosure () -> String) {
        guard enabled else { return }
        let now = Date()
        // The resident set too (Linux): where a run's peak memory builds up.
        let statm = FileHandle(forReadingAtPath: "/proc/self/statm").map { String(decoding: $0.readDataToEndOfFile(), as: UTF8.self) } ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        // And the process's CPU time meanwhile (all threads): how much of the machine a phase used.
        let cpu = Self.processCPU()
        FileHandle.standardError.write(Data(String(format: "trace: %6.0f ms %6.0f ms cpu %5d MiB  %@\n", now.timeIntervalSince(last) * 1000,
                                                   (cpu - lastCPU) * 1000, (pages * Int(getpagesize())) >> 20, what()).utf8))
        last = now
        lastCPU = cpu
    }

    /// User and system time of every thread so far, in seconds.
    static func processCPU() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)   // (glibc declares RUSAGE_SELF as an enum case)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
