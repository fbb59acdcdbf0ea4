import CLibgit2
import Foundation

/// A tree object's bytes with its entries located in place ("<octal mode> <name>\0<20-byte id>" repeated): a history
/// walk compares thousands of trees, and libgit2's parsed trees (a string and an allocation per entry, kept in its
/// object cache) were most of that phase's time and of the command's peak memory.
final class RawTree {
    struct Entry {
        /// Where the name starts in `bytes`; the object id follows its terminating NUL.
        var name: Int32
        var length: Int32
        /// The mode as stored (libgit2 keeps the same 16 bits).
        var mode: UInt32
        var isTree: Bool { mode & 0o170000 == 0o040000 }
    }

    let bytes: UnsafeMutableRawBufferPointer
    private(set) var entries: [Entry] = []

    /// nil for anything git would not have written (a damaged or unsorted tree, a name twice): libgit2 reads those.
    init?(_ data: Data) {
        bytes = .allocate(byteCount: max(data.count, 1), alignment: 8)
        data.withUnsafeBytes { if let b = $0.baseAddress { bytes.baseAddress!.copyMemory(from: b, byteCount: $0.count) } }
        guard parse(count: data.count) else { return nil }
    }

    deinit { bytes.deallocate() }

    private func parse(count n: Int) -> Bool {
        let b = UnsafeRawPointer(bytes.baseAddress!)
        // Built in a local array, then stored: appending to the property checked exclusive access at every entry.
        var list: [Entry] = []
        defer { entries = list }
        var p = 0
        while p < n {
            var mode: UInt32 = 0, digits = 0
            while p < n, b.load(fromByteOffset: p, as: UInt8.self) != 0x20 {
                let c = b.load(fromByteOffset: p, as: UInt8.self)
                guard c >= 0x30, c <= 0x37, digits < 6 else { return false }
                mode = mode << 3 | UInt32(c - 0x30)
                digits += 1; p += 1
            }
            guard digits > 0, p < n, mode <= 0o177777 else { return false }
            p += 1
            guard p < n, let nul = memchr(b + p, 0, n - p) else { return false }
            let length = b.distance(to: UnsafeRawPointer(nul)) - p
            guard length > 0, length <= Int(UInt16.max), n - (p + length + 1) >= 20, memchr(b + p, 0x2F, length) == nil else { return false }
            let e = Entry(name: Int32(p), length: Int32(length), mode: mode)
            // Git's order, strictly: the merge below relies on it (libgit2 takes any order; such a tree goes to it).
            if let last = list.last, Self.order(self, last, self, e) >= 0 { return false }
            if e.isTree, hasFile(named: e, in: list) { return false }
            list.append(e)
            p += length + 1 + 20
        }
        return true
    }

    /// A file of the same name as folder `e` (invalid, but libgit2 reads it): it sorts before, separated from `e`
    /// only by names that extend it with a byte below "/".
    private func hasFile(named e: Entry, in entries: [Entry]) -> Bool {
        for other in entries.reversed() {
            guard other.length >= e.length, memcmp(pointer(other), pointer(e), Int(e.length)) == 0 else { return false }
            if other.length == e.length { return true }
            if bytes[Int(other.name + e.length)] >= 0x2F { return false }
        }
        return false
    }

    func pointer(_ e: Entry) -> UnsafeRawPointer { UnsafeRawPointer(bytes.baseAddress! + Int(e.name)) }
    func oidPointer(_ e: Entry) -> UnsafeRawPointer { pointer(e) + Int(e.length) + 1 }

    func id(_ e: Entry) -> ObjectID {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { $0.copyMemory(from: UnsafeRawBufferPointer(start: oidPointer(e), count: 20)) }
        return ObjectID(oid)
    }

