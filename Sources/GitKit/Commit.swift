import CLibgit2
import Foundation

/// Who did something in git, and when (as recorded, self-asserted by whoever made the commit).
public struct GitSignature: Sendable, Hashable {
    public let name: String
    public let email: String
    /// Seconds since 1970 (UTC).
    public let time: Int64
    /// Minutes east of UTC, as recorded.
    public let offsetMinutes: Int32

    init(_ sig: UnsafePointer<git_signature>) {
        name = String(cString: sig.pointee.name)
        email = String(cString: sig.pointee.email)
        time = sig.pointee.when.time
        offsetMinutes = sig.pointee.when.offset
    }

    public init(name: String, email: String, time: Int64, offsetMinutes: Int32 = 0) {
        self.name = name; self.email = email; self.time = time; self.offsetMinutes = offsetMinutes
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(time)) }
}

/// A commit: the one owner of a `git_commit*`.
public final class Commit {
    let handle: OpaquePointer
    public let repository: Repository

    init(handle: OpaquePointer, repository: Repository) {
        self.handle = handle
        self.repository = repository
    }

    deinit { git_commit_free(handle) }

    public var id: ObjectID { ObjectID(git_commit_id(handle).pointee) }
    public var treeID: ObjectID { ObjectID(git_commit_tree_id(handle).pointee) }
    public var parentIDs: [ObjectID] {
        (0..<git_commit_parentcount(handle)).compactMap { git_commit_parent_id(handle, $0).map { ObjectID($0.pointee) } }
    }
    public var author: GitSignature { GitSignature(git_commit_author(handle)) }
    public var committer: GitSignature { GitSignature(git_commit_committer(handle)) }
    public var message: String { git_commit_message(handle).map { String(cString: $0) } ?? "" }
    public var summary: String { git_commit_summary(handle).map { String(cString: $0) } ?? "" }

    public func tree() throws -> Tree {
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, handle), "cannot read the tree of commit \(id.short)")
        return Tree(handle: tree!, repository: repository)
    }

    /// The SSH or GPG signature on the commit and the data it signs; nil when the commit is unsigned.
    public func signature() throws -> (signature: String, signedData: String)? {
        var sig = git_buf(), data = git_buf()
        defer { git_buf_dispose(&sig); git_buf_dispose(&data) }
        var oid = id.oid
        let code = git_commit_extract_signature(&sig, &data, repository.handle, &oid, nil)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot read the signature of commit \(id.short)")
        return (String(cString: sig.ptr), String(cString: data.ptr))
    }
}

/// Trailers (`Approved-by: Name <mail>`) at the end of a commit message, as git interprets them.
public enum Trailers {
    public static func parse(_ message: String) -> [(key: String, value: String)] {
        var arr = git_message_trailer_array()
        guard git_message_trailers(&arr, message) == 0 else { return [] }
        defer { git_message_trailer_array_free(&arr) }
        var out: [(String, String)] = []
        for i in 0..<arr.count {
            let t = arr.trailers[i]
            out.append((String(cString: t.key), String(cString: t.value)))
        }
        return out
    }
}

