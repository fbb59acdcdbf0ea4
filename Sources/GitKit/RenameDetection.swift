import Foundation

/// Pairs deleted and added files as renames the way `git diff -M` does with its defaults, so a revision table agrees
/// with what an auditor sees in `git log`: libgit2's similarity measure pairs files git does not (small documents
/// that share front matter, above all). In git's order: exact renames (same blob) first, preferring a source with
/// the same file name; then files whose name is unique on both sides and which are at least 75% similar; then, unless
/// sources × destinations exceed the rename limit squared, the best pairs at or above the threshold (50%). Similarity
/// is git's: the share of the larger file made of line chunks (up to 64 bytes) found in the source. Only regular
/// files are compared by content; a file's last line without a newline counts for nothing, as in git.
public struct RenameDetection {
    /// git's `diff.renameLimit` default.
    public static let defaultLimit = 1000
    /// git's default similarity threshold (`-M50%`).
    public static let defaultThreshold = 50

    static let maxScore = 60000

    public var threshold = defaultThreshold
    public var limit = defaultLimit
    /// Chunk counts kept from earlier calls, when given.
    public var memo: Memo?
    public init(memo: Memo? = nil) { self.memo = memo }

    /// Blobs' chunk counts, kept across calls by their id (the id names the bytes, so they never go stale): a history
    /// walk compares the same versions again at every merge that brings them in (three times each, on average, in a
    /// 16,000-commit history).
    public final class Memo {
        var spans: [ObjectID: Spans] = [:]
        public init() {}
        public func removeAll() { spans = [:] }
    }

