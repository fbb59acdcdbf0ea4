import Foundation
@testable import GitKit
import Testing
import TestSupport

/// The history walk's tree comparison (trees read and compared in place) against git's `diff-tree` and against the
/// comparison through libgit2's parsed trees it replaced: the same changes, in the same order, with the same errors.
@Suite(.serialized) struct TreeComparisonTests {
    func id(_ dir: TemporaryFolder, _ revision: String) throws -> ObjectID {
        try #require(ObjectID(hex: try GitCLI.run(["rev-parse", revision], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// A change as `git diff-tree --raw` prints it (a file that changed kind, e.g. to a link, is git's "T").
    func raw(_ c: FileChange) -> String {
        let zero = String(repeating: "0", count: 40)
        switch c.kind {
        case .added: return ":000000 \(String(c.newMode, radix: 8)) \(zero) \(c.newID!.hex) A\t\(c.newPath!)"
        case .deleted: return ":\(String(c.oldMode, radix: 8)) 000000 \(c.oldID!.hex) \(zero) D\t\(c.oldPath!)"
        default:
            let status = c.oldMode & 0o170000 == c.newMode & 0o170000 ? "M" : "T"
            return ":\(String(c.oldMode, radix: 8)) \(String(c.newMode, radix: 8)) \(c.oldID!.hex) \(c.newID!.hex) \(status)\t\(c.newPath!)"
        }
    }

    /// git's answer, without changes of mode alone (the same object: no content changed, and isms never reported them).
    func gitDiff(_ dir: TemporaryFolder, _ old: ObjectID, _ new: ObjectID) throws -> [String] {
        let fields = try GitCLI.run(["diff-tree", "-r", "--no-renames", "--no-abbrev", "-z", old.hex, new.hex], in: dir.url).stdout
            .split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var i = 0
        while i + 1 < fields.count {
            let meta = fields[i].split(separator: " ")
            if !(meta[4] == "M" && meta[2] == meta[3]) { out.append("\(fields[i])\t\(fields[i + 1])") }
            i += 2
        }
        return out
    }

    /// Ours, checked to come from the in-place reader (not the libgit2 fallback), in the libgit2 comparison's order.
    func expectSame(_ repository: Repository, _ old: ObjectID?, _ new: ObjectID?, _ label: String) throws -> [String] {
        var served: [FileChange] = []
        var prefix: [UInt8] = []
        try repository.rawTrees.compare(old, new, prefix: &prefix, into: &served)
        let ours = try repository.changedFiles(from: old, to: new).map(raw)
        #expect(served.map(raw) == ours, "\(label)")
        #expect(ours == (try repository.changedFilesThroughLibgit2(from: old, to: new).map(raw)), "\(label)")
        return ours
    }

    func setExecutable(_ dir: TemporaryFolder, _ path: String, _ on: Bool) throws {
        try FileManager.default.setAttributes([.posixPermissions: on ? 0o755 : 0o644], ofItemAtPath: dir.url.appendingPathComponent(path).path)
    }

    func remove(_ dir: TemporaryFolder, _ path: String) throws {
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent(path))
    }

