import CLibgit2
import Foundation

/// A tree: the one owner of a `git_tree*`.
public final class Tree {
    let handle: OpaquePointer
    public let repository: Repository

    init(handle: OpaquePointer, repository: Repository) {
        self.handle = handle
        self.repository = repository
    }

    deinit { git_tree_free(handle) }

    public var id: ObjectID { ObjectID(git_tree_id(handle).pointee) }

    public struct Entry: Sendable {
        public let path: String
        public let oid: ObjectID
        public let mode: UInt32
        public var isSymlink: Bool { mode == 0o120000 }
        public var isFile: Bool { mode == 0o100644 || mode == 0o100755 }
        public var isSubmodule: Bool { mode == 0o160000 }
    }

    /// Every blob below `prefix` ("" for the whole tree), with paths relative to the tree's root; with `submodules`,
    /// the gitlinks too (mode 0o160000: a submodule's commit, which a checkout holds as a folder).
    public func files(under prefix: String = "", submodules: Bool = false) throws -> [Entry] {
        var start: Tree = self
        if !prefix.isEmpty {
            var entry: OpaquePointer?
            let code = git_tree_entry_bypath(&entry, handle, prefix)
            if code == GIT_ENOTFOUND.rawValue { return [] }
            try check(code, "cannot read \(prefix) in tree \(id.short)")
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return [] }
            var sub: OpaquePointer?
            var oid = git_tree_entry_id(entry).pointee
            try check(git_tree_lookup(&sub, repository.handle, &oid), "cannot read tree \(prefix)")
            start = Tree(handle: sub!, repository: repository)
        }
        var out: [Entry] = []
        try start.collect(prefix: prefix.isEmpty ? "" : prefix + "/", submodules: submodules, into: &out)
        return out
    }

    private func collect(prefix: String, submodules: Bool, into out: inout [Entry]) throws {
        for i in 0..<git_tree_entrycount(handle) {
            guard let e = git_tree_entry_byindex(handle, i) else { continue }
            let name = String(cString: git_tree_entry_name(e))
            let oid = ObjectID(git_tree_entry_id(e).pointee)
            let mode = git_tree_entry_filemode(e).rawValue
            if git_tree_entry_type(e) == GIT_OBJECT_TREE {
                var sub: OpaquePointer?
                var o = oid.oid
                try check(git_tree_lookup(&sub, repository.handle, &o), "cannot read tree \(prefix)\(name)")
                try Tree(handle: sub!, repository: repository).collect(prefix: prefix + name + "/", submodules: submodules, into: &out)
            } else if git_tree_entry_type(e) == GIT_OBJECT_BLOB || (submodules && git_tree_entry_type(e) == GIT_OBJECT_COMMIT) {
                out.append(Entry(path: prefix + name, oid: oid, mode: mode))
            }
        }
    }

    /// The entry at `path`, or nil.
    public func entry(at path: String) throws -> Entry? {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, handle, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot read \(path) in tree \(id.short)")
        defer { git_tree_entry_free(entry) }
        return Entry(path: path, oid: ObjectID(git_tree_entry_id(entry).pointee), mode: git_tree_entry_filemode(entry).rawValue)
    }
}

extension Repository {
    public func tree(_ id: ObjectID) throws -> Tree {
        var tree: OpaquePointer?
        var oid = id.oid
        try check(git_tree_lookup(&tree, handle, &oid), "cannot read tree \(id.short)")
        return Tree(handle: tree!, repository: self)
    }

    /// A blob's bytes. A blob missing from the object database (a partial clone) is a clear error, not a crash.
    /// Where a blob lies in the repository's packs, to read many in storage order (a delta's base is stored near
    /// it, so it is still in the pack reader's cache); nil for a loose or unpacked object.
    public func packPlace(of id: ObjectID) -> (pack: Int, offset: Int)? { packedObjects.place(of: id) }

    public func blobData(_ id: ObjectID, limit: Int = Int.max) throws -> (data: Data, size: Int) {
        // Packed blobs from the pack reader (delta chains applied once); everything else, and anything it cannot
        // read (a damaged pack included), from libgit2 as before, so its answers and errors are unchanged.
        if let packed = try? packedObjects.read(id, limit: limit), packed.type == 3 { return (packed.data, packed.data.count) }
        var blob: OpaquePointer?
        var oid = id.oid
        let code = git_blob_lookup(&blob, handle, &oid)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError(kind: .objectMissing, code: code, message: "blob \(id.short) is missing from the object database (a partial or damaged clone?)")
        }
        try check(code, "cannot read blob \(id.short)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size <= limit else { return (Data(), size) }
        guard let raw = git_blob_rawcontent(blob) else { return (Data(), 0) }
        return (Data(bytes: raw, count: size), size)
    }
}