    /// How many entries the two trees share at their start, and where the entries they share at their end begin
    /// in each: equal bytes from the start are the same entries (both parse from offset 0); equal bytes at the end
    /// are the same entries from the first one that starts where an entry starts in both.
    static func sharedEnds(_ a: RawTree, _ b: RawTree) -> (same: Int, oldEnd: Int, newEnd: Int) {
        guard !a.entries.isEmpty, !b.entries.isEmpty else { return (0, a.entries.count, b.entries.count) }
        return a.entries.withUnsafeBufferPointer { ea in
            b.entries.withUnsafeBufferPointer { eb in
                // Where an entry ends (after its id) and starts.
                func end(_ e: UnsafeBufferPointer<Entry>, _ i: Int) -> Int { Int(e[i].name) + Int(e[i].length) + 21 }
                func start(_ e: UnsafeBufferPointer<Entry>, _ i: Int) -> Int { i == 0 ? 0 : end(e, i - 1) }
                // The first index in `low..<high` whose position is at least `at` (positions grow with the index).
                func first(_ low: Int, _ high: Int, _ at: Int, _ position: (Int) -> Int) -> Int {
                    var low = low, high = high
                    while low < high { let mid = (low + high) / 2; if position(mid) < at { low = mid + 1 } else { high = mid } }
                    return low
                }
                let na = end(ea, ea.count - 1), nb = end(eb, eb.count - 1)
                let x = UnsafeRawPointer(a.bytes.baseAddress!), y = UnsafeRawPointer(b.bytes.baseAddress!)
                let n = min(na, nb)
                // (In blocks through memcmp first: most of two versions of a folder is the same.)
                var p = 0
                while p + 256 <= n, memcmp(x + p, y + p, 256) == 0 { p += 256 }
                while p + 8 <= n, x.loadUnaligned(fromByteOffset: p, as: UInt64.self) == y.loadUnaligned(fromByteOffset: p, as: UInt64.self) { p += 8 }
                while p < n, x.load(fromByteOffset: p, as: UInt8.self) == y.load(fromByteOffset: p, as: UInt8.self) { p += 1 }
                // Entries wholly before the first differing byte.
                let same = first(0, min(ea.count, eb.count), p + 1) { end(ea, $0) }
                // Equal bytes at the end, not reaching back into the shared start.
                let room = n - start(ea, same)
                var q = 0
                while q + 256 <= room, memcmp(x + na - q - 256, y + nb - q - 256, 256) == 0 { q += 256 }
                while q + 8 <= room, x.loadUnaligned(fromByteOffset: na - q - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: nb - q - 8, as: UInt64.self) { q += 8 }
                while q < room, x.load(fromByteOffset: na - q - 1, as: UInt8.self) == y.load(fromByteOffset: nb - q - 1, as: UInt8.self) { q += 1 }
                // The first entry of `a` wholly within them that starts where an entry of `b` starts (as a rule the first).
                let k = first(same, ea.count, na - q) { start(ea, $0) }
                for candidate in k..<min(k + 2, ea.count) {
                    let at = nb - (na - start(ea, candidate))
                    let other = first(same, eb.count, at) { start(eb, $0) }
                    if other < eb.count, start(eb, other) == at, ea.count - candidate == eb.count - other { return (same, candidate, other) }
                }
                return (same, ea.count, eb.count)
            }
        }
    }

    /// git's tree order (base_name_compare): names bytewise, a folder's as if followed by "/".
    static func order(_ a: RawTree, _ x: Entry, _ b: RawTree, _ y: Entry) -> Int32 {
        let n = Int(min(x.length, y.length))
        let c = memcmp(a.pointer(x), b.pointer(y), n)
        if c != 0 { return c }
        let cx: UInt8 = Int(x.length) > n ? a.bytes[Int(x.name) + n] : x.isTree ? 0x2F : 0
        let cy: UInt8 = Int(y.length) > n ? b.bytes[Int(y.name) + n] : y.isTree ? 0x2F : 0
        return cx < cy ? -1 : cx > cy ? 1 : 0
    }

