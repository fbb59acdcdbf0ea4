import CLibgit2
import Foundation
import GitKit
import ISMSModel

/// Change records per commit, kept under the git directory so a second run only analyses new commits.
/// Keyed by commit ids (immutable), so it is never stale after a rebase or an amend: new commits are new keys.
/// Safe to delete at any time. Written atomically; a cache that cannot be read is ignored, never trusted in part.
/// Binary, with strings and front-matter facts stored once each: reading it must cost a fraction of a walk.
struct HistoryCache {
    /// The format, then the isms build that wrote the file and the libraries it read objects with (`ProgramBuild`): a
    /// record is only as good as the code that analysed the commit.
    static let magic = Array("ISMSHC08".utf8) + ProgramBuild.identity + Array(ProgramBuild.linkedLibraries.utf8) + [0]

    var parents: [ObjectID: [ObjectID]] = [:]
    /// (Keyed by object id, not its hex: a warm walk looks every commit up several times.)
    var commits: [ObjectID: CachedCommit] = [:]
    /// Where the people registry is at a head (`HistoryReader.peopleRegistryPaths`): finding it reads every document
    /// at the head, a tenth of a warm run; the same head has the same files.
    var people: (head: ObjectID, paths: [String])?
    /// The file as read, and where its tables and each commit's record are in it: a save after a few new commits
    /// copies the known records byte for byte, behind the same tables, instead of encoding the whole history again
    /// (that was a third of a warm run after one new commit).
    var file: [UInt8] = []
    var stringTable = 0..<0, stringCount = 0
    var factTable = 0..<0, factCount = 0
    var records: [ObjectID: Range<Int>] = [:]

    static func url(_ repository: Repository, root: String, ignore: [String]) -> URL {
        // One file per documents root and ignore list: both decide which paths count.
        let key = DocumentFacts.substanceHash(root + "\n" + ignore.joined(separator: "\n"), excluding: [])
        return repository.gitdir.appendingPathComponent("isms/history-\(String(key, radix: 16)).cache")
    }

    // MARK: Reading

    static func load(repository: Repository, root: String, ignore: [String]) -> HistoryCache? {
        guard let data = FileManager.default.contents(atPath: url(repository, root: root, ignore: ignore).path) else { return nil }
        let file = [UInt8](data)
        var cache = file.withUnsafeBufferPointer { bytes -> HistoryCache? in
            var r = Reader(bytes: bytes)
            return try? r.cache()
        }
        cache?.file = file
        return cache
    }

    struct Corrupt: Error {}

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0
        var strings: [String] = []
        var facts: [DocumentFacts] = []

        mutating func take(_ n: Int) throws -> UnsafeBufferPointer<UInt8> {
            guard n >= 0, at + n <= bytes.count else { throw Corrupt() }
            defer { at += n }
            return UnsafeBufferPointer(rebasing: bytes[at..<(at + n)])
        }
        mutating func u8() throws -> UInt8 { try take(1)[0] }
        mutating func u32() throws -> UInt32 { let b = try take(4); return UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24 }
        mutating func i32() throws -> Int32 { Int32(bitPattern: try u32()) }
        mutating func u64() throws -> UInt64 { UInt64(try u32()) | UInt64(try u32()) << 32 }
        mutating func oid() throws -> ObjectID {
            let b = try take(20)
            var o = git_oid()
            withUnsafeMutableBytes(of: &o.id) { $0.copyMemory(from: UnsafeRawBufferPointer(b)) }
            return ObjectID(o)
        }
        mutating func string() throws -> String {
            let i = Int(try i32())
            guard i < strings.count, i >= 0 else { throw Corrupt() }
            return strings[i]
        }
        mutating func optionalString() throws -> String? {
            let i = Int(try i32())
            if i == -1 { return nil }
            guard i < strings.count, i >= 0 else { throw Corrupt() }
            return strings[i]
        }
        mutating func optionalFacts() throws -> DocumentFacts? {
            let i = Int(try i32())
            if i == -1 { return nil }
            guard i < facts.count, i >= 0 else { throw Corrupt() }
            return facts[i]
        }