    /// Names that sort differently as a folder than as a file ("a" against "a.md", "a-b", "a0"), kind changes both
    /// ways, executable bits, links, a submodule, non-ASCII names, deep folders, an empty tree; packed and loose.
    @Test func trickyTreesCompareAsGitComparesThem() throws {
        let dir = TemporaryFolder("isms-trees")
        try GitCLI.initRepository(dir)
        let sub = TemporaryFolder("isms-trees-sub")
        try GitCLI.initRepository(sub)
        sub.write("s.txt", "one\n")
        try GitCLI.commitAll(sub, "sub one")

        for (p, t) in [("a.md", "one"), ("a-b/x.md", "x"), ("a/inner.md", "inner"), ("a/deeper/y.md", "y"), ("a.b", "dot"), ("a0.md", "zero"),
                       ("deep/1/2/3/4/5/6/7/8/f.md", "deep"), ("é/ü.md", "umlaut"), ("日本語.md", "nihongo"), ("script.sh", "echo"),
                       ("run.sh", "run"), ("b", "file b")] { dir.write(p, t + "\n") }
        dir.symlink("link", to: "a.md")
        try GitCLI.run(["clone", "-q", sub.path, "sub"], in: dir.url)
        try GitCLI.commitAll(dir, "one")
        #expect(try GitCLI.run(["ls-tree", "HEAD", "sub"], in: dir.url).stdout.hasPrefix("160000"), "a submodule (gitlink)")

        try remove(dir, "a"); dir.write("a", "a is a file now\n")
        dir.write("a.md", "two\n")
        try remove(dir, "a-b")
        dir.write("deep/1/2/3/4/5/6/7/8/f.md", "deeper\n")
        try remove(dir, "link"); dir.symlink("link", to: "a-b")
        try setExecutable(dir, "script.sh", true)
        dir.write("run.sh", "run faster\n"); try setExecutable(dir, "run.sh", true)
        try remove(dir, "b"); dir.write("b/c.md", "b is a folder now\n")
        dir.write("é/ü.md", "umlaut two\n")
        try remove(dir, "日本語.md"); dir.write("ñ.md", "enye\n")
        try remove(dir, "a.b"); dir.symlink("a.b", to: "a.md")
        sub.write("s.txt", "two\n")
        try GitCLI.commitAll(sub, "sub two")
        try GitCLI.run(["-C", "sub", "pull", "-q", "--ff-only", "origin", "main"], in: dir.url)
        try GitCLI.commitAll(dir, "two")
        // The first two packed, the third loose.
        try GitCLI.run(["repack", "-a", "-d", "-q"], in: dir.url)

        try remove(dir, "a"); dir.write("a/again.md", "a folder again\n")
        try remove(dir, "link"); dir.write("link", "a file, no longer a link\n")
        try remove(dir, "sub"); dir.write("sub", "a file where the submodule was\n")
        dir.write("a-/z.md", "z"); dir.write("a0/z.md", "z")
        dir.write("deep/1/2/other.md", "other\n")
        try GitCLI.commitAll(dir, "three")
        let third = try id(dir, "HEAD^{tree}")
        let loose = dir.url.appendingPathComponent(".git/objects/\(third.hex.prefix(2))/\(third.hex.dropFirst(2))")
        #expect(FileManager.default.fileExists(atPath: loose.path), "the third commit's tree is loose")

        let empty = try #require(ObjectID(hex: try GitCLI.run(["hash-object", "-w", "-t", "tree", "/dev/null"], in: dir.url).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let trees = [empty, try id(dir, "HEAD~2^{tree}"), try id(dir, "HEAD~1^{tree}"), third]
        let repository = try Repository.open(at: dir.url)
        var kinds: Set<Character> = []
        for old in trees {
            for new in trees {
                let ours = try expectSame(repository, old, new, "\(old.short) → \(new.short)")
                #expect(ours.sorted() == (try gitDiff(dir, old, new)).sorted(), "\(old.short) → \(new.short)")
                for line in ours { if let tab = line.firstIndex(of: "\t") { kinds.insert(line[line.index(before: tab)]) } }
            }
            _ = try expectSame(repository, nil, old, "none → \(old.short)")
            _ = try expectSame(repository, old, nil, "\(old.short) → none")
        }
        #expect(kinds == ["A", "D", "M", "T"], "every kind of change is exercised: \(kinds)")
        // The documents root's tree is found the same way (a file on the way, a name that is a prefix, a link).
        for tree in trees {
            for path in ["a", "a/deeper", "a/deeper/y.md", "a.md", "a.md/x", "a-", "deep/1/2/3", "deep/1/2/3/", "é", "é/ü.md", "link", "sub", "missing",
                         "missing/x", "a//deeper", ""] {
                let reference = try? repository.tree(tree).entry(at: path)?.oid
                #expect(try repository.entryID(at: path, inTree: tree) == reference ?? nil, "\(path) in \(tree.short)")
            }
        }
    }

