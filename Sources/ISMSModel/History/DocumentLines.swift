import Foundation

/// What a commit did to one file under the root, compared with one of its parents (every file, not only documents:
/// a document may have been `guide.html.md.erb` or `LICENSE` before it was renamed to Markdown).
public struct PathEdge: Sendable, Hashable {
    public enum Kind: UInt8, Sendable { case added, modified, renamed, deleted }
    public var kind: Kind
    /// The path after the change (before it, for a deletion).
    public var path: String
    /// For a rename: the path in the parent.
    public var oldPath: String?
    public init(kind: Kind, path: String, oldPath: String? = nil) {
        self.kind = kind; self.path = path; self.oldPath = oldPath
    }
}

/// The commit graph as the history walk saw it, with each commit's changes against each of its parents, so a
/// document's name is followed separately along every branch (as `git diff-tree -M` against each parent shows it),
/// not one name at a time in commit order, which loses work done on a branch that renamed the file.
public struct LineGraph: Sendable {
    public struct Node: Sendable {
        /// Indices of the parents in `nodes`; nil for a parent that was not walked (excluded, or beyond a shallow clone).
        public var parents: [Int?]
        /// Changes against each parent, in the parents' order (a root commit: one list, what it added). A commit
        /// with one parent or none lists only what its record's document `changes` do not (they are the rest).
        public var edges: [[PathEdge]]
        /// The commit's record: an index into `ChangeHistory.commits`, or its own record when it changed no document.
        public var record: Record
        /// A shallow clone's boundary: what it changed cannot be known.
        public var isBoundary: Bool
        public init(parents: [Int?], edges: [[PathEdge]], record: Record, isBoundary: Bool) {
            self.parents = parents; self.edges = edges; self.record = record; self.isBoundary = isBoundary
        }
    }
    public enum Record: Sendable { case history(Int), own(CommitRecord), none }

    /// Children before parents; the first node is the head.
    public var nodes: [Node]
    public init(nodes: [Node]) { self.nodes = nodes }

    /// Each path's revisions, newest first: the commits where the file at that path (at the head), under the name it
    /// had on each branch, differs from every parent. A file added (not renamed) by a commit ends its line there,
    /// so an earlier, unrelated file of the same name is never listed.
    func revisions(of paths: [String], commits: [CommitRecord]) -> [[DocumentRevision]] {
        revisions(of: paths.map { ($0, [0]) }, commits: commits)
    }

    /// Each path's revisions, newest first, followed from the given nodes (the head, or a deletion's parents), all
    /// in one pass over the graph.
    func revisions(of starts: [(path: String, nodes: [Int])], commits: [CommitRecord]) -> [[DocumentRevision]] {
        var out = [[DocumentRevision]](repeating: [], count: starts.count)
        guard !nodes.isEmpty else { return out }
        // Names alive at each node not yet visited, with the documents (indices into `starts`) they belong to.
        var pending: [Int: [String: [Int]]] = [:]
        for (i, s) in starts.enumerated() {
            for n in s.nodes where n >= 0 && n < nodes.count && !(pending[n]?[s.path]?.contains(i) ?? false) {
                pending[n, default: [:]][s.path, default: []].append(i)
            }
        }
        for (index, node) in nodes.enumerated() {
            if pending.isEmpty { break }   // every line has ended
            guard let names = pending.removeValue(forKey: index), !names.isEmpty, !node.isBoundary else { continue }
            // Which names this commit changed, against every parent.
            var touched: [String: PathEdge] = [:]
            let firstEdges = edges(of: node, 0, commits)
            if let first = firstEdges {
                // (A root commit's one list is what it added.)
                for e in first where e.kind != .deleted && names[e.path] != nil { touched[e.path] = e }
                for other in node.edges.dropFirst() where !touched.isEmpty && node.parents.count > 1 {
                    let changed = Set(other.lazy.filter { $0.kind != .deleted }.map(\.path))
                    touched = touched.filter { changed.contains($0.key) }
                }
            }
            if !touched.isEmpty, let record = record(node.record, commits) {
                var listed: Set<Int> = []   // a document reached under two names (two branches) is listed once
                for (name, edge) in touched.sorted(by: { $0.key < $1.key }) {
                    let change = record.changes.first { $0.path == name && $0.kind != .deleted } ?? DocumentChange(edge)
                    for doc in names[name] ?? [] where listed.insert(doc).inserted { out[doc].append(DocumentRevision(commit: record, change: change)) }
                }
            }
            for (p, parent) in node.parents.enumerated() {
                guard let parent else { continue }
                let edges = (p == 0 ? firstEdges : (p < node.edges.count ? node.edges[p] : nil)) ?? []
                let carried = Self.carry(names, across: edges)
                guard !carried.isEmpty else { continue }
                if var known = pending[parent] {
                    for (name, docs) in carried { known[name, default: []].append(contentsOf: docs.filter { !(known[name]?.contains($0) ?? false) }) }
                    pending[parent] = known
                } else {
                    pending[parent] = carried
                }
            }
        }
        return out
    }

    /// A node's changes against its `p`th parent, its record's document changes included.
    private func edges(of node: Node, _ p: Int, _ commits: [CommitRecord]) -> [PathEdge]? {
        let own = p < node.edges.count ? node.edges[p] : nil
        guard node.parents.count <= 1, p == 0, case .history(let i) = node.record, i < commits.count else { return own }
        return (own ?? []) + commits[i].changes.map { PathEdge(kind: PathEdge.Kind($0.kind), path: $0.path, oldPath: $0.oldPath) }
    }

    private func record(_ r: Record, _ commits: [CommitRecord]) -> CommitRecord? {
        switch r {
        case .history(let i): return i < commits.count ? commits[i] : nil
        case .own(let c): return c
        case .none: return nil
        }
    }

    /// The names in the parent: a rename takes the document to its old name; an addition ends its line.
    static func carry(_ names: [String: [Int]], across edges: [PathEdge]) -> [String: [Int]] {
        var removed: [String] = []
        var moved: [(String, [Int])] = []
        for e in edges {
            switch e.kind {
            case .added:
                if names[e.path] != nil { removed.append(e.path) }
            case .renamed:
                if let docs = names[e.path], let old = e.oldPath { removed.append(e.path); moved.append((old, docs)) }
            case .deleted:
                // The name did not exist here, so whatever had it in the parent is another file (a path that was
                // never committed, or not yet, at the head).
                if names[e.path] != nil { removed.append(e.path) }
            case .modified:
                continue
            }
        }
        guard !removed.isEmpty else { return names }
        var out = names
        for r in removed { out[r] = nil }
        for (old, docs) in moved { out[old, default: []].append(contentsOf: docs) }
        return out
    }
}

extension PathEdge.Kind {
    init(_ kind: DocumentChange.Kind) {
        switch kind {
        case .added: self = .added
        case .modified: self = .modified
        case .renamed: self = .renamed
        case .deleted: self = .deleted
        }
    }
}

extension DocumentChange {
    /// A change to a file that was not (yet) a document: what git says happened, without front matter.
    init(_ edge: PathEdge) {
        let kind: Kind
        switch edge.kind {
        case .added: kind = .added
        case .modified: kind = .modified
        case .renamed: kind = .renamed
        case .deleted: kind = .deleted
        }
        self.init(kind: kind, path: edge.path, oldPath: edge.oldPath, before: nil, after: nil)
    }
}
