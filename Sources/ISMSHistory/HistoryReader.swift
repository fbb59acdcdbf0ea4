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
        public init(root: String, head: ObjectID? = nil, configuration: Configuration) {
            self.root = root; self.head = head; self.configuration = configuration
        }
    }

    let repository: Repository
    let options: Options
    let ignore: Glob.Matcher
    private var factsCache: [ObjectID: DocumentFacts] = [:]
    private var registryCache: [ObjectID: PeopleRegistry] = [:]

    public init(repository: Repository, options: Options) {
        self.repository = repository
        self.options = options
        ignore = options.configuration.ignoreMatcher
    }

    /// Reads the history. An empty repository gives an empty history (head nil), never an error.
    public static func read(_ repository: Repository, _ options: Options) throws -> ChangeHistory {
        var reader = HistoryReader(repository: repository, options: options)
        return try reader.run()
    }

    mutating func run() throws -> ChangeHistory {
        guard let head = try options.head ?? repository.headCommitID() else {
            return ChangeHistory(head: nil, commits: [], shallowBoundary: [], walkedCount: 0)
        }
        let cache = options.useCache ? HistoryCache.load(repository: repository, root: options.root, ignore: options.configuration.ignore) : nil
        let graph = try CommitGraph.walk(repository, from: head, excluding: options.exclude, cache: cache)
        var records: [CommitRecord] = []
        var fresh: [String: CachedCommit] = [:]
        var peoplePaths = try peopleRegistryPaths(at: head)
        for node in graph.nodes {
            let cached: CachedCommit
            if let hit = cache?.commits[node.id.hex] {
                cached = hit
            } else {
                cached = try analyse(node, graph: graph)
                fresh[node.id.hex] = cached
            }
            guard !cached.changes.isEmpty else { continue }
            for change in cached.changes where change.after?.type == DocumentType.people.rawValue || change.before?.type == DocumentType.people.rawValue {
                peoplePaths.insert(change.path)
                if let old = change.oldPath { peoplePaths.insert(old) }
            }
            var record = CommitRecord(id: node.id.hex, parents: node.parents.map(\.hex), author: cached.author, committer: cached.committer,
                                      subject: cached.subject, trailers: cached.trailers, changes: cached.changes)
            record.authority = try registry(atParentOf: node, graph: graph, paths: peoplePaths)
            records.append(record)
        }
        if options.useCache, !fresh.isEmpty || cache == nil {
            HistoryCache.save(repository: repository, root: options.root, ignore: options.configuration.ignore, head: head, graph: graph, previous: cache, fresh: fresh)
        }
        var history = ChangeHistory(head: head.hex, commits: records, shallowBoundary: graph.boundary.map(\.hex), walkedCount: graph.nodes.count)
        try applyAdoption(&history, graph: graph)
        ApprovalSources.fromTrailers(&history, keys: options.configuration.changeControl.approvalTrailers)
        if options.configuration.changeControl.mergeApproves {
            try ApprovalSources.fromMerges(&history, repository: repository, graph: graph)
        }
        return history
    }

    /// `change_control.since`, a date or a commit, is inclusive: checking starts on that day, or with that commit;
    /// everything before it is exempt, so a team can adopt isms on a repository with years of unapproved history.
    func applyAdoption(_ history: inout ChangeHistory, graph: CommitGraph) throws {
        guard let since = options.configuration.changeControl.since else { return }
        if let day = Day(since) {
            history.sinceDay = day
            return
        }
        let start: ObjectID
        do { start = try repository.resolveCommit(since) } catch let e as GitError {
            throw ToolFailure("change_control.since '\(since)' is neither a date nor a commit of this repository: \(e.message)")
        }
        // Everything strictly before the adoption commit is exempt; the commit itself is checked.
        let ancestors = graph.ancestors(of: start)
        history.exemptCommits = ancestors.subtracting([start.hex])
    }

    /// Where the people registry is: every file under the root whose type is `people` at HEAD.
    func peopleRegistryPaths(at head: ObjectID) throws -> Set<String> {
        let tree = try repository.commit(head).tree()
        var paths: Set<String> = []
        for e in try tree.files(under: options.root) where isDocumentPath(e.path) {
            let (data, size) = try repository.blobData(e.oid, limit: SourceFile.maximumSize)
            guard size <= SourceFile.maximumSize, String(decoding: data.prefix(4096), as: UTF8.self).containsBytes("type: people") else { continue }
            paths.insert(e.path)
        }
        return paths
    }

    mutating func registry(atParentOf node: CommitGraph.Node, graph: CommitGraph, paths: Set<String>) throws -> PeopleRegistry {
        guard let parent = node.parents.first, graph.contains(parent) || repository.hasObject(parent) else { return PeopleRegistry() }
        let tree = try repository.commit(parent).tree()
        for path in paths.sorted() {
            guard let entry = try tree.entry(at: path) else { continue }
            if let known = registryCache[entry.oid] { return known }
            let (data, _) = try repository.blobData(entry.oid, limit: SourceFile.maximumSize)
            let doc = Document.load(SourceFile(path: path, content: .bytes(data)), parseBody: false)
            let registry = PeopleRegistry(documents: [doc])
            registryCache[entry.oid] = registry
            if !registry.isEmpty { return registry }
        }
        return PeopleRegistry()
    }

    func isDocumentPath(_ path: String) -> Bool {
        guard path.hasSuffix(".md") || path.hasSuffix(".markdown") else { return false }
        let prefix = options.root.isEmpty ? "" : options.root + "/"
        guard path.hasPrefix(prefix) else { return false }
        return !ignore.matches(String(path.dropFirst(prefix.count)))
    }

    /// What one commit did to the documents. For a merge, only what differs from every parent counts (as `git log`
    /// shows it): changes that came from a merged branch were already recorded on that branch's commits.
    mutating func analyse(_ node: CommitGraph.Node, graph: CommitGraph) throws -> CachedCommit {
        let commit = try repository.commit(node.id)
        let author = identity(commit.author), committer = identity(commit.committer)
        var result = CachedCommit(author: author, committer: committer, subject: commit.summary,
                                  trailers: Trailers.parse(commit.message), changes: [])
        if node.isBoundary { return result }
        let newTree = commit.treeID
        let firstParentTree = try node.parents.first.map { try repository.commit($0).treeID }
        // Cheap exit: the root folder's tree object is identical, so nothing under it changed.
        if let parentTree = firstParentTree, try subtreeID(newTree) == subtreeID(parentTree) { return result }
        let deltas = try repository.changes(from: firstParentTree, to: newTree, pathspec: options.root.isEmpty ? [] : [options.root])
        var otherParentTrees: [Tree] = []
        if node.parents.count > 1 {
            otherParentTrees = try node.parents.dropFirst().map { try repository.commit($0).tree() }
        }
        for delta in deltas {
            let path = delta.newPath ?? delta.oldPath ?? ""
            guard isDocumentPath(path) || (delta.oldPath.map(isDocumentPath) ?? false) else { continue }
            if !otherParentTrees.isEmpty {
                let sameAsAnother = try otherParentTrees.contains { tree in
                    if let id = delta.newID { return try tree.entry(at: path)?.oid == id }
                    return try tree.entry(at: path) == nil
                }
                if sameAsAnother { continue }
            }
            let kind: DocumentChange.Kind
            switch delta.kind {
            case .added, .copied: kind = .added
            case .deleted: kind = .deleted
            case .renamed: kind = .renamed
            case .modified, .typeChanged: kind = .modified
            }
            let before = try delta.oldID.map { try facts($0, path: delta.oldPath ?? path) }
            let after = try delta.newID.map { try facts($0, path: path) }
            result.changes.append(DocumentChange(kind: kind, path: path, oldPath: kind == .renamed ? delta.oldPath : nil, before: kind == .added ? nil : before, after: kind == .deleted ? nil : after))
        }
        return result
    }

    func subtreeID(_ tree: ObjectID) throws -> ObjectID? {
        if options.root.isEmpty { return tree }
        return try repository.tree(tree).entry(at: options.root)?.oid
    }

    mutating func facts(_ blob: ObjectID, path: String) throws -> DocumentFacts {
        if let known = factsCache[blob] { return known }
        let (data, size) = try repository.blobData(blob, limit: SourceFile.maximumSize)
        var result: DocumentFacts
        if size > SourceFile.maximumSize {
            result = DocumentFacts()
            result.unreadable = true
        } else {
            result = DocumentFacts(document: Document.load(SourceFile(path: path, content: .bytes(data)), parseBody: false))
        }
        factsCache[blob] = result
        return result
    }

    func identity(_ s: GitSignature) -> CommitIdentity {
        CommitIdentity(name: s.name, email: s.email, time: s.time, offsetMinutes: s.offsetMinutes)
    }
}

/// What the history keeps of a commit (and what the cache stores).
struct CachedCommit {
    var author: CommitIdentity
    var committer: CommitIdentity
    var subject: String
    var trailers: [(key: String, value: String)]
    var changes: [DocumentChange]
}
