import CLibgit2 // zlib comes with it (loose_guard.h includes zlib.h; the module links libz)
import CLibdeflate
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The repository's own pack files, read directly: libgit2 1.5 keeps only the base of a delta chain in its cache, so
/// reading a document's successive versions applied the same long delta chains again and again (a third of a cold
/// history walk). Here every object a chain passes through is kept (bounded), so reading one file's versions one after
/// another applies each delta once. Read-only; anything it cannot serve (loose objects, alternates, an index or pack
/// version it does not know, a damaged pack) is left to libgit2, which then answers exactly as before.
final class PackedObjects {
    private var packs: [Pack] = []
    private let cache: ResolvedObjects
    /// Trees and the delta chains they are built from, kept apart: a history walk reads thousands of trees, which
    /// would push out the document versions; and kept without a least-recently-used order, whose upkeep was
    /// most of the time of reading a tree.
    private let trees: DeltaBaseCache
    private let lock = NSLock()
    /// Objects larger than this are left to libgit2 (they are no document; and a damaged size never allocates much).
    static let maximumObjectSize = 64 << 20

    /// The packs in `objects/pack` (those that open cleanly; the others are libgit2's to read).
    init(objectsDirectory: URL, cacheBytes: Int = 64 << 20, treeCacheBytes: Int = 16 << 20) {
        cache = ResolvedObjects(budget: cacheBytes)
        trees = DeltaBaseCache(budget: treeCacheBytes)
        let folder = objectsDirectory.appendingPathComponent("pack")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".idx") {
            let base = folder.appendingPathComponent(String(name.dropLast(4)))
            if let pack = try? Pack(index: base.path + ".idx", pack: base.path + ".pack") { packs.append(pack) } else { allPacksRead = false }
        }
    }
    /// How many objects the packs in `objects/pack` hold, by their indexes' headers (git's approximate object count).
    static func packedObjectCount(in objects: URL) -> Int {
        let folder = objects.appendingPathComponent("pack")
        var count = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasSuffix(".idx") {
            guard let handle = FileHandle(forReadingAtPath: folder.appendingPathComponent(name).path) else { continue }
            defer { try? handle.close() }
            // Version 2: magic, version, then the fan-out table, whose last entry is the number of objects.
            guard let head = try? handle.read(upToCount: 8 + 256 * 4), head.count == 8 + 256 * 4,
                  Array(head.prefix(8)) == [0xFF, 0x74, 0x4F, 0x63, 0, 0, 0, 2] else { continue }
            count += head.suffix(4).reduce(0) { $0 << 8 | Int($1) }
        }
        return count
    }

    /// Whether every pack index in the folder opened here (else some objects are only libgit2's to see).
    private(set) var allPacksRead = true

    /// Every object's name, packed or loose in `objects`, to find an id's nearest names; nil when some pack is not
    /// read here or the loose folders cannot be listed.
    func neighbourhood(looseIn objects: URL) -> ObjectNeighbourhood? {
        guard allPacksRead else { return nil }
        var loose: [[UInt8]] = []
        for first in 0..<256 {
            let folder = String(format: "%02x", first)
            let path = objects.appendingPathComponent(folder).path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            guard isFolder.boolValue, let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
            for name in names where name.utf8.count == 38 {
                guard let id = ObjectID(hex: folder + name) else { continue }
                loose.append(withUnsafeBytes(of: id.oid.id) { Array($0) })
            }
        }
        loose.sort { $0.lexicographicallyPrecedes($1) }
        lock.lock(); defer { lock.unlock() }
        return ObjectNeighbourhood(packs: packs, loose: loose)
    }

    /// Another reader of the same packs, for another thread: the packs' mappings shared (mapped twice, the pages
    /// each thread touched would count twice in the command's memory), its caches and zlib streams its own.
    init(sharingPacksOf other: PackedObjects, cacheBytes: Int, treeCacheBytes: Int) {
        cache = ResolvedObjects(budget: cacheBytes)
        trees = DeltaBaseCache(budget: treeCacheBytes)
        packs = other.packs.map(Pack.init(sharing:))
    }

    var packCount: Int { packs.count }
    /// Deltas applied so far (a read of many versions should apply about one per version, not one per chain link).
    private(set) var deltasApplied = 0

    /// Drops the kept objects (a history walk has read its versions; the memory is the rest of the command's).
    func forgetResolved() {
        lock.lock(); defer { lock.unlock() }
        cache.removeAll()
        trees.removeAll()
        for pack in packs { pack.releasePages() }
    }

    func releasePages() {
        lock.lock(); defer { lock.unlock() }
        for pack in packs { pack.releasePages() }
    }

    /// Drops the trees kept for comparing them (a history walk has compared its trees; its versions are read next).
    func forgetTrees() {
        lock.lock(); defer { lock.unlock() }
        trees.removeAll()
    }

    /// A packed object: its type (1 commit, 2 tree, 3 blob, 4 tag) and bytes; nil when no pack holds it or it is
    /// larger than `limit` (libgit2 answers those). Throws when a pack holding it is damaged.
    func read(_ id: ObjectID, limit: Int = maximumObjectSize) throws -> (type: Int, data: Data)? {
        lock.lock(); defer { lock.unlock() }
        for (p, pack) in packs.enumerated() {
            guard let offset = try pack.offset(of: id) else { continue }
            if let known = cache.get(PackPosition(pack: p, offset: offset)) { return known.data.count <= limit ? known : nil }
            return try resolve(pack: p, offset: offset, bound: min(limit, Self.maximumObjectSize))
        }
        return nil
    }

    /// The object at `offset` when its size is within `bound` (nil past it), kept in the cache. (Called under the lock.)
    private func resolve(pack p: Int, offset: Int, bound: Int) throws -> (type: Int, data: Data)? {
        let pack = packs[p]
        // A delta no larger than the bound is inflated once: it declares its result's size, and the same bytes are
        // applied next (inflating its first bytes for the size, then all of it, was a sixth of reading versions).
        let header = try pack.header(at: offset)
        if header.type == Pack.offsetDelta || header.type == Pack.referenceDelta, header.size <= bound {
            let delta = try pack.inflate(from: header.dataStart, size: header.size)
            guard try Pack.resultSize(ofDelta: delta, pack: pack) <= bound else { return nil }
            return try resolve(pack: p, offset: offset, depth: 0, cache: cache, inflated: delta)
        }
        guard let size = try pack.resultSize(at: offset), size <= bound else { return nil }
        return try resolve(pack: p, offset: offset, depth: 0, cache: cache)
    }

    /// The first `count` bytes of a packed commit (its tree and parent lines): one stored whole is kept in no cache
    /// (a walk reads each commit once); one stored as a delta is resolved as any object. nil when no pack holds it,
    /// or it is no commit (libgit2's then).
    func commitStart(_ id: ObjectID, count: Int) throws -> [UInt8]? {
        lock.lock(); defer { lock.unlock() }
        for (p, pack) in packs.enumerated() {
            guard let offset = try pack.offset(of: id) else { continue }
            let header = try pack.header(at: offset)
            if header.type == Pack.offsetDelta || header.type == Pack.referenceDelta {
                guard let object = try resolve(pack: p, offset: offset, bound: Self.maximumObjectSize), object.type == 1 else { return nil }
                return Array(object.data.prefix(count))
            }
            guard header.type == 1, header.size <= Self.maximumObjectSize else { return nil }
            // Inflated whole (libdeflate): a commit is a few hundred bytes, and zlib stopping after the first ones
            // still decoded the block's tables, at twice the cost.
            return Array(try pack.inflate(from: header.dataStart, size: header.size).prefix(count))
        }
        return nil
    }

    /// Where an object lies in the packs (pack, then offset), for reading many in the order they are stored; nil when
    /// no pack holds it (or its pack is damaged: the read reports that).
    func place(of id: ObjectID) -> (pack: Int, offset: Int)? {
        lock.lock(); defer { lock.unlock() }
        for (p, pack) in packs.enumerated() {
            if let offset = try? pack.offset(of: id) { return (p, offset) }
        }
        return nil
    }

    /// A packed object read for a tree comparison (kept in the trees' own cache); nil when no pack holds it.
    func readTree(_ id: ObjectID) throws -> (type: Int, data: Data)? {
        lock.lock(); defer { lock.unlock() }
        for (p, pack) in packs.enumerated() {
            guard let offset = try pack.offset(of: id) else { continue }
            // No size check first: every result is bounded by `maximumObjectSize` as it is built.
            return try resolve(pack: p, offset: offset, depth: 0, cache: trees)
        }
        return nil
    }

    /// The object at `offset`: walks down its delta chain to a whole object or one already resolved, then applies
    /// the deltas back up, keeping each result (the next version read is usually one delta away from one of them).
    /// `inflated`: the delta at `offset` itself, already inflated.
    private func resolve<Cache: ObjectCache>(pack p: Int, offset: Int, depth: Int, cache: Cache, inflated: Data? = nil) throws -> (type: Int, data: Data) {
        let pack = packs[p]
        var chain: [(offset: Int, header: Pack.Header)] = []
        var at = offset
        var base: (type: Int, data: Data)
        while true {
            if let known = cache.get(PackPosition(pack: p, offset: at)) { base = known; break }
            let header = try pack.header(at: at)
            switch header.type {
            case 1...4:
                base = (header.type, try pack.inflate(from: header.dataStart, size: header.size))
                cache.put(PackPosition(pack: p, offset: at), base)
            case Pack.offsetDelta, Pack.referenceDelta:
                chain.append((at, header))
                // git's own chains stop at 4095 (pack.depth's maximum); a longer one is a loop in a damaged pack.
                guard chain.count <= 10_000, depth < 8 else { throw pack.damaged("a delta chain that does not end") }
                if let next = header.baseOffset { at = next; continue }
                guard let baseID = header.baseID else { throw pack.damaged("a delta without a base") }
                if let inPack = try pack.offset(of: baseID) { at = inPack; continue }
                // A base in another pack (a thin pack completed elsewhere).
                guard let other = try packs.indices.firstNonNil({ i in try packs[i].offset(of: baseID).map { (i, $0) } }) else {
                    throw pack.damaged("a delta whose base \(baseID.short) is in no pack")
                }
                base = try resolve(pack: other.0, offset: other.1, depth: depth + 1, cache: cache)
            default:
                throw pack.damaged("an object of unknown type \(header.type) at offset \(at)")
            }
            break
        }
        for link in chain.reversed() {
            let delta = try (link.offset == offset ? inflated : nil) ?? pack.inflate(from: link.header.dataStart, size: link.header.size)
            base = (base.type, try Pack.apply(delta: delta, to: base.data, limit: Self.maximumObjectSize, pack: pack))
            deltasApplied += 1
            cache.put(PackPosition(pack: p, offset: link.offset), base)
        }
        return base
    }
}

