import Foundation
@testable import GitKit
import Testing
import TestSupport

/// The chunk counts rename pairing compares files by, against the dictionary-counting implementation they replaced
/// (itself checked against `git diff -M` by RevisionFidelityTests): same chunks, same bytes, same similarity.
@Suite struct RenameSimilarityTests {
    /// The former implementation, kept as the oracle: chunks counted in a dictionary.
    static func referenceCounts(_ data: Data) -> [(hash: UInt32, count: Int)] {
        var table: [UInt32: Int] = [:]
        let bytes = [UInt8](data)
        let isText = !bytes.prefix(8000).contains(0)
        var n = 0
        var a1: UInt32 = 0, a2: UInt32 = 0
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if isText && c == 0x0D && i < bytes.count && bytes[i] == 0x0A { continue }
            let old1 = a1
            a1 = (a1 << 7) ^ (a2 >> 25)
            a2 = (a2 << 7) ^ (old1 >> 25)
            a1 = a1 &+ UInt32(c)
            n += 1
            if n < 64 && c != 0x0A { continue }
            let hash = (a1 &+ a2 &* 0x61) % 107927
            table[hash, default: 0] += n
            n = 0; a1 = 0; a2 = 0
        }
        return table.map { ($0.key, $0.value) }.sorted { $0.hash < $1.hash }
    }

    static func referenceCopied(_ a: [(hash: UInt32, count: Int)], _ b: [(hash: UInt32, count: Int)]) -> Int {
        let bByHash = Dictionary(uniqueKeysWithValues: b.map { ($0.hash, $0.count) })
        return a.reduce(0) { $0 + min($1.count, bByHash[$1.hash] ?? 0) }
    }

    /// Text with short, long (over 64 bytes) and repeated lines, CRLF or LF, a last line with or without a newline;
    /// sometimes binary (a NUL early, so CR is counted), sometimes empty.
    static func randomFile(_ rng: inout SplitMix) -> Data {
        let shape = rng.next() % 10
        if shape == 0 { return Data() }
        var bytes: [UInt8] = []
        let lines = Int(rng.next() % 80)
        let pool = (0..<6).map { k in (0..<(10 + k * 17)).map { UInt8(0x61 + ($0 + k) % 26) } }
        for _ in 0..<lines {
            switch rng.next() % 5 {
            case 0: bytes += pool[Int(rng.next() % 6)]                                        // a repeated line
            case 1: bytes += (0..<Int(rng.next() % 300)).map { _ in UInt8(0x20 + rng.next() % 95) }   // long
            case 2: bytes += (0..<Int(rng.next() % 20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }   // any byte
            default: bytes += Array("line \(rng.next() % 30) of the policy".utf8)
            }
            bytes += shape == 1 || rng.next() % 7 == 0 ? [0x0D, 0x0A] : [0x0A]
        }
        if shape == 2 { bytes.insert(0, at: bytes.count / 3) }                                // binary
        if shape == 3 { bytes += Array("no newline at the end".utf8) }
        if shape == 4 { bytes += [0x0D] }                                                     // a CR last
        return Data(bytes)
    }

    @Test func chunkCountsEqualTheDictionaryCounts() {
        var rng = SplitMix(seed: 2026)
        var files: [Data] = [Data(), Data([0x0A]), Data([0x0D, 0x0A]), Data([0x0D]), Data(repeating: 0x61, count: 64),
                             Data(repeating: 0x61, count: 65), Data(repeating: 0x61, count: 200_000), Data(repeating: 0x0A, count: 1000),
                             Data(repeating: 0, count: 10), Data((0..<9000).map { UInt8(truncatingIfNeeded: $0 % 251 + 1) } + [0, 0x0D, 0x0A])]
        for _ in 0..<300 { files.append(Self.randomFile(&rng)) }
        let spans = files.map(RenameDetection.Spans.init)
        let reference = files.map(Self.referenceCounts)
        for (i, s) in spans.enumerated() {
            #expect(s.size == files[i].count)
            #expect(s.counts.map { UInt32($0 >> 47) } == reference[i].map(\.hash), "file \(i)")
            #expect(s.counts.map { Int($0 & RenameDetection.Spans.bytesMask) } == reference[i].map(\.count), "file \(i)")
        }
        // Similarity between random pairs (and each file with itself).
        for _ in 0..<2000 {
            let a = Int(rng.next() % UInt64(files.count)), b = rng.next() % 5 == 0 ? a : Int(rng.next() % UInt64(files.count))
            #expect(spans[a].copied(into: spans[b]) == Self.referenceCopied(reference[a], reference[b]), "\(a) into \(b)")
        }
    }

    /// Pairing with chunk counts remembered from earlier calls equals pairing from the bytes, call after call.
    @Test func rememberedChunksPairAsFreshOnes() throws {
        var rng = SplitMix(seed: 77)
        var blobs: [ObjectID: Data] = [:]
        func id(_ k: Int) -> ObjectID { ObjectID(hex: String(format: "%040x", k))! }
        for k in 0..<60 {
            var d = Self.randomFile(&rng)
            if k >= 30 { d = blobs[id(k - 30)]!; if rng.next() % 2 == 0 { d.append(Self.randomFile(&rng).prefix(200)) } }
            blobs[id(k)] = d
        }
        let memo = RenameDetection.Memo()
        for round in 0..<20 {
            // Some of the first thirty deleted, some of the last thirty (their edits) added, under shuffled names.
            var changes: [FileChange] = []
            for k in 0..<30 where rng.next() % 3 != 0 {
                changes.append(FileChange(kind: .deleted, oldPath: "old/\(k % 7)/f\(k).md", newPath: nil, oldID: id(k), newID: nil, similarity: 0))
            }
            for k in 30..<60 where rng.next() % 3 != 0 {
                changes.append(FileChange(kind: .added, oldPath: nil, newPath: "new/\(rng.next() % 3)/f\(k - 30 + Int(rng.next() % 2)).md", oldID: nil, newID: id(k), similarity: 0))
            }
            func describe(_ c: [FileChange]) -> [String] { c.map { "\($0.kind) \($0.oldPath ?? "") \($0.newPath ?? "") \($0.similarity)" } }
            let fresh = RenameDetection().apply(to: changes) { blobs[$0] }
            let remembered = RenameDetection(memo: memo).apply(to: changes) { blobs[$0] }
            #expect(describe(remembered) == describe(fresh), "round \(round)")
        }
        #expect(!memo.spans.isEmpty)
    }
}