    /// The entry named as `e` in `other` but of the other kind (a file that became a folder, or back).
    func entry(sameNameAs e: Entry, in other: RawTree) -> Int? {
        let probe = Entry(name: e.name, length: e.length, mode: e.isTree ? 0o100644 : 0o040000)
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            let c = Self.order(self, entries[mid], other, probe)
            if c == 0 { return mid }
            if c < 0 { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// The mode as libgit2 reports it (`git_tree_entry_filemode`): normalised to the five modes git writes.
    static func filemode(_ mode: UInt32) -> UInt32 {
        if mode & 0o170000 == 0o040000 { return 0o040000 }
        if mode & 0o100 != 0 { return 0o100755 }
        if mode & 0o170000 == 0o160000 { return 0o160000 }
        if mode & 0o170000 == 0o120000 { return 0o120000 }
        return 0o100644
    }
}

/// Trees read for comparison, the recently used ones kept (bounded): walking newest first, a commit's parent's trees
/// are the next commit's own.
final class RawTrees {
    /// A tree this reader does not serve (not in a pack or the object database, not a tree, or not as git writes
    /// one): the comparison is left to libgit2, whose answer and error are then the same as ever.
    struct NotServed: Error {}

    private unowned let repository: Repository
    private let lock = NSLock()
    // Two generations: the older one is dropped whole when the newer fills up (no bookkeeping per read).
    private var recent: [ObjectID: RawTree] = [:]
    private var older: [ObjectID: RawTree] = [:]
    private var recentBytes = 0
    let budget: Int

    init(repository: Repository, budget: Int = 8 << 20) {
        self.repository = repository
        self.budget = budget
    }

    func removeAll() {
        lock.lock(); defer { lock.unlock() }
        recent = [:]; older = [:]; recentBytes = 0
    }

    func tree(_ id: ObjectID) throws -> RawTree {
        lock.lock()
        if let t = recent[id] { lock.unlock(); return t }
        if let t = older.removeValue(forKey: id) { keep(id, t); lock.unlock(); return t }
        lock.unlock()
        guard let data = read(id), let t = RawTree(data) else { throw NotServed() }
        lock.lock(); keep(id, t); lock.unlock()
        return t
    }

    private func keep(_ id: ObjectID, _ t: RawTree) {
        recent[id] = t
        recentBytes += t.bytes.count + t.entries.count * MemoryLayout<RawTree.Entry>.stride + 128
        if recentBytes > budget / 2 {
            older = recent; recent = [:]; recentBytes = 0
        }
    }

    /// The tree's bytes from the pack reader, else (a loose tree, a pack it does not read) libgit2's object database.
    private func read(_ id: ObjectID) -> Data? {
        if let packed = try? repository.packedObjects.readTree(id) { return packed.type == 2 ? packed.data : nil }
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, repository.handle) == 0 else { git_error_clear(); return nil }
        defer { git_odb_free(odb) }
        var object: OpaquePointer?
        var oid = id.oid
        guard git_odb_read(&object, odb, &oid) == 0 else { git_error_clear(); return nil }
        defer { git_odb_object_free(object) }
        guard git_odb_object_type(object) == GIT_OBJECT_TREE, let raw = git_odb_object_data(object) else { return nil }
        return Data(bytes: raw, count: git_odb_object_size(object))
    }

    /// The entry at a path of names (see `Repository.entryID`): nil when a name is absent, or names a file where a
    /// folder is needed.
    func entryID(at path: [[UInt8]], inTree id: ObjectID) throws -> ObjectID? {
        var tree = try self.tree(id)
        for (i, name) in path.enumerated() {
            let found = name.withUnsafeBytes { n in
                tree.entries.first { e in Int(e.length) == n.count && memcmp(tree.pointer(e), n.baseAddress!, n.count) == 0 }
            }
            guard let e = found else { return nil }
            if i == path.count - 1 { return tree.id(e) }
            guard e.isTree else { return nil }
            tree = try self.tree(tree.id(e))
        }
        return nil
    }

    /// The changed files between two trees (see `Repository.changedFiles`), in the order that method gives them:
    /// the new tree's entries in order (a kind change as deletion then addition), then the old tree's removed ones.
    func compare(_ old: ObjectID?, _ new: ObjectID?, prefix: inout [UInt8], into out: inout [FileChange]) throws {
        if old == new { return }
        let a = try old.map(tree), b = try new.map(tree)
        guard let a, let b else {
            if let b { for e in b.entries { try added(b, e, prefix: &prefix, into: &out) } }
            if let a { for e in a.entries { try removed(a, e, prefix: &prefix, into: &out) } }
            return
        }
        let oldEntries = a.entries, newEntries = b.entries
        // Entries the two trees share byte for byte at their start and at their end change nothing: only those
        // between are compared (a commit changes a few entries of a folder; comparing every name was most of
        // comparing two trees).
        let (same, oldEnd, newEnd) = RawTree.sharedEnds(a, b)
        var i = same
        // Old entries with no entry of the same name and kind, and those of them taken by a kind change.
        var unmatched: [Int] = []
        var retyped: [Int] = []
        for e in newEntries[same..<newEnd] {
            var c: Int32 = -1
            while i < oldEnd {
                c = RawTree.order(a, oldEntries[i], b, e)
                if c >= 0 { break }
                unmatched.append(i)
                i += 1
            }
            if i < oldEnd && c == 0 {
                let o = oldEntries[i]
                i += 1
                if memcmp(a.oidPointer(o), b.oidPointer(e), 20) == 0 { continue }
                if e.isTree {
                    append(b, e, to: &prefix)
                    defer { prefix.removeLast(Int(e.length) + 1) }
                    try compare(a.id(o), b.id(e), prefix: &prefix, into: &out)
                } else {
                    let path = self.path(prefix, b, e)
                    var change = FileChange(kind: .modified, oldPath: path, newPath: path, oldID: a.id(o), newID: b.id(e), similarity: 0)
                    change.oldMode = RawTree.filemode(o.mode); change.newMode = RawTree.filemode(e.mode)
                    out.append(change)
                }
            } else if let k = a.entry(sameNameAs: e, in: b) {
                retyped.append(k)
                try removed(a, oldEntries[k], prefix: &prefix, into: &out)
                try added(b, e, prefix: &prefix, into: &out)
            } else {
                try added(b, e, prefix: &prefix, into: &out)
            }
        }
        while i < oldEnd { unmatched.append(i); i += 1 }
        for k in unmatched where !retyped.contains(k) { try removed(a, oldEntries[k], prefix: &prefix, into: &out) }
    }

    private func append(_ t: RawTree, _ e: RawTree.Entry, to prefix: inout [UInt8]) {
        prefix.append(contentsOf: UnsafeRawBufferPointer(start: t.pointer(e), count: Int(e.length)))
        prefix.append(0x2F)
    }

    private func path(_ prefix: [UInt8], _ t: RawTree, _ e: RawTree.Entry) -> String {
        var bytes = prefix
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: t.pointer(e), count: Int(e.length)))
        return String(decoding: bytes, as: UTF8.self)
    }

    private func added(_ t: RawTree, _ e: RawTree.Entry, prefix: inout [UInt8], into out: inout [FileChange]) throws {
        if e.isTree {
            append(t, e, to: &prefix)
            defer { prefix.removeLast(Int(e.length) + 1) }
            try compare(nil, t.id(e), prefix: &prefix, into: &out)
        } else {
            var change = FileChange(kind: .added, oldPath: nil, newPath: path(prefix, t, e), oldID: nil, newID: t.id(e), similarity: 0)
            change.newMode = RawTree.filemode(e.mode)
            out.append(change)
        }
    }

    private func removed(_ t: RawTree, _ e: RawTree.Entry, prefix: inout [UInt8], into out: inout [FileChange]) throws {
        if e.isTree {
            append(t, e, to: &prefix)
            defer { prefix.removeLast(Int(e.length) + 1) }
            try compare(t.id(e), nil, prefix: &prefix, into: &out)
        } else {
            var change = FileChange(kind: .deleted, oldPath: path(prefix, t, e), newPath: nil, oldID: t.id(e), newID: nil, similarity: 0)
            change.oldMode = RawTree.filemode(e.mode)
            out.append(change)
        }
    }
}