extension Collection {
    fileprivate func firstNonNil<T>(_ transform: (Element) throws -> T?) rethrows -> T? {
        for e in self { if let t = try transform(e) { return t } }
        return nil
    }
}

struct PackPosition: Hashable {
    let pack: Int
    let offset: Int
}

/// Where resolved objects are kept by their place in a pack.
protocol ObjectCache: AnyObject {
    func get(_ key: PackPosition) -> (type: Int, data: Data)?
    func put(_ key: PackPosition, _ value: (type: Int, data: Data))
}

/// git's delta base cache: a fixed table, one object per slot chosen by its place in the pack, a newer one
/// replacing the older; over budget, the slots after the newest are emptied.
final class DeltaBaseCache: ObjectCache {
    private struct Slot {
        var key: PackPosition
        var type: Int
        var data: Data
    }
    private var slots: [Slot?]
    private var bytes = 0
    let budget: Int

    init(budget: Int, slots count: Int = 4096) {
        self.budget = budget
        slots = Array(repeating: nil, count: count)
    }

    func removeAll() {
        slots = Array(repeating: nil, count: slots.count)
        bytes = 0
    }

    private func slot(_ key: PackPosition) -> Int {
        let mixed = (UInt64(truncatingIfNeeded: key.offset) ^ UInt64(truncatingIfNeeded: key.pack) << 48) &* 0x9E37_79B9_7F4A_7C15
        return Int(mixed >> 32) % slots.count
    }

