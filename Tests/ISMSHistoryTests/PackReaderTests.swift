import Foundation
@testable import GitKit
import Testing
import TestSupport

/// GitKit's pack reader against git itself: every blob it reads must be byte for byte what `git cat-file` prints,
/// whatever way git packed it (deep delta chains, deltas by object id, 8-byte offsets, several packs), and a damaged
/// pack must be an error, never a crash.
@Suite(.serialized) struct PackReaderTests {
    /// A repository with many versions of the same files (small edits: git stores them as delta chains).
    static func manyVersions(_ dir: TemporaryFolder, files: Int = 4, versions: Int = 40) throws {
        try GitCLI.initRepository(dir)
        var bodies = (0..<files).map { f in (0..<60).map { "line \($0) of document \(f): some words that stay the same\n" } }
        for v in 0..<versions {
            for f in 0..<files {
                bodies[f][(v * 7 + f) % bodies[f].count] = "line changed in version \(v) of document \(f)\n"
                if v % 5 == 0 { bodies[f].append("appended in version \(v)\n") }
                dir.write("docs/doc-\(f).md", "---\nid: DOC-\(f)\nversion: \(v)\n---\n" + bodies[f].joined())
            }
            try GitCLI.commitAll(dir, "version \(v)")
        }
    }

    /// Every blob in the object database with its bytes, as git reads it.
    static func gitBlobs(_ dir: TemporaryFolder) throws -> [String: [UInt8]] {
        // Blobs only: trees hold binary ids, which a String cannot carry.
        let ids = try GitCLI.run(["cat-file", "--batch-all-objects", "--batch-check"], in: dir.url).lines.filter { $0.contains(" blob ") }
            .map { String($0.prefix(40)) }
        let out = Array(try runProcess(GitCLI.path, ["cat-file", "--batch"], in: dir.url, environment: GitCLI.environment(),
                                       stdin: ids.joined(separator: "\n") + "\n").stdout.utf8)
        var blobs: [String: [UInt8]] = [:]
        var i = 0
        while i < out.count {
            guard let nl = out[i...].firstIndex(of: 10) else { break }
            let header = String(decoding: out[i..<nl], as: UTF8.self).split(separator: " ")
            let size = Int(header[2]) ?? 0
            if header[1] == "blob" { blobs[String(header[0])] = Array(out[(nl + 1)..<(nl + 1 + size)]) }
            i = nl + 1 + size + 1
        }
        return blobs
    }

    /// Deepest delta chain git reports for the packs (so a test cannot pass on undeltified packs).
    static func deepestChain(_ dir: TemporaryFolder) throws -> Int {
        let packs = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/.git/objects/pack").filter { $0.hasSuffix(".idx") }
        var deepest = 0
        for p in packs {
            for line in try GitCLI.run(["verify-pack", "-v", ".git/objects/pack/" + p], in: dir.url).lines where line.hasPrefix("chain length = ") {
                deepest = max(deepest, Int(line.dropFirst("chain length = ".count).prefix { $0.isNumber }) ?? 0)
            }
        }
        return deepest
    }

    static func expectSameAsGit(_ dir: TemporaryFolder, packs: Int, cacheBytes: Int = 64 << 20) throws {
        let repository = try Repository.open(at: dir.url)
        let reader = PackedObjects(objectsDirectory: dir.url.appendingPathComponent(".git/objects"), cacheBytes: cacheBytes)
        #expect(reader.packCount == packs)
        let blobs = try gitBlobs(dir)
        #expect(blobs.count > 50)
        // Newest first per file is the order a history read uses; the reverse, then a second pass, use the cache otherwise.
        for id in blobs.keys.sorted() + blobs.keys.sorted().reversed() {
            let oid = try #require(ObjectID(hex: id))
            let read = try #require(try reader.read(oid))
            #expect(read.type == 3)
            #expect(Array(read.data) == blobs[id], "blob \(id)")
            #expect(Array(try repository.blobData(oid).data) == blobs[id])
        }
        // Trees and commits come out whole too (a delta's base may be any type; the reader must keep the type).
        let head = try #require(ObjectID(hex: try GitCLI.run(["rev-parse", "HEAD"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let commit = try #require(try reader.read(head))
        #expect(commit.type == 1)
        #expect(String(decoding: commit.data, as: UTF8.self) == (try GitCLI.run(["cat-file", "commit", head.hex], in: dir.url).stdout))
    }