    /// Seeded random histories over names that sort against each other (files and folders trading places),
    /// compared commit by commit and across commits, part of the history packed.
    @Test func randomTreesCompareAsLibgit2ComparesThem() throws {
        var rng = SplitMix(seed: 27)
        let dir = TemporaryFolder("isms-trees-random")
        try GitCLI.initRepository(dir)
        let names = ["a", "a.md", "a-b", "a0", "b", "é"]
        var commits: [ObjectID] = []
        for round in 0..<14 {
            for _ in 0..<6 {
                let depth = Int(rng.next() % 3) + 1
                let path = (0..<depth).map { _ in names[Int(rng.next() % UInt64(names.count))] }.joined(separator: "/")
                let url = dir.url.appendingPathComponent(path)
                // Clear whatever stands in the way (a file where a folder is needed, or the reverse).
                var prefix = dir.url
                for part in path.split(separator: "/").dropLast() {
                    prefix.appendPathComponent(String(part))
                    // A file or a link (even a dangling one) where a folder is needed.
                    if let a = try? FileManager.default.attributesOfItem(atPath: prefix.path), a[.type] as? FileAttributeType != .typeDirectory {
                        try FileManager.default.removeItem(at: prefix)
                    }
                }
                if (try? FileManager.default.attributesOfItem(atPath: url.path)) != nil, rng.next() % 3 == 0 {
                    try FileManager.default.removeItem(at: url)
                    continue
                }
                if let existing = try? FileManager.default.attributesOfItem(atPath: url.path), existing[.type] as? FileAttributeType == .typeDirectory {
                    try FileManager.default.removeItem(at: url)
                }
                if rng.next() % 5 == 0 {
                    try? FileManager.default.removeItem(at: url)
                    dir.symlink(path, to: "target-\(rng.next() % 3)")
                } else {
                    try? FileManager.default.removeItem(at: url)
                    dir.write(path, "content \(rng.next() % 4)\n")
                    if rng.next() % 4 == 0 { try setExecutable(dir, path, true) }
                }
            }
            try GitCLI.commitAll(dir, "round \(round)")
            commits.append(try id(dir, "HEAD^{tree}"))
            if round == 7 { try GitCLI.run(["gc", "-q"], in: dir.url) }
        }
        let repository = try Repository.open(at: dir.url)
        var changes = 0
        for (i, new) in commits.enumerated() {
            let old = i > 0 ? commits[i - 1] : nil
            changes += try expectSame(repository, old, new, "round \(i)").count
            let other = commits[Int(rng.next() % UInt64(commits.count))]
            _ = try expectSame(repository, other, new, "\(other.short) → round \(i)")
            if let old { #expect(try expectSame(repository, old, new, "").sorted() == (try gitDiff(dir, old, new)).sorted(), "round \(i)") }
        }
        #expect(changes > 40)
    }

    /// A missing tree (a partial or damaged clone), at the top or deep down: the same error as ever, naming the tree.
    @Test func missingTreesAreTheSameError() throws {
        let dir = TemporaryFolder("isms-trees-missing")
        try GitCLI.initRepository(dir)
        dir.write("docs/policies/p.md", "one\n"); dir.write("docs/other.md", "x\n")
        try GitCLI.commitAll(dir, "one")
        try GitCLI.run(["repack", "-a", "-d", "-q"], in: dir.url)
        dir.write("docs/policies/p.md", "two\n")
        try GitCLI.commitAll(dir, "two")
        let old = try id(dir, "HEAD~1^{tree}"), new = try id(dir, "HEAD^{tree}")
        for missing in [try id(dir, "HEAD:docs/policies"), new] {
            let object = dir.url.appendingPathComponent(".git/objects/\(missing.hex.prefix(2))/\(missing.hex.dropFirst(2))")
            let saved = try Data(contentsOf: object)
            try FileManager.default.removeItem(at: object)
            defer { try? saved.write(to: object) }
            let repository = try Repository.open(at: dir.url)
            var ours: GitError?, reference: GitError?
            do { _ = try repository.changedFiles(from: old, to: new) } catch let e as GitError { ours = e }
            do { _ = try repository.changedFilesThroughLibgit2(from: old, to: new) } catch let e as GitError { reference = e }
            #expect(ours?.kind == .objectMissing)
            #expect(ours?.message == reference?.message)
            #expect(ours?.message.contains(missing.short) == true, "\(ours?.message ?? "no error")")
        }
        // A blob where a tree is expected answers as libgit2 does too.
        let blob = try id(dir, "HEAD:docs/other.md")
        let repository = try Repository.open(at: dir.url)
        var ours: String?, reference: String?
        do { _ = try repository.changedFiles(from: old, to: blob) } catch let e as GitError { ours = "\(e.kind) \(e.message)" }
        do { _ = try repository.changedFilesThroughLibgit2(from: old, to: blob) } catch let e as GitError { reference = "\(e.kind) \(e.message)" }
        #expect(ours != nil && ours == reference)
    }

    /// Trees git would not write (entries out of order, a name twice) are left to libgit2, which reads them as before.
    @Test func treesGitWouldNotWriteAreLeftToLibgit2() throws {
        let dir = TemporaryFolder("isms-trees-odd")
        try GitCLI.initRepository(dir)
        dir.write("x", "x\n"); dir.write("y", "y\n")
        try GitCLI.commitAll(dir, "blobs")
        let x = try id(dir, "HEAD:x"), y = try id(dir, "HEAD:y")
        func tree(_ entries: [(String, String, ObjectID)]) throws -> ObjectID {
            var bytes = Data()
            for (mode, name, oid) in entries {
                bytes.append(contentsOf: Array("\(mode) \(name)".utf8) + [0])
                withUnsafeBytes(of: oid.oid.id) { bytes.append(contentsOf: $0) }
            }
            dir.write("raw-tree", data: bytes)
            return try #require(ObjectID(hex: try GitCLI.run(["hash-object", "-w", "-t", "tree", "--literally", "raw-tree"], in: dir.url).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let sorted = try tree([("100644", "a", x), ("100644", "b", x)])
        let folder = try tree([("100644", "inner", y)])
        let odd = [try tree([("100644", "b", y), ("100644", "a", x)]),
                   try tree([("100644", "a", y), ("40000", "a", folder), ("100644", "b", x)]),
                   try tree([("100644", "a", x), ("100644", "a", y)])]
        let repository = try Repository.open(at: dir.url)
        for t in odd {
            var prefix: [UInt8] = [], out: [FileChange] = []
            #expect(throws: RawTrees.NotServed.self) { try repository.rawTrees.compare(sorted, t, prefix: &prefix, into: &out) }
            for (a, b) in [(sorted, t), (t, sorted), (nil, t)] {
                #expect(try repository.changedFiles(from: a, to: b).map(raw) == (try repository.changedFilesThroughLibgit2(from: a, to: b).map(raw)))
            }
        }
    }

    /// Trees that share entries at their start and end (skipped at once), including an end whose equal bytes begin
    /// inside an entry of one tree ("q100644 y" against "y"), compared as git and libgit2 compare them.
    @Test func sharedStartsAndEndsCompareAsGitComparesThem() throws {
        let dir = TemporaryFolder("isms-trees-shared-ends")
        try GitCLI.initRepository(dir)
        dir.write("x", "x\n"); dir.write("y", "y\n"); dir.write("z", "z\n")
        try GitCLI.commitAll(dir, "blobs")
        let x = try id(dir, "HEAD:x"), y = try id(dir, "HEAD:y"), z = try id(dir, "HEAD:z")
        func tree(_ entries: [(String, ObjectID)]) throws -> ObjectID {
            var bytes = Data()
            for (name, oid) in entries {
                bytes.append(contentsOf: Array("100644 \(name)".utf8) + [0])
                withUnsafeBytes(of: oid.oid.id) { bytes.append(contentsOf: $0) }
            }
            dir.write("raw-tree", data: bytes)
            return try #require(ObjectID(hex: try GitCLI.run(["hash-object", "-w", "-t", "tree", "raw-tree"], in: dir.url).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        let many = (0..<40).map { (String(format: "doc-%02d.md", $0), $0 % 2 == 0 ? x : y) }
        var variants: [[(String, ObjectID)]] = [many]
        variants.append(many.enumerated().map { $0.offset == 20 ? ($0.element.0, z) : $0.element })      // one in the middle
        variants.append(Array(many.dropFirst()))                                                         // first gone
        variants.append(Array(many.dropLast()))                                                          // last gone
        variants.append(Array(many[..<10]) + [("doc-09a.md", z)] + Array(many[10...]))                   // one added
        variants.append([("a", x), ("y", y)])
        variants.append([("a", x), ("q100644 y", y)])                                                    // same last bytes, not an entry of the other
        variants.append([("a", x), ("b", z), ("y", y)])
        variants.append([("a", x), ("y", y), ("z", z)])
        variants.append([("a", x), ("q100644 y", y), ("z", z)])                                         // ... then a shared entry
        variants.append([("y", y)])
        let trees = try variants.map(tree)
        let repository = try Repository.open(at: dir.url)
        for (i, a) in trees.enumerated() {
            for (j, b) in trees.enumerated() where i != j {
                let ours = try expectSame(repository, a, b, "\(i) -> \(j)")
                #expect(ours.sorted() == (try gitDiff(dir, a, b)).sorted(), "\(i) -> \(j)")
            }
        }
    }
}