    func get(_ key: PackPosition) -> (type: Int, data: Data)? {
        guard let s = slots[slot(key)], s.key == key else { return nil }
        return (s.type, s.data)
    }

    func put(_ key: PackPosition, _ value: (type: Int, data: Data)) {
        guard value.data.count <= budget / 4 else { return }
        let i = slot(key)
        if let old = slots[i] { bytes -= old.data.count + 64 }
        slots[i] = Slot(key: key, type: value.type, data: value.data)
        bytes += value.data.count + 64
        var j = i
        while bytes > budget {
            j = (j + 1) % slots.count
            if let s = slots[j] { bytes -= s.data.count + 64; slots[j] = nil }
        }
    }
}

/// Resolved objects by their place in a pack, least recently used dropped first once over budget.
final class ResolvedObjects: ObjectCache {
    private struct Entry {
        var type: Int
        var data: Data
        var used: UInt64
    }
    private var entries: [PackPosition: Entry] = [:]
    private var bytes = 0
    private var clock: UInt64 = 0
    let budget: Int

    init(budget: Int) { self.budget = budget }

    func removeAll() {
        entries = [:]
        bytes = 0
    }

    func get(_ key: PackPosition) -> (type: Int, data: Data)? {
        guard var e = entries[key] else { return nil }
        clock &+= 1
        e.used = clock
        entries[key] = e
        return (e.type, e.data)
    }

