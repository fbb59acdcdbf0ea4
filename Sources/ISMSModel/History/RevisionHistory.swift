import Foundation

/// One revision of one document: the commit and what it did.
public struct DocumentRevision: Sendable {
    public let commit: CommitRecord
    public let change: DocumentChange
    public init(commit: CommitRecord, change: DocumentChange) { self.commit = commit; self.change = change }
}

/// Per-document revision histories from the single walk (no `git log` per file), following each document's name
/// back along every branch through renames (see `LineGraph`). Build once per history; ask for any number of documents.
public struct RevisionIndex: Sendable {
    private var byPath: [String: [(index: Int, change: DocumentChange)]] = [:]
    private let commits: [CommitRecord]
    private let lines: LineGraph?

    public init(_ history: ChangeHistory) {
        commits = history.commits
        lines = history.lines
        guard lines == nil else { return }
        // Without the walk's graph (a history assembled by hand): follow one name at a time in commit order.
        for (i, c) in history.commits.enumerated() {
            // As `git log --follow` does, a commit that deleted an earlier file of the same name is not listed.
            for change in c.changes where change.kind != .deleted { byPath[change.path, default: []].append((i, change)) }
        }
    }

    /// The revisions of the document now at `path`, newest first.
    public func revisions(of path: String) -> [DocumentRevision] {
        revisions(of: [path])[0]
    }

    /// The revisions of each document, newest first, from one pass over the graph.
    public func revisions(of paths: [String]) -> [[DocumentRevision]] {
        if let lines { return lines.revisions(of: paths, commits: commits) }
        return paths.map { followingOneName($0) }
    }

    /// The revisions of documents before their deletion: for each, its path and the index (into the history's
    /// commits) of the commit that deleted it. The document as it stood at that commit's parents, newest first,
    /// following renames; the deletion itself is not included. One pass for all of them.
    public func revisions(beforeDeletions deletions: [(path: String, commit: Int)]) -> [[DocumentRevision]] {
        guard let lines else { return deletions.map { followingOneName($0.path, after: $0.commit) } }
        return lines.revisions(of: deletionStarts(deletions, lines), commits: commits)
    }

    /// The revisions of the documents now at `paths` and of documents before their deletion (as
    /// `revisions(beforeDeletions:)`), from one pass over the graph for both.
    public func revisions(of paths: [String], beforeDeletions deletions: [(path: String, commit: Int)]) -> (present: [[DocumentRevision]], deleted: [[DocumentRevision]]) {
        guard let lines else { return (revisions(of: paths), revisions(beforeDeletions: deletions)) }
        let all = lines.revisions(of: paths.map { ($0, [0]) } + deletionStarts(deletions, lines), commits: commits)
        return (Array(all.prefix(paths.count)), Array(all.dropFirst(paths.count)))
    }

    /// Where each deleted document's line starts: the deleting commit's parents.
    private func deletionStarts(_ deletions: [(path: String, commit: Int)], _ lines: LineGraph) -> [(path: String, nodes: [Int])] {
        var nodeOf: [Int: Int] = [:]
        let wanted = Set(deletions.map(\.commit))
        for (n, node) in lines.nodes.enumerated() {
            if case .history(let i) = node.record, wanted.contains(i) { nodeOf[i] = n }
        }
        return deletions.map { d in (d.path, nodeOf[d.commit].map { n in lines.nodes[n].parents.compactMap { $0 } } ?? []) }
    }

    private func followingOneName(_ path: String, after start: Int = -1) -> [DocumentRevision] {
        var name = path
        var after = start
        var out: [DocumentRevision] = []
        while let next = byPath[name]?.first(where: { $0.index > after }) {
            out.append(DocumentRevision(commit: commits[next.index], change: next.change))
            after = next.index
            if next.change.kind == .renamed, let old = next.change.oldPath { name = old }
        }
        return out
    }
}

public enum RevisionHistory {
    /// The revisions of the document now at `path`, newest first.
    public static func revisions(of path: String, in history: ChangeHistory) -> [DocumentRevision] {
        RevisionIndex(history).revisions(of: path)
    }

    /// Each path with its revisions.
    public static func all(paths: [String], in history: ChangeHistory) -> [(path: String, revisions: [DocumentRevision])] {
        Array(zip(paths, RevisionIndex(history).revisions(of: paths)))
    }
}