    @Test func deepDeltaChainsReadAsGitReadsThem() throws {
        let dir = TemporaryFolder("pack-deep")
        try Self.manyVersions(dir)
        try GitCLI.run(["gc", "-q", "--aggressive"], in: dir.url)
        try GitCLI.run(["repack", "-adf", "-q", "--depth=50", "--window=250"], in: dir.url)
        #expect(try Self.deepestChain(dir) >= 15)
        try Self.expectSameAsGit(dir, packs: 1)
        // Each version read applies each delta once: no more deltas than objects, however deep the chains.
        let reader = PackedObjects(objectsDirectory: dir.url.appendingPathComponent(".git/objects"))
        let blobs = try Self.gitBlobs(dir)
        for id in blobs.keys { _ = try reader.read(try #require(ObjectID(hex: id))) }
        #expect(reader.deltasApplied > 0 && reader.deltasApplied <= blobs.count)
        let small = PackedObjects(objectsDirectory: dir.url.appendingPathComponent(".git/objects"), cacheBytes: 4096)
        for id in blobs.keys { _ = try small.read(try #require(ObjectID(hex: id))) }
        #expect(small.deltasApplied > 2 * blobs.count) // what reading without kept intermediates costs
        // Forgotten objects are read again, the same.
        reader.forgetResolved()
        let applied = reader.deltasApplied
        for (id, bytes) in blobs {
            let oid = try #require(ObjectID(hex: id))
            #expect(try reader.read(oid).map { Array($0.data) } == bytes)
        }
        #expect(reader.deltasApplied > applied)
        // A cache too small to hold a chain: the same bytes, only slower.
        try Self.expectSameAsGit(dir, packs: 1, cacheBytes: 4096)
    }

    /// Deltas that name their base by object id (REF_DELTA), as packs written without `ofs-delta` have them.
    @Test func deltasByObjectID() throws {
        let dir = TemporaryFolder("pack-ref")
        try Self.manyVersions(dir, versions: 30)
        try GitCLI.run(["-c", "repack.useDeltaBaseOffset=false", "repack", "-adf", "-q", "--depth=50"], in: dir.url)
        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/.git/objects/pack").first { $0.hasSuffix(".pack") })
        let header = try GitCLI.run(["verify-pack", "-v", ".git/objects/pack/" + pack], in: dir.url).stdout
        #expect(header.contains("chain length = 10"))
        // Every delta in the pack is by id: type 7 in each object header (verify-pack does not say; read the bytes).
        let reader = PackedObjects(objectsDirectory: dir.url.appendingPathComponent(".git/objects"))
        #expect(reader.packCount == 1)
        try Self.expectSameAsGit(dir, packs: 1)
        let data = try Data(contentsOf: dir.url.appendingPathComponent(".git/objects/pack/" + pack))
        let index = try Pack(index: dir.path + "/.git/objects/pack/" + pack.dropLast(5) + ".idx", pack: dir.path + "/.git/objects/pack/" + pack)
        var types: Set<Int> = []
        for id in try Self.gitBlobs(dir).keys {
            guard let offset = try index.offset(of: try #require(ObjectID(hex: id))) else { continue }
            types.insert(Int(data[offset] >> 4) & 7)
        }
        #expect(types.contains(Pack.referenceDelta) && !types.contains(Pack.offsetDelta))
    }

    /// An index with offsets in the 8-byte table (git writes them for packs over 2 GiB; `--index-version=2,<offset>`
    /// does for every object past that offset).
    @Test func eightByteOffsets() throws {
        let dir = TemporaryFolder("pack-large-offsets")
        try Self.manyVersions(dir, versions: 30)
        try GitCLI.run(["repack", "-adf", "-q"], in: dir.url)
        let folder = dir.path + "/.git/objects/pack/"
        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".pack") })
        let idx = folder + pack.dropLast(5) + ".idx"
        let before = try Data(contentsOf: URL(fileURLWithPath: idx)).count
        try FileManager.default.removeItem(atPath: idx)
        try GitCLI.run(["index-pack", "--index-version=2,4096", folder + pack], in: dir.url)
        // Most objects now have an 8-byte offset as well as their 4-byte slot.
        #expect(try Data(contentsOf: URL(fileURLWithPath: idx)).count > before + 8 * 100)
        try Self.expectSameAsGit(dir, packs: 1)
    }

    /// Objects spread over several packs, with loose objects besides (those are libgit2's).
    @Test func severalPacksAndLooseObjects() throws {
        let dir = TemporaryFolder("pack-several")
        try Self.manyVersions(dir, versions: 20)
        try GitCLI.run(["repack", "-adf", "-q"], in: dir.url)
        for v in 0..<10 {
            dir.write("docs/doc-0.md", "---\nid: DOC-0\n---\nnew body \(v)\n" + String(repeating: "more text\n", count: v))
            try GitCLI.commitAll(dir, "more \(v)")
            if v == 4 || v == 9 { try GitCLI.run(["repack", "-d", "-q"], in: dir.url) }
        }
        try Self.expectSameAsGit(dir, packs: 3)
        dir.write("docs/loose.md", "only loose\n")
        let loose = try #require(ObjectID(hex: try GitCLI.run(["hash-object", "-w", "docs/loose.md"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let repository = try Repository.open(at: dir.url)
        #expect(try repository.packedObjects.read(loose) == nil)
        #expect(String(decoding: try repository.blobData(loose).data, as: UTF8.self) == "only loose\n")
    }

    /// Damage in a pack: an error from the reader (never a crash or a read past the mapping), and from `blobData`.
    @Test func damagedPacksAreErrors() throws {
        let dir = TemporaryFolder("pack-damaged")
        try Self.manyVersions(dir, versions: 20)
        try GitCLI.run(["repack", "-adf", "-q", "--depth=50"], in: dir.url)
        let blobs = try Self.gitBlobs(dir).keys.compactMap { ObjectID(hex: $0) }
        let folder = dir.url.appendingPathComponent(".git/objects/pack")
        let packFile = try #require(try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil).first { $0.pathExtension == "pack" })
        let original = try Data(contentsOf: packFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: packFile.path)

        // Bytes overwritten in the middle (the checksum left alone, so the index still matches the pack).
        var flipped = original
        for i in stride(from: 40, to: flipped.count - 20, by: 97) { flipped[i] ^= 0x5A }
        try flipped.write(to: packFile)
        var failures = 0
        let reader = PackedObjects(objectsDirectory: dir.url.appendingPathComponent(".git/objects"))
        #expect(reader.packCount == 1)
        for id in blobs {
            do { _ = try reader.read(id) } catch let e as GitError {
                #expect(e.kind == .objectCorrupt && e.message.contains("damaged pack"))
                failures += 1
            }
        }
        #expect(failures > blobs.count / 2)

        // Cut short but ending with its checksum: offsets past the end are errors.
        var cut = original.prefix(original.count / 2)
        cut.append(original.suffix(20))
        try cut.write(to: packFile)
        failures = 0
        let shortReader = PackedObjects(objectsDirectory: dir.url.appendingPathComponent(".git/objects"))
        #expect(shortReader.packCount == 1)
        for id in blobs {
            do { _ = try shortReader.read(id) } catch is GitError { failures += 1 }
        }
        #expect(failures > 0)
        // Plainly truncated: the pack no longer matches its index; libgit2 reports the damage as before.
        try original.prefix(original.count / 3).write(to: packFile)
        #expect(PackedObjects(objectsDirectory: dir.url.appendingPathComponent(".git/objects")).packCount == 0)
        let repository = try Repository.open(at: dir.url)
        var errors = 0
        for id in blobs { do { _ = try repository.blobData(id) } catch { errors += 1 } }
        #expect(errors > 0)
    }

    /// Deltas that would copy outside their base, overrun their declared result, or use the reserved command.
    @Test func malformedDeltasAreErrors() throws {
        let dir = TemporaryFolder("pack-delta")
        try Self.manyVersions(dir, files: 1, versions: 3)
        try GitCLI.run(["repack", "-adf", "-q"], in: dir.url)
        let folder = dir.path + "/.git/objects/pack/"
        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".pack") })
        let p = try Pack(index: folder + pack.dropLast(5) + ".idx", pack: folder + pack)
        let base = Data("0123456789".utf8)
        // base size 10, result 4: copy 4 bytes from offset 2.
        #expect(try Pack.apply(delta: Data([10, 4, 0x91, 2, 4]), to: base, limit: 100, pack: p) == Data("2345".utf8))
        // base size 10, result 3: insert "abc".
        #expect(try Pack.apply(delta: Data([10, 3, 3, 97, 98, 99]), to: base, limit: 100, pack: p) == Data("abc".utf8))
        let bad: [[UInt8]] = [
            [10, 4, 0x91, 8, 4],       // copy past the base's end
            [10, 2, 0x91, 2, 4],       // copy past the declared result
            [10, 5, 0x91, 2, 4],       // result shorter than declared
            [11, 4, 0x91, 2, 4],       // base of another size
            [10, 4, 0],                // reserved command
            [10, 4, 5, 97],            // insertion past the delta's end
            [10, 4, 0x91, 2],          // copy that ends early
            [10],                      // no result size
            [10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], // result size beyond any limit
        ]
        for delta in bad {
            #expect(throws: GitError.self) { try Pack.apply(delta: Data(delta), to: base, limit: 100, pack: p) }
        }
    }

    /// A version read with a size limit: nil past the limit (libgit2 answers those), whether stored whole or as a
    /// delta (whose declared result size is read from the same inflated bytes that are then applied).
    @Test func sizeLimitOnDeltasAndWholeObjects() throws {
        let dir = TemporaryFolder("pack-limit")
        try Self.manyVersions(dir, files: 2, versions: 12)
        try GitCLI.run(["repack", "-adf", "-q", "--depth=50"], in: dir.url)
        let blobs = try Self.gitBlobs(dir)
        var limited = 0
        for (id, bytes) in blobs {
            let oid = try #require(ObjectID(hex: id))
            let reader = PackedObjects(objectsDirectory: dir.url.appendingPathComponent(".git/objects"))
            #expect(try reader.read(oid, limit: bytes.count - 1) == nil, "blob \(id) over the limit")
            #expect(try reader.read(oid, limit: bytes.count).map { Array($0.data) } == bytes, "blob \(id) at the limit")
            limited += 1
        }
        #expect(limited > 20)
    }

    /// A commit's parents read from its first bytes in the pack, against `git rev-list --parents`: roots, merges, an
    /// octopus merge whose parents do not fit in the bytes read (libgit2 then), and commits still loose.
    @Test func commitParentsReadAsGitReadsThem() throws {
        let dir = TemporaryFolder("pack-parents")
        try GitCLI.initRepository(dir)
        dir.write("a.md", "a\n")
        try GitCLI.commitAll(dir, "root")
        var branches: [String] = []
        for b in 0..<6 {
            try GitCLI.run(["checkout", "-q", "-b", "topic-\(b)", "main"], in: dir.url)
            dir.write("b\(b).md", "branch \(b)\n")
            try GitCLI.commitAll(dir, "on topic \(b)")
            branches.append("topic-\(b)")
        }
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        try GitCLI.run(["merge", "-q", "--no-ff", "-m", "merge one", "topic-0"], in: dir.url)
        try GitCLI.run(["merge", "-q", "--no-ff", "-m", "octopus"] + branches.dropFirst(), in: dir.url)
        // A second root, merged in.
        try GitCLI.run(["checkout", "-q", "--orphan", "other"], in: dir.url)
        dir.write("c.md", "c\n")
        try GitCLI.commitAll(dir, "second root")
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        try GitCLI.run(["merge", "-q", "--no-ff", "--allow-unrelated-histories", "-m", "join", "other"], in: dir.url)
        func expectAsGit(packed: Bool) throws {
            let repository = try Repository.open(at: dir.url)
            var octopus = 0, fromPack = 0
            for line in try GitCLI.run(["rev-list", "--parents", "--all"], in: dir.url).lines {
                let ids = try line.split(separator: " ").map { try #require(ObjectID(hex: String($0))) }
                #expect(try repository.parentIDs(ofCommit: ids[0]) == Array(ids.dropFirst()), "commit \(ids[0].short)")
                if ids.count > 5 { octopus += 1 }
                // Packed commits (whole or, being alike, as deltas) are read from the pack exactly when their parent
                // lines fit in the bytes read; loose ones are libgit2's.
                guard let start = try repository.packedObjects.commitStart(ids[0], count: 256) else { continue }
                #expect((Repository.parents(inCommitStart: start) != nil) == (ids.count <= 5))
                fromPack += 1
            }
            #expect(octopus == 1)
            #expect(fromPack == (packed ? 11 : 0))   // every commit
        }
        try expectAsGit(packed: false)
        try GitCLI.run(["repack", "-adf", "-q"], in: dir.url)
        let stored = try GitCLI.run(["verify-pack", "-v"] + (try FileManager.default.contentsOfDirectory(atPath: dir.path + "/.git/objects/pack")
            .filter { $0.hasSuffix(".idx") }.map { ".git/objects/pack/" + $0 }), in: dir.url).lines.filter { $0.contains(" commit ") }
        // Both ways of storing a commit are read (a delta's line names its base).
        #expect(stored.contains { $0.split(separator: " ").count > 5 } && stored.contains { $0.split(separator: " ").count == 5 })
        try expectAsGit(packed: true)
    }

    /// Bytes that are not exactly a commit's first lines are left to libgit2.
    @Test func unusualCommitStartsAreNotParsed() {
        let tree = "tree " + String(repeating: "a", count: 40) + "\n"
        let parent = "parent " + String(repeating: "b", count: 40) + "\n"
        let parsed = Repository.parents(inCommitStart: Array((tree + parent + "author A <a@x> 1 +0000\n").utf8))
        #expect(parsed == [ObjectID(hex: String(repeating: "b", count: 40))!])
        #expect(Repository.parents(inCommitStart: Array((tree + "author A <a@x> 1 +0000\n").utf8)) == [])
        for odd in [
            tree + parent,                                                        // cut before the author line
            tree + parent.uppercased() + "author A\n",                            // not the word "parent"
            tree + "parent " + String(repeating: "B", count: 40) + "\nauthor A\n", // capital hex (libgit2 decides)
            tree + "parent " + String(repeating: "b", count: 39) + "\nauthor A\n", // a short id
            tree + "committer A\n",                                               // no author
            "tree " + String(repeating: "g", count: 40) + "\nauthor A\n",         // not hex
            "",
        ] {
            #expect(Repository.parents(inCommitStart: Array(odd.utf8)) == nil, "\(odd)")
        }
    }
}