    /// `changes` with deleted/added pairs replaced by renames (in git's path order).
    /// `content` gives a blob's bytes; nil when it cannot be read (a missing object), which then pairs only exactly.
    public func apply(to changes: [FileChange], content: (ObjectID) throws -> Data?) rethrows -> [FileChange] {
        let sources = changes.filter { $0.kind == .deleted && $0.oldID != nil }.sorted { Self.before($0.oldPath ?? "", $1.oldPath ?? "") }
        let destinations = changes.filter { $0.kind == .added && $0.newID != nil }.sorted { Self.before($0.newPath ?? "", $1.newPath ?? "") }
        guard !sources.isEmpty, !destinations.isEmpty else { return changes }
        let minimum = threshold * Self.maxScore / 100
        var used = [Bool](repeating: false, count: sources.count)
        var pairedWith = [Int?](repeating: nil, count: destinations.count)
        var score = [Int](repeating: 0, count: destinations.count)
        // A blob's bytes are read once; its chunks are counted only when a pair passes the size test.
        var blobs: [ObjectID: Blob?] = [:]
        let memo = memo
        func blob(_ id: ObjectID) throws -> Blob? {
            if let b = blobs[id] { return b }
            let b = try memo?.spans[id].map(Blob.init(counted:)) ?? content(id).map { Blob(id, $0, memo: memo) }
            blobs[id] = b
            return b
        }
        // Each side's blob by its place in the lists once found (the matrix below asks for every pair).
        var sourceBlobs = [Blob??](repeating: nil, count: sources.count)
        var destinationBlobs = [Blob??](repeating: nil, count: destinations.count)
        func similarity(_ s: Int, _ d: Int) throws -> Int {
            let a = sources[s], b = destinations[d]
            guard Self.isRegular(a.oldMode), Self.isRegular(b.newMode), let x = a.oldID, let y = b.newID else { return 0 }
            if sourceBlobs[s] == nil { sourceBlobs[s] = .some(try blob(x)) }
            if destinationBlobs[d] == nil { destinationBlobs[d] = .some(try blob(y)) }
            guard let ba = sourceBlobs[s]!, let bb = destinationBlobs[d]! else { return 0 }
            let big = max(ba.size, bb.size), small = min(ba.size, bb.size)
            // Edits that change the size too much are not renames (git checks sizes before reading contents).
            if big * (Self.maxScore - minimum) < (big - small) * Self.maxScore { return 0 }
            guard bb.size > 0 else { return 0 }
            return ba.spans.copied(into: bb.spans) * Self.maxScore / big
        }

        // 1. Exact renames: the first unused source with the same blob, one with the same file name preferred.
        var bySource: [ObjectID: [Int]] = [:]
        for (i, s) in sources.enumerated() { bySource[s.oldID!, default: []].append(i) }
        for (d, dest) in destinations.enumerated() {
            guard let candidates = bySource[dest.newID!] else { continue }
            var best: Int?
            for s in candidates where !used[s] {
                let a = sources[s]
                if (!Self.isRegular(a.oldMode) || !Self.isRegular(dest.newMode)) && a.oldMode != dest.newMode { continue }
                if Self.sameFileName(a.oldPath!, dest.newPath!) { best = s; break }
                if best == nil { best = s }
            }
            if let s = best { used[s] = true; pairedWith[d] = s; score[d] = Self.maxScore }
        }
        guard minimum < Self.maxScore else { return Self.result(changes, sources, destinations, pairedWith, score) }

        // 2. Same file name, unique among the remaining sources and among the remaining destinations, and 75% similar.
        let basenameMinimum = minimum + (Self.maxScore - minimum) / 2
        var sourceByName: [Substring: Int] = [:], destinationByName: [Substring: Int] = [:]
        for (i, s) in sources.enumerated() where !used[i] {
            let n = Self.fileName(s.oldPath!)
            sourceByName[n] = sourceByName[n] == nil ? i : -1
        }
        for (i, d) in destinations.enumerated() where pairedWith[i] == nil {
            let n = Self.fileName(d.newPath!)
            destinationByName[n] = destinationByName[n] == nil ? i : -1
        }
        for (s, src) in sources.enumerated() where !used[s] {
            let n = Self.fileName(src.oldPath!)
            guard sourceByName[n] == s, let d = destinationByName[n], d >= 0, pairedWith[d] == nil else { continue }
            let sim = try similarity(s, d)
            if sim >= basenameMinimum { used[s] = true; pairedWith[d] = s; score[d] = sim }
        }

        // 3. The rest, best pairs first, unless the matrix is larger than the rename limit allows.
        let remainingSources = sources.indices.filter { !used[$0] }
        let remainingDestinations = destinations.indices.filter { pairedWith[$0] == nil }
        if !remainingSources.isEmpty, !remainingDestinations.isEmpty,
           limit <= 0 || remainingSources.count.multipliedReportingOverflow(by: remainingDestinations.count).partialValue <= limit * limit {
            // File names as numbers: compared for every pair, the names themselves were a sixth of rename pairing.
            var nameNumbers: [Substring: Int] = [:]
            func number(_ path: String) -> Int {
                let n = Self.fileName(path)
                if let k = nameNumbers[n] { return k }
                nameNumbers[n] = nameNumbers.count
                return nameNumbers.count - 1
            }
            let sourceName = sources.map { number($0.oldPath!) }, destinationName = destinations.map { number($0.newPath!) }
            var candidates: [Candidate] = []
            candidates.reserveCapacity(remainingDestinations.count * 4)
            for d in remainingDestinations {
                var best = [Candidate?](repeating: nil, count: 4)
                for s in remainingSources {
                    let c = Candidate(source: s, destination: d, score: try similarity(s, d),
                                      sameName: sourceName[s] == destinationName[d])
                    // Replace the worst of the four kept (the first worst, as git does) if this one is better.
                    var worst = 0
                    for i in 1..<4 where Candidate.order(best[i], best[worst]) > 0 { worst = i }
                    if Candidate.order(best[worst], c) > 0 { best[worst] = c }
                }
                candidates.append(contentsOf: best.compactMap { $0 })
            }
            // A stable sort: equal candidates keep the order git keeps them in.
            let sorted = candidates.enumerated().sorted { a, b in
                let o = Candidate.order(a.element, b.element)
                return o != 0 ? o < 0 : a.offset < b.offset
            }.map(\.element)
            for c in sorted {
                if c.score < minimum { break }
                if pairedWith[c.destination] != nil || used[c.source] { continue }
                used[c.source] = true; pairedWith[c.destination] = c.source; score[c.destination] = c.score
            }
        }
        return Self.result(changes, sources, destinations, pairedWith, score)
    }

    struct Candidate {
        let source: Int, destination: Int, score: Int, sameName: Bool
        /// git's ordering of candidates: negative when `a` comes first. Empty slots sink to the bottom.
        static func order(_ a: Candidate?, _ b: Candidate?) -> Int {
            guard let a else { return b == nil ? 0 : 1 }
            guard let b else { return -1 }
            if a.score == b.score { return (b.sameName ? 1 : 0) - (a.sameName ? 1 : 0) }
            return b.score - a.score
        }
    }