        mutating func cache() throws -> HistoryCache {
            guard Array(try take(HistoryCache.magic.count)) == HistoryCache.magic else { throw Corrupt() }
            var cache = HistoryCache()
            let stringCount = Int(try u32())
            let stringStart = at
            strings.reserveCapacity(stringCount)
            for _ in 0..<stringCount {
                let n = Int(try u32())
                strings.append(String(decoding: try take(n), as: UTF8.self))
            }
            cache.stringTable = stringStart..<at
            cache.stringCount = stringCount
            let factCount = Int(try u32())
            let factStart = at
            facts.reserveCapacity(factCount)
            // Most versions have their keys on the same lines: each layout's table is built once and shared.
            var layouts: [[UInt8]: [String: Int]] = [:]
            for _ in 0..<factCount {
                let id = try optionalString(), type = try optionalString(), title = try optionalString()
                let owner = try optionalString(), approver = try optionalString(), version = try optionalString()
                let status = try optionalString(), effective = try optionalString(), lastReviewed = try optionalString()
                let lineCount = Int(try u8())
                let layout = Array(try take(lineCount * 8))
                var lines: [String: Int]
                if let known = layouts[layout] {
                    lines = known
                } else {
                    lines = Dictionary(minimumCapacity: lineCount)
                    var r = Reader(bytes: bytes, at: at - lineCount * 8, strings: strings)
                    for _ in 0..<lineCount { let k = try r.string(); lines[k] = Int(try r.i32()) }
                    layouts[layout] = lines
                }
                let substance = try u64()
                facts.append(DocumentFacts(id: id, type: type, title: title, owner: owner, approver: approver, version: version, status: status,
                                           effective: effective, lastReviewed: lastReviewed, lines: lines, substance: substance, unreadable: try u8() == 1))
            }
            cache.factTable = factStart..<at
            cache.factCount = factCount
            let nodeCount = Int(try u32())
            cache.parents.reserveCapacity(nodeCount)
            for _ in 0..<nodeCount {
                let id = try oid()
                var ps: [ObjectID] = []
                for _ in 0..<Int(try u8()) { ps.append(try oid()) }
                cache.parents[id] = ps
            }
            let commitCount = Int(try u32())
            cache.commits.reserveCapacity(commitCount)
            cache.records.reserveCapacity(commitCount)
            for _ in 0..<commitCount {
                let id = try oid()
                let start = at
                let author = CommitIdentity(name: try string(), email: try string(), time: Int64(bitPattern: try u64()), offsetMinutes: try i32())
                let committer = CommitIdentity(name: try string(), email: try string(), time: Int64(bitPattern: try u64()), offsetMinutes: try i32())
                var c = CachedCommit(author: author, committer: committer, subject: try string(), trailers: [], changes: [])
                for _ in 0..<Int(try u32()) { c.trailers.append((try string(), try string())) }
                for _ in 0..<Int(try u32()) {
                    guard let kind = [DocumentChange.Kind.added, .modified, .renamed, .deleted][safe: Int(try u8())] else { throw Corrupt() }
                    c.changes.append(DocumentChange(kind: kind, path: try string(), oldPath: try optionalString(), before: try optionalFacts(), after: try optionalFacts()))
                }
                if try u8() == 1 { c.registry = RegistryLocation(path: try string(), blob: try oid()) }
                for _ in 0..<Int(try u8()) {
                    var edges: [PathEdge] = []
                    let n = Int(try u32())
                    edges.reserveCapacity(min(n, 1 << 16))
                    for _ in 0..<n {
                        guard let kind = PathEdge.Kind(rawValue: try u8()) else { throw Corrupt() }
                        edges.append(PathEdge(kind: kind, path: try string(), oldPath: try optionalString()))
                    }
                    c.edges.append(edges)
                }
                cache.commits[id] = c
                cache.records[id] = start..<at
            }
            if try u8() == 1 {
                let head = try oid()
                var paths: [String] = []
                for _ in 0..<Int(try u32()) { paths.append(try string()) }
                cache.people = (head, paths)
            }
            guard at == bytes.count else { throw Corrupt() }
            return cache
        }
    }

    // MARK: Writing

    struct Writer {
        var out: [UInt8] = []
        var strings = StringNumbers()
        /// The facts table's entries for the facts met so far, encoded when first met (their strings interned then).
        var factBytes: [UInt8] = []
        var factCount: Int32 = 0
        /// By shared copy (see `facts(_:)`), each kept alive here so its identity is never reused.
        var factCopies: [ObjectIdentifier: (index: Int32, copy: DocumentFacts)] = [:]
        /// The previous file's tables, kept first and whole, so its records' indices still hold (new strings and
        /// facts are added after them, even when one of them holds the same: the reader needs no uniqueness).
        let base: HistoryCache?
        // (Stored, not read through `base` at every string: copying the optional cache out was most of interning.)
        let baseStrings: Int32, baseFacts: Int32

        init(base: HistoryCache?) {
            self.base = base
            baseStrings = Int32(base?.stringCount ?? 0)
            baseFacts = Int32(base?.factCount ?? 0)
        }

        mutating func u8(_ v: UInt8) { out.append(v) }
        mutating func u32(_ v: UInt32) { Self.u32(v, to: &out) }
        mutating func i32(_ v: Int32) { u32(UInt32(bitPattern: v)) }
        mutating func u64(_ v: UInt64) { u32(UInt32(v & 0xFFFF_FFFF)); u32(UInt32(v >> 32)) }
        mutating func oid(_ id: ObjectID) { withUnsafeBytes(of: id.oid.id) { out.append(contentsOf: $0) } }
        static func u32(_ v: UInt32, to bytes: inout [UInt8]) {
            withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
        }
        mutating func intern(_ s: String) -> Int32 { baseStrings + Int32(strings.number(s)) }
        mutating func string(_ s: String) { i32(intern(s)) }
        mutating func optionalString(_ s: String?) { i32(s.map { intern($0) } ?? -1) }
        mutating func facts(_ f: DocumentFacts?) {
            guard let f else { i32(-1); return }
            // A version's facts are one shared copy wherever they are named: known by that, written once. (Not by value:
            // hashing every version's values was a third of writing a cold history's file, to save the rare equal
            // pair read from two blobs; the reader needs no uniqueness.)
            if let known = factCopies[f.copyIdentity] { i32(known.index); return }
            let i = baseFacts + factCount
            factCount += 1
            factCopies[f.copyIdentity] = (i, f)
            // The table entry now, its strings interned as they are written (the string table goes before it).
            // (One call per field, not a loop over an array of them: that array was an allocation per version.)
            func field(_ s: String?) { Self.u32(UInt32(bitPattern: s.map { intern($0) } ?? -1), to: &factBytes) }
            field(f.id); field(f.type); field(f.title); field(f.owner); field(f.approver); field(f.version); field(f.status)
            field(f.effective); field(f.lastReviewed)
            // (In key order: a dictionary's own order differs from one process to the next, and so would the file.)
            let lines = f.lines.count < 2 ? Array(f.lines) : f.lines.sorted { $0.key < $1.key }
            factBytes.append(UInt8(min(lines.count, 255)))
            for (k, v) in lines.prefix(255) {
                Self.u32(UInt32(bitPattern: intern(k)), to: &factBytes)
                Self.u32(UInt32(bitPattern: Int32(truncatingIfNeeded: v)), to: &factBytes)
            }
            Self.u32(UInt32(f.substance & 0xFFFF_FFFF), to: &factBytes)
            Self.u32(UInt32(f.substance >> 32), to: &factBytes)
            factBytes.append(f.unreadable ? 1 : 0)
            i32(i)
        }

        /// What goes before the body written so far: the string table, then the facts.
        func header() -> [UInt8] {
            var head = HistoryCache.magic
            Self.u32(UInt32(Int(baseStrings) + strings.count), to: &head)
            if let base { head.append(contentsOf: base.file[base.stringTable]) }
            for i in 0..<strings.count {
                let s = strings.utf8(i)
                Self.u32(UInt32(s.count), to: &head)
                head.append(contentsOf: s)
            }
            Self.u32(UInt32(Int(baseFacts) + Int(factCount)), to: &head)
            if let base { head.append(contentsOf: base.file[base.factTable]) }
            head.append(contentsOf: factBytes)
            return head
        }
    }

    static func save(repository: Repository, root: String, ignore: [String], head: ObjectID, graph: CommitGraph, previous: HistoryCache?, fresh: [ObjectID: CachedCommit],
                     people: (head: ObjectID, paths: [String])? = nil) {
        let trace = Trace()
        defer { trace.mark("cache encoded and written (its own thread)") }
        var w = Writer(base: previous.flatMap { $0.file.isEmpty ? nil : $0 })
        // Room for the whole body at once, not grown by doubling, each growth a copy (pages never written are never
        // resident).
        w.out.reserveCapacity(max(previous?.file.count ?? 0, graph.nodes.count * 1024) + (1 << 20))
        // What the previous cache knew beyond this walk stays: a walk of a pull request's commits only
        // (`check --range`) must not shrink the cache a CI job restored to those few commits.
        let older = (previous?.parents ?? [:]).filter { !graph.contains($0.key) }.sorted { $0.key.hex < $1.key.hex }
        w.u32(UInt32(graph.nodes.count + older.count))
        for node in graph.nodes {
            w.oid(node.id)
            let ps = node.isBoundary ? [] : node.parents
            w.u8(UInt8(min(ps.count, 255)))
            for p in ps.prefix(255) { w.oid(p) }
        }
        for (id, ps) in older {
            w.oid(id)
            w.u8(UInt8(min(ps.count, 255)))
            for p in ps.prefix(255) { w.oid(p) }
        }
        // A commit read with objects missing is not kept: once they are fetched, it is read again. (Ids first, each
        // record then read where it is: copying a record out is a retain per field, and the lists of copies were a
        // third of writing a cold history's file.)
        func kept(_ id: ObjectID) -> Bool {
            if let c = fresh[id] { return c.missing.isEmpty }
            return previous?.commits[id]?.missing.isEmpty ?? false
        }
        var keptIDs: [ObjectID] = []
        keptIDs.reserveCapacity(graph.nodes.count + older.count)
        for n in graph.nodes where !n.isBoundary && kept(n.id) { keptIDs.append(n.id) }
        for (id, _) in older where kept(id) { keptIDs.append(id) }
        w.u32(UInt32(keptIDs.count))
        let kinds: [DocumentChange.Kind: UInt8] = [.added: 0, .modified: 1, .renamed: 2, .deleted: 3]
        func identity(_ who: CommitIdentity) { w.string(who.name); w.string(who.email); w.u64(UInt64(bitPattern: who.time)); w.i32(who.offsetMinutes) }
        for id in keptIDs {
            w.oid(id)
            let c: CachedCommit
            if let new = fresh[id] {
                c = new
            } else if let base = w.base, let record = base.records[id] {
                w.out.append(contentsOf: base.file[record])
                continue
            } else {
                c = previous!.commits[id]!
            }
            identity(c.author); identity(c.committer)
            w.string(c.subject)
            w.u32(UInt32(c.trailers.count))
            for t in c.trailers { w.string(t.key); w.string(t.value) }
            w.u32(UInt32(c.changes.count))
            for d in c.changes {
                w.u8(kinds[d.kind]!)
                w.string(d.path); w.optionalString(d.oldPath); w.facts(d.before); w.facts(d.after)
            }
            if let r = c.registry { w.u8(1); w.string(r.path); w.oid(r.blob) } else { w.u8(0) }
            w.u8(UInt8(min(c.edges.count, 255)))
            for edges in c.edges.prefix(255) {
                w.u32(UInt32(edges.count))
                for e in edges { w.u8(e.kind.rawValue); w.string(e.path); w.optionalString(e.oldPath) }
            }
        }
        if let people {
            w.u8(1)
            w.oid(people.head)
            w.u32(UInt32(people.paths.count))
            for p in people.paths.sorted() { w.string(p) }
        } else {
            w.u8(0)
        }
        let header = w.header()
        // Header and body written one after the other, not joined first: the copies were megabytes more at a cold
        // run's peak (the write overlaps the rest of the command).
        KeptFile.write(url(repository, root: root, ignore: ignore)) { put in header.withUnsafeBytes(put) && w.out.withUnsafeBytes(put) }
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
