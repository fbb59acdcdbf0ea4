import Foundation
import ISMSModel

/// One revision of one document: the commit and what it did.
public struct DocumentRevision: Sendable {
    public let commit: CommitRecord
    public let change: DocumentChange
}

/// Per-document revision histories, taken from the single walk (no `git log` per file), following renames back.
public enum RevisionHistory {
    /// The revisions of the document now at `path`, newest first, as `git log --follow -- path` lists them.
    public static func revisions(of path: String, in history: ChangeHistory) -> [DocumentRevision] {
        var name = path
        var out: [DocumentRevision] = []
        for commit in history.commits {
            // As `git log --follow` does, a commit that deleted an earlier file of the same name is not listed.
            guard let change = commit.changes.first(where: { $0.path == name && $0.kind != .deleted }) else { continue }
            out.append(DocumentRevision(commit: commit, change: change))
            if change.kind == .renamed, let old = change.oldPath { name = old }
        }
        return out
    }

    /// Every document path that exists at the head or was ever changed, with its revisions.
    public static func all(paths: [String], in history: ChangeHistory) -> [(path: String, revisions: [DocumentRevision])] {
        // One pass per document over an index of changes by path keeps this linear in practice.
        var byPath: [String: [(Int, DocumentChange)]] = [:]
        for (i, c) in history.commits.enumerated() {
            for change in c.changes where change.kind != .deleted { byPath[change.path, default: []].append((i, change)) }
        }
        return paths.map { path in
            var name = path
            var after = -1
            var out: [DocumentRevision] = []
            while let next = byPath[name]?.first(where: { $0.0 > after }) {
                out.append(DocumentRevision(commit: history.commits[next.0], change: next.1))
                after = next.0
                if next.1.kind == .renamed, let old = next.1.oldPath { name = old }
            }
            return (path, out)
        }
    }
}