    static func result(_ changes: [FileChange], _ sources: [FileChange], _ destinations: [FileChange], _ pairedWith: [Int?], _ score: [Int]) -> [FileChange] {
        var renamedFrom: [String: FileChange] = [:]   // destination path → rename
        var gone: Set<String> = []
        for (d, s) in pairedWith.enumerated() {
            guard let s else { continue }
            let a = sources[s], b = destinations[d]
            var r = FileChange(kind: .renamed, oldPath: a.oldPath, newPath: b.newPath, oldID: a.oldID, newID: b.newID,
                               similarity: score[d] * 100 / maxScore)
            r.oldMode = a.oldMode; r.newMode = b.newMode
            renamedFrom[b.newPath!] = r
            gone.insert(a.oldPath!)
        }
        guard !renamedFrom.isEmpty else { return changes }
        var out: [FileChange] = []
        for c in changes {
            if c.kind == .deleted, let p = c.oldPath, gone.contains(p) { continue }
            if c.kind == .added, let p = c.newPath, let r = renamedFrom[p] { out.append(r); continue }
            out.append(c)
        }
        return out
    }

    static func isRegular(_ mode: UInt32) -> Bool { mode == 0o100644 || mode == 0o100755 }

    /// git's path order: bytewise (a folder sorts as its name with "/", which bytewise order of full paths gives).
    static func before(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    static func fileName(_ path: String) -> Substring {
        // (Found in the UTF-8 bytes: searching the characters was a tenth of pairing renames.)
        if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) { return path[path.utf8.index(after: slash)...] }
        return path[...]
    }

    static func sameFileName(_ a: String, _ b: String) -> Bool { fileName(a) == fileName(b) }

    /// A blob's size, and its chunks when first asked for.
    final class Blob {
        let size: Int
        private var counted: Spans?
        private var data: Data?
        private let id: ObjectID?
        private let memo: Memo?
        init(_ id: ObjectID, _ data: Data, memo: Memo?) { size = data.count; self.data = data; self.id = id; self.memo = memo }
        init(counted: Spans) { size = counted.size; self.counted = counted; id = nil; memo = nil }
        var spans: Spans {
            if let counted { return counted }
            let s = Spans(data!)
            counted = s; data = nil
            if let id { memo?.spans[id] = s }
            return s
        }
    }

    /// A file cut into chunks ending at a newline or after 64 bytes, each hashed and counted (git's diffcore-delta).
    struct Spans {
        let size: Int
        /// Each chunk hash with the bytes of its chunks, packed `hash << 47 | bytes` (hashes are below 2^17) and sorted,
        /// so by hash: half the memory of pairs, and `RenameDetection.Memo` keeps thousands of them.
        let counts: [UInt64]
        static let bytesMask: UInt64 = (1 << 47) - 1

        init(_ data: Data) {
            size = data.count
            var chunks: [UInt64] = []
            data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                let bytes = raw.bindMemory(to: UInt8.self)
                let isText = bytes.isEmpty || memchr(bytes.baseAddress!, 0, min(bytes.count, 8000)) == nil
                var n: UInt64 = 0
                var a1: UInt32 = 0, a2: UInt32 = 0
                var i = 0
                while i < bytes.count {
                    let c = bytes[i]
                    i += 1
                    // A CR before LF is not counted in text, so line endings do not make files differ.
                    if isText && c == 0x0D && i < bytes.count && bytes[i] == 0x0A { continue }
                    let old1 = a1
                    a1 = (a1 << 7) ^ (a2 >> 25)
                    a2 = (a2 << 7) ^ (old1 >> 25)
                    a1 = a1 &+ UInt32(c)
                    n += 1
                    if n < 64 && c != 0x0A { continue }
                    let hash = (a1 &+ a2 &* 0x61) % 107927
                    chunks.append(UInt64(hash) << 47 | n)
                    n = 0; a1 = 0; a2 = 0
                }
            }
            // Sorted, equal hashes are neighbours: adding them up replaced a dictionary whose hashing was most of
            // a cold walk's rename pairing.
            chunks.sort()
            var out = 0
            for c in chunks {
                if out > 0 && chunks[out - 1] >> 47 == c >> 47 { chunks[out - 1] += c & Self.bytesMask }
                else { chunks[out] = c; out += 1 }
            }
            counts = Array(chunks[..<out])   // exactly as long: memos keep them
        }

        /// Bytes of `other` that come from this file.
        func copied(into other: Spans) -> Int {
            var i = 0, j = 0, total: UInt64 = 0
            let a = counts, b = other.counts
            while i < a.count && j < b.count {
                let x = a[i] >> 47, y = b[j] >> 47
                if x == y { total += min(a[i] & Self.bytesMask, b[j] & Self.bytesMask); i += 1; j += 1 }
                else if x < y { i += 1 } else { j += 1 }
            }
            return Int(total)
        }
    }
}
