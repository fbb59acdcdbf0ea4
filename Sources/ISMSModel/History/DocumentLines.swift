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
        // Names are numbers and document sets are numbers (see `Names`), so the thousands of names carried from a
        // node to its parents are copied as plain memory, not retained string by string.
        var names = Names()
        var pending = [Alive?](repeating: nil, count: nodes.count)
        var live = 0
        for (i, s) in starts.enumerated() {
            let id = names.id(s.path)
            for n in s.nodes where n >= 0 && n < nodes.count {
                if pending[n] == nil { pending[n] = Alive(); live += 1 }
                pending[n]![id] = names.union(pending[n]![id], i)
            }
        }
        for (index, node) in nodes.enumerated() {
            if live == 0 { break }   // every line has ended
            guard var alive = pending[index] else { continue }
            pending[index] = nil
            live -= 1
            guard !alive.isEmpty, !node.isBoundary else { continue }
            // Which names this commit changed, against every parent.
            var touched: [String: PathEdge] = [:]
            let firstEdges = edges(of: node, 0, commits)
            if let first = firstEdges {
                // (A root commit's one list is what it added.)
                for e in first where e.kind != .deleted && names.existing(e.path).map({ alive[$0] != nil }) == true { touched[e.path] = e }
                for other in node.edges.dropFirst() where !touched.isEmpty && node.parents.count > 1 {
                    // (The few names touched are looked up in the merge's long lists, not the lists made into sets.)
                    var changed: Set<String> = []
                    for e in other where e.kind != .deleted && touched[e.path] != nil { changed.insert(e.path) }
                    touched = touched.filter { changed.contains($0.key) }
                }
            }
            if !touched.isEmpty, let record = record(node.record, commits) {
                var listed: Set<Int> = []   // a document reached under two names (two branches) is listed once
                for (name, edge) in touched.sorted(by: { $0.key < $1.key }) {
                    let change = record.changes.first { $0.path == name && $0.kind != .deleted } ?? DocumentChange(edge)
                    guard let id = names.existing(name), let docs = alive[id] else { continue }
                    for doc in names.documents(docs) where listed.insert(doc).inserted { out[doc].append(DocumentRevision(commit: record, change: change)) }
                }
            }
            let last = node.parents.lastIndex { $0 != nil }
            for (p, parent) in node.parents.enumerated() {
                guard let parent else { continue }
                let edges = (p == 0 ? firstEdges : (p < node.edges.count ? node.edges[p] : nil)) ?? []
                // The last parent takes the names themselves; the others a copy.
                var carried: Alive
                if p == last { carried = alive; alive = Alive() } else { carried = alive }
                names.carry(&carried, across: edges)
                guard !carried.isEmpty else { continue }
                // The same names along both branches (most often still one shared copy, compared at once).
                if let known = pending[parent], known == carried { continue }
                if var known = pending[parent] {
                    pending[parent] = nil
                    carried.forEach { name, docs in if known[name] != docs { known[name] = names.union(known[name], docs) } }
                    pending[parent] = known
                } else {
                    pending[parent] = carried
                    live += 1
                }
            }
        }
        return out
    }

    /// The names alive at a node, by number (see `Names`), with their documents: in a plain array, not a dictionary
    /// (following 854 documents through 4,716 merges looked names up two million times; hashing each was most of it,
    /// and a copy carried to a parent is now one block of memory).
    struct Alive: Equatable {
        private static let none = Int32.min
        private var docs: [Int32] = []
        private(set) var count = 0
        var isEmpty: Bool { count == 0 }
        subscript(name: Int) -> Int? {
            get { name < docs.count && docs[name] != Self.none ? Int(docs[name]) : nil }
            set {
                if name >= docs.count {
                    guard newValue != nil else { return }
                    docs.append(contentsOf: repeatElement(Self.none, count: name + 1 - docs.count))
                }
                count += (newValue == nil ? 0 : 1) - (docs[name] == Self.none ? 0 : 1)
                docs[name] = newValue.map { Int32(truncatingIfNeeded: $0) } ?? Self.none
            }
        }
        func forEach(_ body: (_ name: Int, _ docs: Int) -> Void) {
            for (name, d) in docs.enumerated() where d != Self.none { body(name, Int(d)) }
        }
    }

    /// Paths as numbers, and sets of documents as numbers: a document's index itself, or (negative) a set of several
    /// (a name two documents reached along different branches; rare).
    struct Names {
        private var ids: [String: Int] = [:]
        private var sets: [[Int]] = []
        mutating func id(_ path: String) -> Int {
            if let known = ids[path] { return known }
            let id = ids.count
            ids[path] = id
            return id
        }
        func existing(_ path: String) -> Int? { ids[path] }
        func documents(_ v: Int) -> [Int] { v >= 0 ? [v] : sets[-v - 1] }
        mutating func union(_ a: Int?, _ b: Int) -> Int {
            guard let a, a != b else { return b }
            let merged = Array(Set(documents(a) + documents(b))).sorted()
            if merged == documents(a) { return a }
            if merged == documents(b) { return b }
            sets.append(merged)
            return -sets.count
        }

        /// The names in the parent: a rename takes the document to its old name; an addition ends its line.
        mutating func carry(_ names: inout Alive, across edges: [PathEdge]) {
            var removed: [Int] = []
            var moved: [(String, Int)] = []
            for e in edges {
                switch e.kind {
                case .added, .deleted:
                    // (A deletion: the name did not exist here, so whatever had it in the parent is another file (a
                    // path that was never committed, or not yet, at the head).)
                    if let id = ids[e.path], names[id] != nil { removed.append(id) }
                case .renamed:
                    if let id = ids[e.path], let docs = names[id], let old = e.oldPath { removed.append(id); moved.append((old, docs)) }
                case .modified:
                    continue
                }
            }
            guard !removed.isEmpty else { return }
            for r in removed { names[r] = nil }
            for (old, docs) in moved {
                let to = self.id(old)
                names[to] = union(names[to], docs)
            }
        }
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