    func put(_ key: PackPosition, _ value: (type: Int, data: Data)) {
        // An object bigger than a quarter of the budget would push out everything else for one use.
        guard value.data.count <= budget / 4, entries[key] == nil else { return }
        clock &+= 1
        entries[key] = Entry(type: value.type, data: value.data, used: clock)
        bytes += value.data.count + 64
        guard bytes > budget else { return }
        // Drop the older half at once, so the sort is paid rarely.
        for (k, e) in entries.sorted(by: { $0.value.used < $1.value.used }) {
            guard bytes > budget / 2 else { break }
            entries[k] = nil
            bytes -= e.data.count + 64
        }
    }
}

/// One pack and its version-2 index, both mapped read-only: the one owner of the two mappings.
final class Pack {
    static let offsetDelta = 6, referenceDelta = 7

    let path: String
    private let index: UnsafeRawBufferPointer
    private let pack: UnsafeRawBufferPointer
    private let count: Int
    private let largeOffsets: Int
    /// Where the parts of the index begin.
    private let names: Int, smallOffsets: Int, largeTable: Int
    /// Object data ends where the pack's checksum begins.
    private let end: Int

    struct PackFormatError: Error { let message: String }

    /// Maps both files; throws when either is not what git writes (the caller then leaves the pack to libgit2).
    init(index indexPath: String, pack packPath: String) throws {
        path = packPath
        index = try Self.map(indexPath)
        do { pack = try Self.map(packPath) } catch { Self.unmap(index); throw error }
        let idx = index, pk = pack
        func fail(_ why: String) -> PackFormatError {
            Self.unmap(idx); Self.unmap(pk)
            return PackFormatError(message: "\(packPath): \(why)")
        }
        // Index v2: magic, version, fan-out, names, CRCs, 4-byte offsets, 8-byte offsets, two checksums.
        let header = 8 + 256 * 4
        guard index.count >= header + 40, Self.be32(index, 0) == 0xFF74_4F63, Self.be32(index, 4) == 2 else { throw fail("not a version-2 pack index") }
        var previous: UInt32 = 0
        for i in 0..<256 {
            let n = Self.be32(index, 8 + 4 * i)
            guard n >= previous else { throw fail("a damaged index fan-out") }
            previous = n
        }
        count = Int(previous)
        names = header
        smallOffsets = header + count * 24
        largeTable = header + count * 28
        let rest = index.count - 40 - largeTable
        guard rest >= 0, rest % 8 == 0 else { throw fail("an index of the wrong size") }
        largeOffsets = rest / 8
        guard pack.count >= 32, Self.be32(pack, 0) == 0x5041_434B, [2, 3].contains(Self.be32(pack, 4)),
              Int(Self.be32(pack, 8)) == count else { throw fail("not a version-2 pack, or not the index's") }
        // The index names the pack it was written for by the pack's checksum.
        guard memcmp(index.baseAddress! + index.count - 40, pack.baseAddress! + pack.count - 20, 20) == 0 else { throw fail("an index of another pack") }
        end = pack.count - 20
    }

