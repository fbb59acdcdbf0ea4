import CLibgit2
import Foundation

extension Repository {
    /// Changed files between two trees, found by comparing entries and skipping identical subtrees (no rename
    /// detection, no pathspec matching, no configuration read): the fast path of a history walk. When a comparison
    /// shows files both added and deleted, ask `changes(from:to:)` to pair them as renames.
    public func changedFiles(from old: ObjectID?, to new: ObjectID?) throws -> [FileChange] {
        var out: [FileChange] = []
        // Trees read and compared in place (see `RawTrees`); any tree it does not serve (missing, damaged, not as
        // git writes it) sends the whole comparison to libgit2, so answers and errors stay what they were.
        do {
            var prefix: [UInt8] = []
            try rawTrees.compare(old, new, prefix: &prefix, into: &out)
            return out
        } catch is RawTrees.NotServed {
            out = []
        }
        try compare(old, new, prefix: "", into: &out)
        return out
    }

    /// The id of the entry at `path` in tree `id` (`tree(id).entry(at: path)?.oid`), read as `changedFiles` reads
    /// trees: a history walk asks it of every commit's tree and each parent's.
    public func entryID(at path: String, inTree id: ObjectID) throws -> ObjectID? {
        try entryID(at: EntryPath(path), inTree: id)
    }

    /// A path split into names once, for asking it of many trees.
    public struct EntryPath: Sendable {
        let path: String
        let names: [[UInt8]]
        public init(_ path: String) {
            self.path = path
            names = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Array.init)
        }
    }

    public func entryID(at path: EntryPath, inTree id: ObjectID) throws -> ObjectID? {
        if !path.names.contains(where: \.isEmpty), let found = try? rawTrees.entryID(at: path.names, inTree: id) { return found }
        return try tree(id).entry(at: path.path)?.oid
    }

    /// The comparison through libgit2's parsed trees (kept as the reference, and for what `RawTrees` does not serve).
    func changedFilesThroughLibgit2(from old: ObjectID?, to new: ObjectID?) throws -> [FileChange] {
        var out: [FileChange] = []
        try compare(old, new, prefix: "", into: &out)
        return out
    }

    private func lookupTree(_ id: ObjectID) throws -> OpaquePointer {
        var tree: OpaquePointer?
        var oid = id.oid
        let code = git_tree_lookup(&tree, handle, &oid)
        if code == GIT_ENOTFOUND.rawValue {
            throw GitError(kind: .objectMissing, code: code, message: "tree \(id.short) is missing from the object database (a partial or damaged clone?)")
        }
        try check(code, "cannot read tree \(id.short)")
        return tree!
    }

    private struct EntryRef {
        let name: String
        let oid: git_oid
        let isTree: Bool
        let mode: UInt32
    }

    private func entries(_ tree: OpaquePointer?) -> [EntryRef] {
        guard let tree else { return [] }
        let n = git_tree_entrycount(tree)
        var out: [EntryRef] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            guard let e = git_tree_entry_byindex(tree, i) else { continue }
            out.append(EntryRef(name: String(cString: git_tree_entry_name(e)), oid: git_tree_entry_id(e).pointee,
                                isTree: git_tree_entry_type(e) == GIT_OBJECT_TREE, mode: git_tree_entry_filemode(e).rawValue))
        }
        return out
    }

    private func compare(_ old: ObjectID?, _ new: ObjectID?, prefix: String, into out: inout [FileChange]) throws {
        if old == new { return }
        let oldTree = try old.map(lookupTree)
        defer { if let oldTree { git_tree_free(oldTree) } }
        let newTree = try new.map(lookupTree)
        defer { if let newTree { git_tree_free(newTree) } }

        // Fast path: same names in the same order, which is the common case. Compare object ids only.
        if let o = oldTree, let n = newTree, git_tree_entrycount(o) == git_tree_entrycount(n) {
            var aligned = true
            var differing: [Int] = []
            for i in 0..<git_tree_entrycount(o) {
                let a = git_tree_entry_byindex(o, i)!, b = git_tree_entry_byindex(n, i)!
                if strcmp(git_tree_entry_name(a), git_tree_entry_name(b)) != 0 || git_tree_entry_type(a) != git_tree_entry_type(b) { aligned = false; break }
                if git_oid_cmp(git_tree_entry_id(a), git_tree_entry_id(b)) != 0 { differing.append(i) }
            }
            if aligned {
                for i in differing {
                    let a = git_tree_entry_byindex(o, i)!, b = git_tree_entry_byindex(n, i)!
                    let name = String(cString: git_tree_entry_name(b))
                    let ao = ObjectID(git_tree_entry_id(a).pointee), bo = ObjectID(git_tree_entry_id(b).pointee)
                    if git_tree_entry_type(b) == GIT_OBJECT_TREE {
                        try compare(ao, bo, prefix: prefix + name + "/", into: &out)
                    } else {
                        var c = FileChange(kind: .modified, oldPath: prefix + name, newPath: prefix + name, oldID: ao, newID: bo, similarity: 0)
                        c.oldMode = git_tree_entry_filemode(a).rawValue; c.newMode = git_tree_entry_filemode(b).rawValue
                        out.append(c)
                    }
                }
                return
            }
        }

        // General case: match entries by name.
        let a = entries(oldTree), b = entries(newTree)
        var byName: [String: EntryRef] = [:]
        for e in a { byName[e.name] = e }
        for e in b {
            let path = prefix + e.name
            if let o = byName.removeValue(forKey: e.name) {
                var x = o.oid, y = e.oid
                if git_oid_cmp(&x, &y) == 0 && o.isTree == e.isTree { continue }
                if o.isTree && e.isTree {
                    try compare(ObjectID(o.oid), ObjectID(e.oid), prefix: path + "/", into: &out)
                } else if !o.isTree && !e.isTree {
                    var c = FileChange(kind: .modified, oldPath: path, newPath: path, oldID: ObjectID(o.oid), newID: ObjectID(e.oid), similarity: 0)
                    c.oldMode = o.mode; c.newMode = e.mode
                    out.append(c)
                } else {
                    try removed(o, path, into: &out)
                    try added(e, path, into: &out)
                }
            } else {
                try added(e, path, into: &out)
            }
        }
        for o in a where byName[o.name] != nil { try removed(o, prefix + o.name, into: &out) }
    }

    private func added(_ e: EntryRef, _ path: String, into out: inout [FileChange]) throws {
        if e.isTree { try compare(nil, ObjectID(e.oid), prefix: path + "/", into: &out) }
        else {
            var c = FileChange(kind: .added, oldPath: nil, newPath: path, oldID: nil, newID: ObjectID(e.oid), similarity: 0)
            c.newMode = e.mode
            out.append(c)
        }
    }

    private func removed(_ e: EntryRef, _ path: String, into out: inout [FileChange]) throws {
        if e.isTree { try compare(ObjectID(e.oid), nil, prefix: path + "/", into: &out) }
        else {
            var c = FileChange(kind: .deleted, oldPath: path, newPath: nil, oldID: ObjectID(e.oid), newID: nil, similarity: 0)
            c.oldMode = e.mode
            out.append(c)
        }
    }
}
