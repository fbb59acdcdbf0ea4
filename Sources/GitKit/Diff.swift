import CLibgit2
import Foundation

/// What happened to one file between two trees.
public struct FileChange: Sendable {
    public enum Kind: Sendable { case added, deleted, modified, renamed, copied, typeChanged }
    public let kind: Kind
    public let oldPath: String?
    public let newPath: String?
    public let oldID: ObjectID?
    public let newID: ObjectID?
    /// 0–100 for renames.
    public let similarity: Int
    /// Git file modes (0o100644 a file, 0o120000 a link…): only regular files are paired by content.
    public var oldMode: UInt32 = 0o100644
    public var newMode: UInt32 = 0o100644
}

extension FileChange {
    /// The same change with `prefix` before its paths (for diffs of a subfolder's trees).
    public func prefixed(_ prefix: String) -> FileChange {
        guard !prefix.isEmpty else { return self }
        var c = FileChange(kind: kind, oldPath: oldPath.map { prefix + $0 }, newPath: newPath.map { prefix + $0 },
                           oldID: oldID, newID: newID, similarity: similarity)
        c.oldMode = oldMode; c.newMode = newMode
        return c
    }
}

extension Repository {
    /// Changes from `old` to `new` (nil: the empty tree), limited to `pathspec` folders, with renames found.
    public func changes(from old: ObjectID?, to new: ObjectID?, pathspec: [String], findRenames: Bool = true) throws -> [FileChange] {
        let oldTree = try old.map { try tree($0) }
        let newTree = try new.map { try tree($0) }
        var opts = git_diff_options()
        try check(git_diff_options_init(&opts, UInt32(GIT_DIFF_OPTIONS_VERSION)), "cannot prepare a diff")
        var diff: OpaquePointer?
        let specs = pathspec.filter { !$0.isEmpty }
        let cStrings = specs.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var ptrs: [UnsafeMutablePointer<CChar>?] = cStrings
        let code: Int32 = ptrs.withUnsafeMutableBufferPointer { buf in
            opts.pathspec = git_strarray(strings: buf.baseAddress, count: specs.count)
            return git_diff_tree_to_tree(&diff, handle, oldTree?.handle, newTree?.handle, &opts)
        }
        try check(code, "cannot compare trees \(old?.short ?? "(empty)") and \(new?.short ?? "(empty)")")
        defer { git_diff_free(diff) }
        return try fileChanges(diff!, findRenames: findRenames)
    }

    /// What is staged: changes from HEAD's tree (nil: an unborn branch) to the index, limited to `pathspec`, with renames.
    /// Reads the index as it is; writes nothing (no tree objects are created).
    public func stagedChanges(head: ObjectID?, pathspec: [String]) throws -> [FileChange] {
        let headTree = try head.map { try commit($0).tree() }
        let index = try Index(repository: self)
        var opts = git_diff_options()
        try check(git_diff_options_init(&opts, UInt32(GIT_DIFF_OPTIONS_VERSION)), "cannot prepare a diff")
        var diff: OpaquePointer?
        let specs = pathspec.filter { !$0.isEmpty }
        let cStrings = specs.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        var ptrs: [UnsafeMutablePointer<CChar>?] = cStrings
        let code: Int32 = ptrs.withUnsafeMutableBufferPointer { buf in
            opts.pathspec = git_strarray(strings: buf.baseAddress, count: specs.count)
            return git_diff_tree_to_index(&diff, handle, headTree?.handle, index.handle, &opts)
        }
        try check(code, "cannot compare HEAD with the index")
        defer { git_diff_free(diff) }
        return try fileChanges(diff!, findRenames: true)
    }

    func fileChanges(_ diff: OpaquePointer, findRenames: Bool) throws -> [FileChange] {
        var out: [FileChange] = []
        for i in 0..<git_diff_num_deltas(diff) {
            guard let d = git_diff_get_delta(diff, i)?.pointee else { continue }
            let kind: FileChange.Kind
            switch d.status {
            case GIT_DELTA_ADDED: kind = .added
            case GIT_DELTA_DELETED: kind = .deleted
            case GIT_DELTA_RENAMED: kind = .renamed
            case GIT_DELTA_COPIED: kind = .copied
            case GIT_DELTA_TYPECHANGE: kind = .typeChanged
            default: kind = .modified
            }
            let oldPath = d.old_file.path.map { String(cString: $0) }
            let newPath = d.new_file.path.map { String(cString: $0) }
            var change = FileChange(kind: kind,
                                    oldPath: kind == .added ? nil : oldPath,
                                    newPath: kind == .deleted ? nil : newPath,
                                    oldID: kind == .added ? nil : ObjectID(d.old_file.id),
                                    newID: kind == .deleted ? nil : ObjectID(d.new_file.id),
                                    similarity: Int(d.similarity))
            change.oldMode = UInt32(d.old_file.mode); change.newMode = UInt32(d.new_file.mode)
            out.append(change)
        }
        // Renames are paired as git pairs them (libgit2's own measure pairs files git does not).
        return findRenames ? try pairRenames(out) : out
    }

    /// Deleted and added files paired as renames with git's defaults (see `RenameDetection`).
    /// `unreadable` decides what a blob that cannot be read does: throw (the default) or count as nothing in common.
    public func pairRenames(_ changes: [FileChange], unreadable: (ObjectID, GitError) throws -> Void = { throw $1 }) throws -> [FileChange] {
        try RenameDetection().apply(to: changes) { id in
            do { return try blobData(id).data } catch let e as GitError where e.kind == .objectMissing {
                try unreadable(id, e)
                return nil
            }
        }
    }
}