    /// The same pack read with a zlib stream of its own (see `PackedObjects.init(sharingPacksOf:)`).
    init(sharing other: Pack) {
        path = other.path; index = other.index; pack = other.pack; count = other.count; largeOffsets = other.largeOffsets
        names = other.names; smallOffsets = other.smallOffsets; largeTable = other.largeTable; end = other.end
        mapper = other.mapper ?? other
    }

    /// The pack that mapped the files this one reads (kept while this one reads them); nil: this one mapped them.
    private var mapper: Pack?

    deinit {
        if streamReady { inflateEnd(z) }
        z.deallocate()
        if let wholeInflater { libdeflate_free_decompressor(wholeInflater) }
        if mapper == nil { Self.unmap(index); Self.unmap(pack) }
    }

    /// The zlib stream (used under `PackedObjects`' lock only), at a fixed address: zlib's state points back to it.
    private let z: UnsafeMutablePointer<z_stream> = {
        let z = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        z.initialize(to: z_stream())
        return z
    }()
    private var streamReady = false
    /// libdeflate's decompressor, for objects inflated whole (made at the first; used under the same lock).
    private var wholeInflater: OpaquePointer?

    private static func map(_ path: String) throws -> UnsafeRawBufferPointer {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PackFormatError(message: "\(path): cannot open") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 else { throw PackFormatError(message: "\(path): not a file") }
        let size = Int(st.st_size)
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { throw PackFormatError(message: "\(path): cannot map") }
        return UnsafeRawBufferPointer(start: p, count: size)
    }

    /// Lets the kernel drop the mapped pages it holds for this process (they count as its memory); a later read
    /// maps them in again from the page cache.
    func releasePages() {
        for b in [index, pack] {
            if let base = b.baseAddress { _ = madvise(UnsafeMutableRawPointer(mutating: base), b.count, MADV_DONTNEED) }
        }
    }

