import CLibgit2
import Foundation

/// A walk over history: the one owner of a `git_revwalk*`. `next()` throws, so a missing parent is never "the end".
public final class RevWalk {
    let handle: OpaquePointer
    public let repository: Repository

    public struct Sorting: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let topological = Sorting(rawValue: GIT_SORT_TOPOLOGICAL.rawValue)
        public static let time = Sorting(rawValue: GIT_SORT_TIME.rawValue)
        public static let reverse = Sorting(rawValue: GIT_SORT_REVERSE.rawValue)
    }

    public init(repository: Repository, sorting: Sorting = [.topological, .time]) throws {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, repository.handle), "cannot start a history walk")
        handle = walk!
        self.repository = repository
        // One call with all flags: a second call would reset the first.
        try check(git_revwalk_sorting(handle, sorting.rawValue), "cannot sort the history walk")
    }

    deinit { git_revwalk_free(handle) }

    public func push(_ id: ObjectID) throws {
        var oid = id.oid
        try check(git_revwalk_push(handle, &oid), "cannot walk from \(id.short)")
    }

    public func hide(_ id: ObjectID) throws {
        var oid = id.oid
        try check(git_revwalk_hide(handle, &oid), "cannot exclude \(id.short) from the walk")
    }

    /// The next commit id, nil at the end.
    public func next() throws -> ObjectID? {
        var oid = git_oid()
        let code = git_revwalk_next(&oid, handle)
        if code == GIT_ITEROVER.rawValue { return nil }
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError(kind: repository.isShallow ? .shallow : .objectMissing, code: code,
                           message: repository.isShallow
                               ? "history is truncated: this is a shallow clone. Fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
                               : "a commit is missing from the object database; the history cannot be read")
        }
        try check(code, "cannot walk the history")
        return ObjectID(oid)
    }
}
