import CLibgit2
import Foundation

/// The staging area: the one owner of a `git_index*`.
public final class Index {
    let handle: OpaquePointer
    public let repository: Repository

    public struct Entry: Sendable {
        public let path: String
        public let oid: ObjectID
        /// 0 normally; 1–3 while a merge conflict is unresolved.
        public let stage: Int
        public let mode: UInt32
        /// Kept out of the working tree by a sparse checkout (git's skip-worktree bit).
        public var skipWorktree = false
    }

    public init(repository: Repository) throws {
        var index: OpaquePointer?
        try check(git_repository_index(&index, repository.handle), "cannot read the git index")
        handle = index!
        self.repository = repository
    }

    deinit { git_index_free(handle) }

    public var entries: [Entry] {
        let count = git_index_entrycount(handle)
        var result: [Entry] = []
        result.reserveCapacity(count)
        for i in 0..<count {
            guard let e = git_index_get_byindex(handle, i) else { continue }
            let stage = Int((e.pointee.flags >> 12) & 0x3)
            let skip = (UInt32(e.pointee.flags_extended) & UInt32(GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue)) != 0
            result.append(Entry(path: String(cString: e.pointee.path), oid: ObjectID(e.pointee.id), stage: stage, mode: e.pointee.mode, skipWorktree: skip))
        }
        return result
    }
}