    private static func unmap(_ b: UnsafeRawBufferPointer) {
        if let base = b.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), b.count) }
    }

    private static func be32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    func damaged(_ why: String) -> GitError {
        GitError(kind: .objectCorrupt, message: "damaged pack \(path): \(why). Run `git fsck` to list the damage, then restore the pack from another clone or a backup")
    }

    /// Where `id` starts in the pack, or nil when the pack does not hold it.
    func offset(of id: ObjectID) throws -> Int? {
        var oid = id.oid
        return try withUnsafeBytes(of: &oid.id) { key -> Int? in
            guard let (i, found) = place(of: key), found else { return nil }
            return try offset(ofEntry: i)
        }
    }

    /// Whether this index names `key` (20 bytes), and how many leading hex digits the nearest other names share with it.
    func neighbourhood(of key: UnsafeRawBufferPointer) -> (found: Bool, shared: Int) {
        guard let (low, found) = place(of: key), let k = key.baseAddress, let names = index.baseAddress.map({ $0 + self.names }) else { return (false, 0) }
        let after = found ? low + 1 : low
        var shared = 0
        if low > 0 { shared = Self.sharedDigits(names + (low - 1) * 20, k) }
        if after < count { shared = max(shared, Self.sharedDigits(names + after * 20, k)) }
        return (found, shared)
    }

    /// The first index entry not before `key` (20 bytes), within its first byte's range of the fan-out table, and
    /// whether that entry is `key`; nil for a key that is not 20 bytes.
    private func place(of key: UnsafeRawBufferPointer) -> (index: Int, found: Bool)? {
        guard let k = key.baseAddress, key.count == 20, let names = index.baseAddress.map({ $0 + self.names }) else { return nil }
        let first = Int(key[0])
        var low = first == 0 ? 0 : Int(Self.be32(index, 8 + 4 * (first - 1)))
        var high = Int(Self.be32(index, 8 + 4 * first))
        // The first 8 bytes compared as one big-endian number, the rest only when they tie (a history walk looks up
        // every tree it reads: a call to memcmp per step was a tenth of reading them).
        let head = UInt64(bigEndian: k.loadUnaligned(as: UInt64.self))
        func order(_ i: Int) -> Int32 {
            let name = names + i * 20
            let other = UInt64(bigEndian: name.loadUnaligned(as: UInt64.self))
            return other != head ? (other < head ? -1 : 1) : memcmp(name + 8, k + 8, 12)
        }
        while low < high {
            let mid = (low + high) / 2
            if order(mid) < 0 { low = mid + 1 } else { high = mid }
        }
        return (low, low < count && order(low) == 0)
    }

    /// Leading hex digits two 20-byte names share.
    static func sharedDigits(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer) -> Int {
        for i in 0..<20 {
            let x = a.load(fromByteOffset: i, as: UInt8.self), y = b.load(fromByteOffset: i, as: UInt8.self)
            if x != y { return 2 * i + (x >> 4 == y >> 4 ? 1 : 0) }
        }
        return 40
    }

    /// The pack offset of index entry `i`: 31 bits, or (top bit set) a place in the table of 8-byte offsets.
    func offset(ofEntry i: Int) throws -> Int {
        let small = Self.be32(index, smallOffsets + 4 * i)
        var offset = Int(small)
        if small & 0x8000_0000 != 0 {
            let slot = Int(small & 0x7FFF_FFFF)
            guard slot < largeOffsets else { throw damaged("an index offset outside its table") }
            let at = largeTable + 8 * slot
            let high = UInt64(Self.be32(index, at)), low = UInt64(Self.be32(index, at + 4))
            let big = high << 32 | low
            guard big < UInt64(end) else { throw damaged("an index offset past the end of the pack") }
            offset = Int(big)
        }
        guard offset >= 12, offset < end else { throw damaged("an index offset outside the pack") }
        return offset
    }

    struct Header {
        var type: Int
        /// The object's size, or for a delta the size of the delta data.
        var size: Int
        var dataStart: Int
        var baseOffset: Int?
        var baseID: ObjectID?
    }

    /// The object header at `at`: type, size (a varint), and for a delta where its base is.
    func header(at start: Int) throws -> Header {
        var at = start
        guard at < end else { throw damaged("an object past the end of the pack") }
        var c = pack[at]; at += 1
        let type = Int(c >> 4) & 7
        var size = UInt64(c & 15), shift: UInt64 = 4
        while c & 0x80 != 0 {
            guard at < end, shift <= 57 else { throw damaged("an object header that does not end at offset \(start)") }
            c = pack[at]; at += 1
            size |= UInt64(c & 0x7F) << shift
            shift += 7
        }
        guard size <= UInt64(Int.max / 2) else { throw damaged("an impossible object size at offset \(start)") }
        var header = Header(type: type, size: Int(size), dataStart: at)
        if type == Self.offsetDelta {
            // The base's distance back, in git's offset encoding (each continuation adds one before shifting).
            guard at < end else { throw damaged("a delta header past the end of the pack") }
            c = pack[at]; at += 1
            var back = Int(c & 0x7F)
            while c & 0x80 != 0 {
                guard at < end, back < (Int.max >> 8) else { throw damaged("a delta base offset that does not end at offset \(start)") }
                c = pack[at]; at += 1
                back = ((back + 1) << 7) | Int(c & 0x7F)
            }
            guard back > 0, back <= start - 12 else { throw damaged("a delta base outside the pack at offset \(start)") }
            header.baseOffset = start - back
        } else if type == Self.referenceDelta {
            guard at <= end - 20, let raw = pack.baseAddress else { throw damaged("a delta header past the end of the pack") }
            var oid = git_oid()
            withUnsafeMutableBytes(of: &oid.id) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw + at, count: 20)) }
            header.baseID = ObjectID(oid)
            at += 20
        }
        header.dataStart = at
        return header
    }

    /// The result size an inflated delta declares (after its base's size).
    static func resultSize(ofDelta delta: Data, pack: Pack) throws -> Int {
        try delta.withUnsafeBytes { d in
            var p = 0
            _ = try varint(d, &p, pack: pack)
            return try varint(d, &p, pack: pack)
        }
    }

    /// The size of the object at `at` once resolved (a delta declares it at the start of its data), without
    /// resolving it; nil for a type this reader does not know.
    func resultSize(at offset: Int) throws -> Int? {
        let h = try header(at: offset)
        switch h.type {
        case 1...4: return h.size
        case Self.offsetDelta, Self.referenceDelta:
            var head = [UInt8](repeating: 0, count: 24)
            let got = try inflate(from: h.dataStart, into: &head, declared: h.size)
            var p = 0
            _ = try Self.varint(head, count: got, &p, pack: self)
            return try Self.varint(head, count: got, &p, pack: self)
        default: return nil
        }
    }

    /// Inflates the zlib stream at `at`, which must hold exactly `size` bytes.
    func inflate(from at: Int, size: Int) throws -> Data {
        // Deflate expands at most about 1032:1: a larger size is a damaged header, not a reason to allocate.
        guard size / 1032 <= end - at + 64, size <= PackedObjects.maximumObjectSize else { throw damaged("an impossible object size at offset \(at)") }
        // One spare byte: an object longer than declared fills it.
        guard let buffer = malloc(size + 1) else { throw damaged("no memory for an object of \(size) bytes at offset \(at)") }
        let produced: Int
        do {
            produced = try inflate(from: at, into: UnsafeMutableRawBufferPointer(start: buffer, count: size + 1), whole: true)
        } catch {
            free(buffer)
            throw error
        }
        guard produced == size else { free(buffer); throw damaged("an object of \(produced) bytes where its header says \(size), at offset \(at)") }
        return Data(bytesNoCopy: buffer, count: size, deallocator: .free)
    }

    /// A buffer for `count` bytes that the caller writes every one of before reading any (`Data(count:)` zeroed every
    /// inflated object and delta result first: a twentieth of comparing a history's trees).
    static func unfilledData(_ count: Int) -> Data {
        guard count > 0, let buffer = malloc(count) else { return Data(count: count) }
        return Data(bytesNoCopy: buffer, count: count, deallocator: .free)
    }

    /// The first bytes of the stream at `at` (a delta's header).
    private func inflate(from at: Int, into buffer: inout [UInt8], declared: Int) throws -> Int {
        let n = min(buffer.count, declared)
        return try buffer.withUnsafeMutableBytes { out in
            try inflate(from: at, into: UnsafeMutableRawBufferPointer(rebasing: out[0..<n]), whole: false)
        }
    }

    /// zlib over the pack's bytes from `at` to the checksum; `whole`: the stream must end within `out`.
    private func inflate(from at: Int, into out: UnsafeMutableRawBufferPointer, whole: Bool) throws -> Int {
        guard at < end, let input = pack.baseAddress else { throw damaged("object data past the end of the pack") }
        if whole, let o = out.baseAddress {
            // A whole object in one call (its size is known): libdeflate, about twice zlib's speed on a pack's small
            // objects (inflating was most of reading a history's versions). The rest of the pack follows the stream.
            if wholeInflater == nil { wholeInflater = libdeflate_alloc_decompressor() }
            guard let d = wholeInflater else { throw damaged("no memory to inflate an object") }
            var used = 0, produced = 0
            switch libdeflate_zlib_decompress_ex(d, input + at, end - at, o, out.count, &used, &produced) {
            case LIBDEFLATE_SUCCESS: return produced
            case LIBDEFLATE_INSUFFICIENT_SPACE: throw damaged("an object whose data does not end where its header says, at offset \(at)")
            default: throw damaged("a zlib data error at offset \(at)")
            }
        }
        // One stream for the pack, reset for each object: starting one allocates its 32 KiB window every time.
        if !streamReady {
            guard inflateInit_(z, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw damaged("zlib cannot start") }
            streamReady = true
        } else {
            guard inflateReset(z) == Z_OK else { throw damaged("zlib cannot restart") }
        }
        z.pointee.next_in = UnsafeMutablePointer(mutating: (input + at).assumingMemoryBound(to: Bytef.self))
        z.pointee.avail_in = uInt(min(end - at, Int(UInt32.max)))
        var ret = Z_OK
        var produced = 0
        if out.count == 0 {
            // An empty object is still a stream of its own; inflate it into a scratch byte to see it end.
            var spare: UInt8 = 0
            ret = withUnsafeMutablePointer(to: &spare) { s in
                z.pointee.next_out = s; z.pointee.avail_out = 1
                let r = CLibgit2.inflate(z, Z_FINISH)
                produced = 1 - Int(z.pointee.avail_out)
                return r
            }
        } else {
            guard let o = out.baseAddress else { return 0 }
            z.pointee.next_out = o.assumingMemoryBound(to: Bytef.self)
            z.pointee.avail_out = uInt(min(out.count, Int(UInt32.max)))
            repeat {
                let before = z.pointee.avail_out
                ret = CLibgit2.inflate(z, whole ? Z_FINISH : Z_SYNC_FLUSH)
                produced = out.count - Int(z.pointee.avail_out)
                if ret == Z_BUF_ERROR && z.pointee.avail_out != before && z.pointee.avail_out > 0 { ret = Z_OK; continue }
                break
            } while true
        }
        if !whole { guard ret == Z_OK || ret == Z_STREAM_END || ret == Z_BUF_ERROR else { throw damaged("a zlib data error at offset \(at)") }; return produced }
        guard ret == Z_STREAM_END else {
            throw damaged(ret == Z_DATA_ERROR ? "a zlib data error at offset \(at)" : "an object whose data does not end where its header says, at offset \(at)")
        }
        return produced
    }

    /// A delta's size varint (7 bits a byte, least significant first).
    static func varint(_ b: UnsafeRawBufferPointer, _ p: inout Int, pack: Pack) throws -> Int {
        var value = 0, shift = 0
        while true {
            guard p < b.count, shift <= 56 else { throw pack.damaged("a delta header that does not end") }
            let c = b[p]; p += 1
            value |= Int(c & 0x7F) << shift
            shift += 7
            if c & 0x80 == 0 { return value }
        }
    }

    static func varint(_ b: [UInt8], count: Int, _ p: inout Int, pack: Pack) throws -> Int {
        try b.withUnsafeBytes { try varint(UnsafeRawBufferPointer(rebasing: $0[0..<min(count, $0.count)]), &p, pack: pack) }
    }

    /// git's delta format: the base's size, the result's size, then copies from the base and inserted bytes.
    /// Every copy is checked against both buffers; the result must be exactly the size the delta declares.
    static func apply(delta: Data, to base: Data, limit: Int, pack: Pack) throws -> Data {
        try delta.withUnsafeBytes { d -> Data in
            try base.withUnsafeBytes { b -> Data in
                var p = 0
                let baseSize = try varint(d, &p, pack: pack)
                let size = try varint(d, &p, pack: pack)
                guard baseSize == b.count else { throw pack.damaged("a delta for a base of \(baseSize) bytes applied to one of \(b.count)") }
                guard size <= limit else { throw pack.damaged("a delta result larger than \(limit) bytes") }
                // Filled whole below, or thrown away: a delta must build exactly the size it declares.
                var result = Pack.unfilledData(size)
                try result.withUnsafeMutableBytes { r in
                    var q = 0
                    while p < d.count {
                        let command = d[p]; p += 1
                        if command & 0x80 != 0 {
                            var from = 0, length = 0
                            for bit in 0..<4 where command & (1 << bit) != 0 {
                                guard p < d.count else { throw pack.damaged("a delta copy that ends early") }
                                from |= Int(d[p]) << (8 * bit); p += 1
                            }
                            for bit in 0..<3 where command & (0x10 << bit) != 0 {
                                guard p < d.count else { throw pack.damaged("a delta copy that ends early") }
                                length |= Int(d[p]) << (8 * bit); p += 1
                            }
                            if length == 0 { length = 0x10000 }
                            guard from <= b.count, length <= b.count - from, length <= size - q,
                                  let src = b.baseAddress, let dst = r.baseAddress else { throw pack.damaged("a delta copy outside its base or result") }
                            (dst + q).copyMemory(from: src + from, byteCount: length)
                            q += length
                        } else if command != 0 {
                            let length = Int(command)
                            guard length <= d.count - p, length <= size - q, let src = d.baseAddress, let dst = r.baseAddress else {
                                throw pack.damaged("a delta insertion outside its data or result")
                            }
                            (dst + q).copyMemory(from: src + p, byteCount: length)
                            p += length; q += length
                        } else {
                            throw pack.damaged("a delta with the reserved command 0")
                        }
                    }
                    guard q == size else { throw pack.damaged("a delta that builds \(q) bytes where it declares \(size)") }
                }
                return result
            }
        }
    }
}