extension Repository {
    public func commit(_ id: ObjectID) throws -> Commit {
        var commit: OpaquePointer?
        var oid = id.oid
        let code = git_commit_lookup(&commit, handle, &oid)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError(kind: .objectMissing, code: code, message: "commit \(id.short) is not in the repository" + (isShallow ? " (this is a shallow clone: fetch the full history with `git fetch --unshallow`, or `fetch-depth: 0` in CI)" : ""))
        }
        try check(code, "cannot read commit \(id.short)")
        return Commit(handle: commit!, repository: self)
    }

    /// A commit's parents. Read from its first bytes in the packs where they hold it whole (a history walk asks this of
    /// every commit, and libgit2 reads and parses all of each); anything else, or anything unusual in those bytes,
    /// through libgit2, whose answers and errors are then the same as ever.
    public func parentIDs(ofCommit id: ObjectID) throws -> [ObjectID] {
        if let start = try? packedObjects.commitStart(id, count: 256), let parents = Self.parents(inCommitStart: start) { return parents }
        return try commit(id).parentIDs
    }

    /// The parent ids of a commit object's first bytes: `tree <id>`, then `parent <id>` lines, up to `author `;
    /// nil when the bytes stop before that or are not exactly so (lowercase hex ids).
    static func parents(inCommitStart b: [UInt8]) -> [ObjectID]? {
        func isHex(_ from: Int) -> Bool { (from..<from + 40).allSatisfy { (b[$0] >= 0x30 && b[$0] <= 0x39) || (b[$0] >= 0x61 && b[$0] <= 0x66) } }
        func line(_ at: Int, _ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            return at + n <= b.count && b[at..<at + n].elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: n))
        }
        guard line(0, "tree "), b.count >= 46, b[45] == 0x0A, isHex(5) else { return nil }
        var parents: [ObjectID] = []
        var at = 46
        while line(at, "parent ") {
            guard at + 48 <= b.count, b[at + 47] == 0x0A, isHex(at + 7) else { return nil }
            var oid = git_oid()
            guard b.withUnsafeBufferPointer({ git_oid_fromstrn(&oid, UnsafeRawPointer($0.baseAddress! + at + 7).assumingMemoryBound(to: CChar.self), 40) }) == 0 else { return nil }
            parents.append(ObjectID(oid))
            at += 48
        }
        return line(at, "author ") ? parents : nil
    }

    /// The commit HEAD points at; nil when HEAD is unborn (an empty repository or a new branch).
    public func headCommitID() throws -> ObjectID? {
        var ref: OpaquePointer?
        let code = git_repository_head(&ref, handle)
        if code == GIT_EUNBORNBRANCH.rawValue || code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot read HEAD")
        defer { git_reference_free(ref) }
        var peeled: OpaquePointer?
        try check(git_reference_peel(&peeled, ref, GIT_OBJECT_COMMIT), "HEAD does not point at a commit")
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled).pointee)
    }

    /// Resolves any revision git understands (`HEAD~2`, `main`, `v1.0`, a commit id) to a commit.
    public func resolveCommit(_ spec: String) throws -> ObjectID {
        var obj: OpaquePointer?
        let code = git_revparse_single(&obj, handle, spec)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EAMBIGUOUS.rawValue || code == GIT_EINVALIDSPEC.rawValue {
            throw GitError(kind: .notFound, code: code, message: "'\(spec)' is not a revision in this repository" + (isShallow ? " (a shallow clone: fetch more history)" : ""))
        }
        try check(code, "cannot resolve '\(spec)'")
        defer { git_object_free(obj) }
        var peeled: OpaquePointer?
        try check(git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT), "'\(spec)' does not name a commit")
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled).pointee)
    }

    /// The best common ancestor of two commits (nil when they share none).
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws -> ObjectID? {
        var out = git_oid(), x = a.oid, y = b.oid
        let code = git_merge_base(&out, handle, &x, &y)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot find the merge base of \(a.short) and \(b.short)")
        return ObjectID(out)
    }

    /// Whether `commit` is `ancestor` or descends from it.
    public func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) throws -> Bool {
        if ancestor == commit { return true }
        var x = commit.oid, y = ancestor.oid
        let code = git_graph_descendant_of(handle, &x, &y)
        try check(code, "cannot compare \(ancestor.short) and \(commit.short)")
        return code == 1
    }

    /// The commits listed in `.git/shallow`: history stops at their (missing) parents.
    public var shallowBoundary: Set<ObjectID> {
        guard let text = try? String(contentsOf: gitdir.appendingPathComponent("shallow"), encoding: .utf8) else { return [] }
        return Set(text.split(separator: "\n").compactMap { ObjectID(hex: String($0)) })
    }

    /// Whether the object database holds `id` (a partial or shallow clone may not).
    public func hasObject(_ id: ObjectID) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, handle) == 0 else { return false }
        defer { git_odb_free(odb) }
        var oid = id.oid
        return git_odb_exists(odb, &oid) == 1
    }

    /// The value of a configuration key (e.g. `user.email`, `core.hooksPath`), or nil when unset.
    public func configString(_ key: String) -> String? {
        var cfg: OpaquePointer?
        guard git_repository_config_snapshot(&cfg, handle) == 0 else { return nil }
        defer { git_config_free(cfg) }
        var buf = git_buf()
        defer { git_buf_dispose(&buf) }
        guard git_config_get_string_buf(&buf, cfg, key) == 0 else { return nil }
        return String(cString: buf.ptr)
    }
}
