import Foundation
import GitKit
import ISMSHistory
import ISMSModel
import Testing
import TestSupport

/// Revision lists compared with git's own answer: `git diff-tree -M -r --name-status` against every parent of every
/// commit, each document's name followed separately on each branch (not `git log --follow`, which follows one name
/// at a time, jumps to unrelated files of the same name, and hides work on side branches).
@Suite(.serialized) struct RevisionFidelityTests {
    typealias H = HistoryTests

    /// One commit's changes against one parent, as git prints them.
    struct Edge { let status: Character; let path: String; let oldPath: String? }

    static func diffTree(_ dir: URL, _ parent: String?, _ commit: String) throws -> [Edge] {
        let args = parent.map { ["diff-tree", "-M", "-r", "--name-status", "--no-commit-id", $0, commit] }
            ?? ["diff-tree", "--root", "-M", "-r", "--name-status", "--no-commit-id", commit]
        return try GitCLI.run(args, in: dir).lines.compactMap { line in
            let f = line.split(separator: "\t").map(String.init)
            guard let s = f.first?.first else { return nil }
            if s == "R" || s == "C", f.count == 3 { return Edge(status: s, path: f[2], oldPath: f[1]) }
            return f.count >= 2 ? Edge(status: s, path: f[1], oldPath: nil) : nil
        }
    }

    /// The reference: for each path at HEAD, full ids of the commits where the file (under its name on that
    /// branch) differs from every parent; an addition ends the line on that parent; a rename moves it to the old name.
    static func reference(_ dir: URL, paths: [String]) throws -> [String: Set<String>] {
        try reference(dir, starts: paths.map { ($0, nil) })
    }

    /// The same, each path followed from the given commits (nil: HEAD), e.g. a deleted document from the deletion's parents.
    static func reference(_ dir: URL, starts: [(path: String, commits: [String]?)]) throws -> [String: Set<String>] {
        let graph = try GitCLI.run(["rev-list", "--topo-order", "--parents", "HEAD"], in: dir).lines.map { $0.split(separator: " ").map(String.init) }
        var diffs: [String: [[Edge]]] = [:]
        for line in graph {
            let c = line[0], parents = Array(line.dropFirst())
            diffs[c] = parents.isEmpty ? [try diffTree(dir, nil, c)] : try parents.map { try diffTree(dir, $0, c) }
        }
        var out: [String: Set<String>] = [:]
        for (path, commits) in starts {
            var names: [String: Set<String>] = [:]
            for c in commits ?? [graph[0][0]] { names[c] = [path] }
            var revisions: Set<String> = []
            for line in graph {
                let c = line[0], parents = Array(line.dropFirst())
                guard let here = names[c], !here.isEmpty, let perParent = diffs[c] else { continue }
                let touched = here.filter { n in perParent.allSatisfy { edges in edges.contains { $0.path == n && $0.status != "D" } } }
                if !touched.isEmpty { revisions.insert(c) }
                for (i, p) in parents.enumerated() {
                    for n in here {
                        if let e = perParent[i].first(where: { $0.path == n && $0.status != "D" }) {
                            if e.status == "A" { continue }
                            if e.status == "R", let old = e.oldPath { names[p, default: []].insert(old); continue }
                        }
                        names[p, default: []].insert(n)
                    }
                }
            }
            out[path] = revisions
        }
        return out
    }

    /// isms's answer: `history --all` as JSON, each document's commits (abbreviated ids).
    static func ours(_ dir: URL, root: String) throws -> [String: [String]] {
        let r = try ISMSBinary.run(["history", "--all", "--in", root, "--format", "json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let docs = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        var out: [String: [String]] = [:]
        for d in docs {
            guard let path = d["path"] as? String, let revs = d["revisions"] as? [[String: Any]] else { continue }
            // The reference follows the documents at HEAD: deleted documents' lines and isms.yml are checked elsewhere
            // (TrustTests.AuditTrailTests).
            if (d["title"] as? String ?? "").hasSuffix("(deleted)") || d["title"] as? String == "ISMS configuration" { continue }
            out[path] = revs.compactMap { $0["commit"] as? String }
        }
        return out
    }

    static func expectAgreement(_ dir: TemporaryFolder, root: String = ".", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try Self.ours(dir.url, root: root)
        #expect(!ours.isEmpty, sourceLocation: sourceLocation)
        let git = try Self.reference(dir.url, paths: Array(ours.keys))
        for (path, commits) in ours.sorted(by: { $0.key < $1.key }) {
            let expected = git[path] ?? []
            let matched = Set(commits.compactMap { short in expected.first { $0.hasPrefix(short) } })
            #expect(commits.count == expected.count && matched == expected,
                    "\(path): isms \(commits) vs git diff-tree per parent \(expected.map { String($0.prefix(7)) }.sorted())", sourceLocation: sourceLocation)
        }
    }

    /// Deleted documents in `history --all`: the deletion first, then the document's revisions as it stood at the
    /// deletion's parents, as the reference finds them from there. Returns how many were checked.
    @discardableResult
    static func expectDeletedAgreement(_ dir: TemporaryFolder, sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let r = try ISMSBinary.run(["history", "--all", "--format", "json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        let docs = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        var checked = 0
        for d in docs where (d["title"] as? String ?? "").hasSuffix("(deleted)") {
            guard let path = d["path"] as? String, let revs = d["revisions"] as? [[String: Any]], let first = revs.first,
                  let short = first["commit"] as? String else { continue }
            #expect(first["kind"] as? String == "deleted", "\(path): \(revs)", sourceLocation: sourceLocation)
            let line = try GitCLI.run(["rev-list", "--parents", "-n", "1", short], in: dir.url).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
            let expected = try Self.reference(dir.url, starts: [(path, Array(line.dropFirst()))])[path] ?? []
            let commits = revs.dropFirst().compactMap { $0["commit"] as? String }
            let matched = Set(commits.compactMap { short in expected.first { $0.hasPrefix(short) } })
            #expect(commits.count == expected.count && matched == expected,
                    "deleted \(path): isms \(commits) vs git diff-tree per parent from \(short)^ \(expected.map { String($0.prefix(7)) }.sorted())",
                    sourceLocation: sourceLocation)
            checked += 1
        }
        return checked
    }

    /// `history` from the cache prints exactly what the walk that filled it printed, in every format.
    static func expectWarmEqualsCold(_ dir: TemporaryFolder, root: String = ".", sourceLocation: SourceLocation = #_sourceLocation) throws {
        for format in ["text", "json", "md"] {
            let args = ["history", "--all", "--in", root, "--format", format]
            try? FileManager.default.removeItem(at: dir.url.appendingPathComponent(".git/isms"))
            let cold = try ISMSBinary.run(args, in: dir.url)
            let cache = try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent(".git/isms").path)
            #expect(!cache.isEmpty, "the cold run left a cache", sourceLocation: sourceLocation)
            let warm = try ISMSBinary.run(args, in: dir.url)
            #expect(cold.status == 0 && warm.status == 0, "\(cold.stderr) \(warm.stderr)", sourceLocation: sourceLocation)
            #expect(!cold.stdout.isEmpty && cold.stdout == warm.stdout, "\(format): warm output differs from cold", sourceLocation: sourceLocation)
        }
    }

    /// One file renamed to two names on two branches, both kept by the merge: both documents' lines reach the same
    /// name before the branches split, and each lists the revisions from there (a name shared by two documents).
    @Test func twoDocumentsFromOneFileEachKeepItsEarlierRevisions() throws {
        let dir = TemporaryFolder("isms-fidelity-split")
        try GitCLI.initRepository(dir)
        dir.write("isms.yml", H.config)
        dir.write("a.md", Self.doc("POL-A", "First."))
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: H.alice)
        dir.write("a.md", Self.doc("POL-A", "First, edited."))
        try GitCLI.commitAll(dir, "Edit", date: "2026-01-06T10:00:00Z", author: H.alice)
        try GitCLI.run(["checkout", "-q", "-b", "side"], in: dir.url)
        try GitCLI.run(["mv", "a.md", "y.md"], in: dir.url)
        try GitCLI.commitAll(dir, "Rename to y on a branch", date: "2026-01-07T10:00:00Z", author: H.bob)
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        try GitCLI.run(["mv", "a.md", "x.md"], in: dir.url)
        try GitCLI.commitAll(dir, "Rename to x on main", date: "2026-01-08T10:00:00Z", author: H.bob)
        // The merge keeps both names (git would call it a rename/rename conflict; the merge commit settles on both).
        try? GitCLI.run(["merge", "-q", "--no-ff", "--no-commit", "side"], in: dir.url, date: "2026-01-09T10:00:00Z", author: H.carol)
        dir.write("x.md", Self.doc("POL-X", "First, edited, as x."))
        dir.write("y.md", Self.doc("POL-Y", "First, edited, as y."))
        try GitCLI.run(["add", "-A"], in: dir.url)
        try GitCLI.run(["commit", "-q", "-m", "Merge side, keeping both"], in: dir.url, date: "2026-01-09T10:00:00Z", author: H.carol)
        try Self.expectAgreement(dir)
        let ours = try Self.ours(dir.url, root: ".")
        #expect((ours["x.md"]?.count ?? 0) >= 3 && (ours["y.md"]?.count ?? 0) >= 3, "\(ours)")
        try Self.expectWarmEqualsCold(dir)
    }

    /// Abbreviations asked of the object database (not read from each object) are git's, core.abbrev included.
    @Test func abbreviationsAreGits() throws {
        let dir = TemporaryFolder("isms-abbrev")
        try GitCLI.initRepository(dir)
        for i in 0..<6 {
            dir.write("f\(i).md", "File \(i).\n")
            try GitCLI.commitAll(dir, "Commit \(i)", date: "2026-01-0\(i + 1)T10:00:00Z", author: H.alice)
        }
        let ids = try GitCLI.run(["rev-list", "HEAD"], in: dir.url).lines.filter { !$0.isEmpty }
        for abbrev in [nil, "10"] as [String?] {
            if let abbrev { try GitCLI.run(["config", "core.abbrev", abbrev], in: dir.url) }
            let repo = try Repository.open(at: dir.url)
            let ours = repo.abbreviations(of: ids.compactMap { ObjectID(hex: $0) })
            let gits = try ids.map { try GitCLI.run(["rev-parse", "--short", $0], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines).count }
            #expect(ours == gits && ours.count == 6, "core.abbrev \(abbrev ?? "unset"): \(ours) vs git \(gits)")
            #expect(ours.allSatisfy { $0 == Int(abbrev ?? "7") })
        }
    }

    /// A new repository with the configuration, the people registry and POL-A in a.md (not yet committed).
    static func repository(_ name: String) throws -> TemporaryFolder {
        let dir = TemporaryFolder(name)
        try GitCLI.initRepository(dir)
        dir.write("isms.yml", H.config)
        dir.write("people.md", H.people)
        dir.write("a.md", doc("POL-A", "First."))
        return dir
    }

    static func doc(_ id: String, _ body: String) -> String {
        H.policy(id, version: "1.0", body: body + "\n\n" + (1...12).map { "Line \($0) of \(id)." }.joined(separator: "\n"))
    }

    /// Branch renames, renames from non-Markdown names, near-empty files, delete-and-recreate and merges.
    @Test func revisionListsEqualGitDiffTreePerParent() throws {
        let dir = try Self.repository("isms-fidelity")
        dir.write("c.md", Self.doc("POL-C", "Third."))
        dir.write("d.md", Self.doc("POL-D", "Fourth."))
        dir.write("guide.html.md.erb", "# Guide\n\n" + (1...40).map { "Guide line \($0)." }.joined(separator: "\n") + "\n")
        dir.write("LICENSE", (1...40).map { "License clause \($0)." }.joined(separator: "\n") + "\n")
        dir.write("tiny/one.txt", "x\n")
        dir.write("tiny/two.txt", "")
        dir.write("tiny/three.txt", "a")
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: H.alice)

        // A side branch renames a.md and keeps working on it; main edits it under its old name meanwhile.
        try GitCLI.run(["checkout", "-q", "-b", "side"], in: dir.url)
        try GitCLI.run(["mv", "a.md", "access.md"], in: dir.url)
        try GitCLI.commitAll(dir, "Rename POL-A on a branch", date: "2026-01-06T10:00:00Z", author: H.bob)
        dir.write("access.md", Self.doc("POL-A", "First, revised on the branch."))
        try GitCLI.commitAll(dir, "Revise POL-A on the branch", date: "2026-01-07T10:00:00Z", author: H.bob)
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        dir.write("a.md", Self.doc("POL-A", "First.").replacingOccurrences(of: "Line 12 of POL-A.", with: "Line 12 of POL-A, edited on main."))
        dir.write("guide.html.md.erb", (dir.read("guide.html.md.erb") ?? "") + "Guide line 41.\n")
        try GitCLI.commitAll(dir, "Edit POL-A on main, and the guide", date: "2026-01-08T10:00:00Z", author: H.bob)
        try GitCLI.run(["merge", "-q", "--no-ff", "-m", "Merge side", "side"], in: dir.url, date: "2026-01-09T10:00:00Z", author: H.carol)

        // Near-empty files come and go with documents in the same commit; git pairs none of the tiny ones.
        try GitCLI.run(["rm", "-q", "tiny/one.txt", "tiny/two.txt", "tiny/three.txt", "c.md"], in: dir.url)
        dir.write("tiny/four.txt", "y\n")
        dir.write("tiny/five.txt", "")
        dir.write("tiny/six.txt", "b")
        dir.write("deploy.md", Self.doc("POL-E", "Deploying with rsync, nothing like POL-C."))
        try GitCLI.commitAll(dir, "Replace POL-C and the tiny files", date: "2026-01-10T10:00:00Z", author: H.bob)

        // Renames to Markdown from other names: the guide's and the licence's earlier revisions belong to them.
        try GitCLI.run(["mv", "guide.html.md.erb", "guide.md"], in: dir.url)
        dir.write("guide.md", "---\nid: POL-G\ntype: policy\ntitle: Guide\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: approved\neffective: 2026-01-05\nreview_every: 12 months\nlast_reviewed: 2026-01-05\n---\n" + (dir.read("guide.md") ?? ""))
        try GitCLI.commitAll(dir, "Guide becomes a policy", date: "2026-01-11T10:00:00Z", author: H.bob)
        try GitCLI.run(["mv", "LICENSE", "licence.md"], in: dir.url)
        dir.write("licence.md", "---\nid: POL-L\ntype: policy\ntitle: Licence\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: approved\neffective: 2026-01-05\nreview_every: 12 months\nlast_reviewed: 2026-01-05\n---\n" + (dir.read("licence.md") ?? ""))
        try GitCLI.commitAll(dir, "Licence becomes a policy", date: "2026-01-12T10:00:00Z", author: H.bob)

        // Delete and recreate: the new d.md is not the old one.
        try GitCLI.run(["rm", "-q", "d.md"], in: dir.url)
        try GitCLI.commitAll(dir, "Retire POL-D", date: "2026-01-13T10:00:00Z", author: H.bob)
        dir.write("d.md", H.policy("POL-D2", version: "1.0", body: "A new document under an old name."))
        try GitCLI.commitAll(dir, "New POL-D2", date: "2026-01-14T10:00:00Z", author: H.bob)

        // Main renames a document while a branch edits it under the old name; the merge changes it too (an evil merge).
        try GitCLI.run(["checkout", "-q", "-b", "other"], in: dir.url)
        dir.write("deploy.md", Self.doc("POL-E", "Deploying with rsync, edited on a branch."))
        try GitCLI.commitAll(dir, "Edit POL-E on a branch", date: "2026-01-15T10:00:00Z", author: H.bob)
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        try GitCLI.run(["mv", "deploy.md", "deployment.md"], in: dir.url)
        try GitCLI.commitAll(dir, "Rename POL-E on main", date: "2026-01-16T10:00:00Z", author: H.bob)
        try GitCLI.run(["merge", "-q", "--no-ff", "--no-commit", "other"], in: dir.url, date: "2026-01-17T10:00:00Z", author: H.carol)
        dir.write("deployment.md", Self.doc("POL-E", "Deploying with rsync, edited on a branch, settled in the merge."))
        try GitCLI.run(["add", "-A"], in: dir.url)
        try GitCLI.run(["commit", "-q", "-m", "Merge other"], in: dir.url, date: "2026-01-17T10:00:00Z", author: H.carol)

        try Self.expectAgreement(dir)

        // Spot checks of what the reference says, so the test cannot pass by both sides being empty.
        let ours = try Self.ours(dir.url, root: ".")
        #expect(ours["access.md"]?.count == 5, "import, branch rename, branch edit, main edit, merge: \(ours["access.md"] ?? [])")
        #expect(ours["guide.md"]?.count == 3, "import, edit as .html.md.erb, rename: \(ours["guide.md"] ?? [])")
        #expect(ours["licence.md"]?.count == 2, "\(ours["licence.md"] ?? [])")
        #expect(ours["d.md"]?.count == 1, "the recreated file only: \(ours["d.md"] ?? [])")
        // The same answer from the cache.
        #expect(try Self.ours(dir.url, root: ".") == ours)
        // A deleted document (POL-C; d.md is a document again) is followed from its deletion's parent, as git's answer there.
        try Self.expectWarmEqualsCold(dir)
    }

    /// A document renamed on a branch, changed in the merge, then deleted, with more commits after the deletion:
    /// its revisions are followed from the deletion's parent (they were read from the wrong commits before).
    @Test func aDeletedDocumentsRevisionsEqualGitsFromTheDeletionsParent() throws {
        let dir = try Self.repository("isms-fidelity-deleted")
        dir.write("b.md", Self.doc("POL-B", "Second."))
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: H.alice)
        try GitCLI.run(["checkout", "-q", "-b", "side"], in: dir.url)
        try GitCLI.run(["mv", "a.md", "access.md"], in: dir.url)
        try GitCLI.commitAll(dir, "Rename POL-A on a branch", date: "2026-01-06T10:00:00Z", author: H.bob)
        dir.write("access.md", Self.doc("POL-A", "First, revised on the branch."))
        try GitCLI.commitAll(dir, "Revise POL-A on the branch", date: "2026-01-07T10:00:00Z", author: H.bob)
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        for day in 8...9 {
            dir.write("b.md", Self.doc("POL-B", "Second, edited on main on day \(day)."))
            try GitCLI.commitAll(dir, "Edit POL-B on main", date: "2026-01-0\(day)T10:00:00Z", author: H.bob)
        }
        // The merge changes the document too (an evil merge), so it is one of its revisions.
        try GitCLI.run(["merge", "-q", "--no-ff", "--no-commit", "side"], in: dir.url, date: "2026-01-10T10:00:00Z", author: H.carol)
        dir.write("access.md", Self.doc("POL-A", "First, revised on the branch, settled in the merge."))
        try GitCLI.run(["add", "-A"], in: dir.url)
        try GitCLI.run(["commit", "-q", "-m", "Merge side"], in: dir.url, date: "2026-01-10T10:00:00Z", author: H.carol)
        try GitCLI.run(["rm", "-q", "access.md"], in: dir.url)
        try GitCLI.commitAll(dir, "Retire POL-A", date: "2026-01-11T10:00:00Z", author: H.bob)
        for day in 12...14 {
            dir.write("b.md", Self.doc("POL-B", "Second, edited on day \(day)."))
            try GitCLI.commitAll(dir, "Edit POL-B", date: "2026-01-\(day)T10:00:00Z", author: H.bob)
        }
        #expect(try Self.expectDeletedAgreement(dir) == 1)
        let r = try ISMSBinary.run(["history", "POL-A", "--format", "json"], in: dir.url)
        let docs = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        let subjects = (docs.first?["revisions"] as? [[String: Any]] ?? []).compactMap { $0["subject"] as? String }
        #expect(subjects == ["Retire POL-A", "Merge side", "Revise POL-A on the branch", "Rename POL-A on a branch", "Import"], "\(subjects)")
        try Self.expectWarmEqualsCold(dir)
    }

    /// Seeded random commit graphs (branches, merges that keep any mix of both sides, renames to and from other
    /// names, deletions and files started again under an old name), each checked against the reference.
    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64]) func randomGraphsAgreeWithGit(seed: UInt64) throws {
        var rng = SplitMix(seed: seed)
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        let dir = TemporaryFolder("isms-fidelity-random")
        try GitCLI.initRepository(dir)
        var counter = 0
        func body(_ tag: String) -> [String] { (0..<16).map { "Line \($0) of \(tag)." } }
        func text(_ id: String, _ lines: [String]) -> String {
            "---\nid: \(id)\ntype: policy\ntitle: \(id)\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: draft\n---\n" + lines.joined(separator: "\n") + "\n"
        }
        struct File { var id: String; var lines: [String] }
        var branches: [String: (commit: String, files: [String: File])] = [:]
        func commit(_ files: [String: File], parents: [String], day: Int) throws -> String {
            for entry in try FileManager.default.contentsOfDirectory(atPath: dir.path) where entry != ".git" {
                try FileManager.default.removeItem(at: dir.url.appendingPathComponent(entry))
            }
            dir.write("isms.yml", "version: 1\n")
            for (path, f) in files { dir.write(path, text(f.id, f.lines)) }
            try GitCLI.run(["add", "-A"], in: dir.url)
            let tree = try GitCLI.run(["write-tree"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let date = String(format: "2026-02-%02dT10:00:00Z", min(day, 28))
            return try GitCLI.run(["commit-tree", tree, "-m", "Commit \(day)"] + parents.flatMap { ["-p", $0] }, in: dir.url, date: date)
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func mix(_ files: inout [String: File], _ theirs: [String: File], _ step: Int) {
            for (p, f) in theirs.sorted(by: { $0.key < $1.key }) where rng.next() % 2 == 0 {
                // Take the other side's file; drop ours of the same document under another name.
                for (q, g) in files where g.id == f.id && q != p { files[q] = nil }
                files[p] = f
            }
            if rng.next() % 4 == 0, let p = files.keys.sorted().first { files[p]!.lines[15] = "Settled in the merge \(step)." }
        }
        var files: [String: File] = [:]
        for i in 0..<6 { files["docs/d\(i).md"] = File(id: "DOC-\(i)", lines: body("d\(i)")) }
        files["notes/readme.txt"] = File(id: "DOC-T", lines: body("t"))
        files["LICENSE"] = File(id: "DOC-L", lines: body("l"))
        branches["main"] = (try commit(files, parents: [], day: 1), files)
        for step in 2..<40 {
            let name = pick(branches.keys.sorted())
            var (head, files) = branches[name]!
            var parents = [head]
            let paths = files.keys.sorted()
            switch rng.next() % 10 {
            case 0, 1, 2:   // edit
                let p = pick(paths)
                files[p]!.lines[Int(rng.next() % 16)] = "Edited in step \(step)."
            case 3:   // rename, to Markdown or not, with a small edit
                let p = pick(paths)
                counter += 1
                var f = files.removeValue(forKey: p)!
                f.lines[0] = "Renamed in step \(step)."
                files[pick(["docs/r\(counter).md", "moved/r\(counter).html.md.erb", "docs/x\(counter)"])] = f
            case 4:   // delete, and sometimes start another file under the same name
                let p = pick(paths)
                files[p] = nil
                if rng.next() % 2 == 0 {
                    branches[name] = (try commit(files, parents: parents, day: step), files)
                    (head, files) = branches[name]!
                    parents = [head]
                    counter += 1
                    files[p] = File(id: "NEW-\(counter)", lines: body("new \(counter)"))
                }
            case 5:   // a new document
                counter += 1
                files["docs/n\(counter).md"] = File(id: "DOC-N\(counter)", lines: body("n\(counter)"))
            case 6, 7:   // a new branch
                counter += 1
                branches["b\(counter)"] = branches[name]
                continue
            default:   // merge another branch in, keeping a mix of both sides (an evil merge at times)
                let others = branches.keys.sorted().filter { $0 != name && branches[$0]!.commit != head }
                guard !others.isEmpty else { continue }
                let other = branches[pick(others)]!
                mix(&files, other.files, step)
                parents.append(other.commit)
            }
            branches[name] = (try commit(files, parents: parents, day: step), files)
        }
        // Everything ends up merged into main.
        for other in branches.keys.sorted() where other != "main" && branches[other]!.commit != branches["main"]!.commit {
            var (head, files) = branches["main"]!
            mix(&files, branches[other]!.files, 40)
            head = try commit(files, parents: [head, branches[other]!.commit], day: 28)
            branches["main"] = (head, files)
        }
        try GitCLI.run(["update-ref", "refs/heads/main", branches["main"]!.commit], in: dir.url)
        try GitCLI.run(["checkout", "-q", "-f", "main"], in: dir.url)
        try GitCLI.run(["clean", "-q", "-fd"], in: dir.url)
        let merges = try GitCLI.run(["rev-list", "--merges", "--count", "HEAD"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int(merges) ?? 0 > 0, "seed \(seed) made no merge on main")
        try Self.expectAgreement(dir)
        try Self.expectDeletedAgreement(dir)
        try Self.expectWarmEqualsCold(dir)
    }

    /// Renames paired as `git diff-tree -M` pairs them: exact first, by file name, by similarity ≥ 50%, tiny files.
    @Test func renamePairingEqualsGitDiffTree() throws {
        let dir = TemporaryFolder("isms-pairing")
        try GitCLI.initRepository(dir)
        let lines = (1...20).map { "Shared line number \($0) of the template." }
        func text(_ keep: Int, _ tag: String) -> String {
            (lines.prefix(keep) + (keep..<20).map { "Line \($0) written for \(tag) only." }).joined(separator: "\n") + "\n"
        }
        var files: [String: String] = [
            "empty.txt": "", "x.txt": "x", "x-nl.txt": "x\n", "ab.txt": "a\nb\n", "crlf.txt": "one\r\ntwo\r\n",
            "docs/same.md": text(20, "same"), "docs/dup1.md": text(20, "dup"), "docs/dup2.md": text(20, "dup"),
            "docs/half.md": text(10, "half"), "docs/most.md": text(15, "most"), "docs/little.md": text(5, "little"),
            "docs/big.md": String(repeating: text(20, "big"), count: 3), "keep/name.md": text(16, "name"),
            "keep/other.md": text(16, "other"),
        ]
        for (p, t) in files { dir.write(p, t) }
        try GitCLI.commitAll(dir, "One", date: "2026-01-05T10:00:00Z")
        // Everything goes; similar, equal, tiny and unrelated files come.
        for p in files.keys { try FileManager.default.removeItem(at: dir.url.appendingPathComponent(p)) }
        files = [
            "empty2.txt": "", "y.txt": "y", "x-nl2.txt": "x\n", "ab2.txt": "a\nc\n", "crlf2.txt": "one\ntwo\n",
            "moved/same.md": text(20, "same"), "moved/dupA.md": text(20, "dup"), "moved/dup2.md": text(20, "dup"),
            "moved/half.md": text(10, "half2"), "moved/most-renamed.md": text(15, "most2"), "moved/little.md": text(5, "little2"),
            "moved/big.md": text(20, "big"), "elsewhere/name.md": text(16, "name2"), "elsewhere/unrelated.md": text(16, "other2"),
        ]
        for (p, t) in files { dir.write(p, t) }
        try GitCLI.commitAll(dir, "Two", date: "2026-01-06T10:00:00Z")
        let repo = try Repository.open(at: dir.url)
        let head = try #require(try repo.headCommitID())
        let commit = try repo.commit(head)
        let parent = try repo.commit(try #require(commit.parentIDs.first))
        let ours = try repo.pairRenames(try repo.changedFiles(from: parent.treeID, to: commit.treeID)).map { c -> String in
            switch c.kind {
            case .renamed: return "R\t\(c.oldPath!)\t\(c.newPath!)"
            case .added: return "A\t\(c.newPath!)"
            case .deleted: return "D\t\(c.oldPath!)"
            default: return "M\t\(c.newPath ?? "")"
            }
        }.sorted()
        let git = try GitCLI.run(["diff-tree", "-M", "-r", "--name-status", "--no-commit-id", "HEAD~1", "HEAD"], in: dir.url).lines
            .map { $0.hasPrefix("R") ? "R" + $0.drop(while: { $0 != "\t" }) : $0 }.sorted()
        #expect(ours == git)
        #expect(git.contains { $0.hasPrefix("R") }, "the scenario has renames")
        #expect(git.contains { $0.hasPrefix("A") }, "and unpaired files")
    }

    /// Seeded random histories: files moved with edits of every size, copies, tiny and empty files, in one commit each.
    @Test func randomRenamesPairAsGitPairsThem() throws {
        var rng = SplitMix(seed: 14)
        let dir = TemporaryFolder("isms-pairing-random")
        try GitCLI.initRepository(dir)
        var files: [String: [String]] = [:]
        for i in 0..<40 {
            let n = [0, 1, 1, 2, 3, 8, 20, 40][Int(rng.next() % 8)]
            files["f\(i % 5)/file\(i).md"] = (0..<n).map { "line \($0) of \(i % 7 == 0 ? "shared" : "file \(i)")" }
        }
        func write() { for (p, l) in files { dir.write(p, l.isEmpty ? "" : l.joined(separator: "\n") + (rng.next() % 5 == 0 ? "" : "\n")) } }
        write()
        try GitCLI.commitAll(dir, "Start", date: "2026-01-05T10:00:00Z")
        let repo = try Repository.open(at: dir.url)
        var inexact = 0, exact = 0, unpaired = 0
        for round in 0..<6 {
            for p in files.keys.sorted() where rng.next() % 3 == 0 {
                var lines = files.removeValue(forKey: p)!
                try FileManager.default.removeItem(at: dir.url.appendingPathComponent(p))
                // Edit a share of the lines, from none to all.
                let edits = Int(rng.next() % UInt64(lines.count + 1))
                for _ in 0..<edits where !lines.isEmpty { lines[Int(rng.next() % UInt64(lines.count))] = "edited \(rng.next() % 1000)" }
                if rng.next() % 4 == 0 { lines.append(contentsOf: lines) }
                let name = rng.next() % 2 == 0 ? String(p.split(separator: "/").last!) : "new\(round)-\(rng.next() % 100).md"
                files["r\(round)/\(name)"] = lines
            }
            write()
            try GitCLI.commitAll(dir, "Round \(round)", date: "2026-01-0\(round + 6)T10:00:00Z")
            let commit = try repo.commit(try #require(try repo.headCommitID()))
            let parent = try repo.commit(try #require(commit.parentIDs.first))
            let ours = try repo.pairRenames(try repo.changedFiles(from: parent.treeID, to: commit.treeID)).compactMap { c -> String? in
                switch c.kind {
                case .renamed: return "R\t\(c.oldPath!)\t\(c.newPath!)"
                case .added: return "A\t\(c.newPath!)"
                case .deleted: return "D\t\(c.oldPath!)"
                default: return nil
                }
            }.sorted()
            let raw = try GitCLI.run(["diff-tree", "-M", "-r", "--name-status", "--no-commit-id", "HEAD~1", "HEAD"], in: dir.url).lines
            exact += raw.filter { $0.hasPrefix("R100") }.count
            inexact += raw.filter { $0.hasPrefix("R") && !$0.hasPrefix("R100") }.count
            unpaired += raw.filter { $0.hasPrefix("A") }.count
            let git = raw.filter { !$0.hasPrefix("M") }.map { $0.hasPrefix("R") ? "R" + $0.drop(while: { $0 != "\t" }) : $0 }.sorted()
            #expect(ours == git, "round \(round)")
        }
        #expect(exact > 3 && inexact > 3 && unpaired > 3, "a history worth comparing: \(exact) exact, \(inexact) inexact, \(unpaired) unpaired")
    }
}

/// A clone missing an object (a partial fetch, a damaged repository): the rest of the history is still read, cached
/// and checked; the commit and path that could not be read are named with the fix.
@Suite(.serialized) struct MissingObjectTests {
    @Test func oneMissingBlobStopsNothing() throws {
        let dir = try HistoryTests.makeRepository()
        // POL-1 as "Tighten POL-1" left it: that commit's new version and the rename's, both unreadable now.
        let tighten = try GitCLI.run(["rev-parse", "HEAD~6"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try GitCLI.run(["log", "-1", "--format=%s", tighten], in: dir.url).stdout.hasPrefix("Tighten POL-1"))
        let blob = try GitCLI.run(["rev-parse", "\(tighten):isms/policies/p1.md"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let object = dir.url.appendingPathComponent(".git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        #expect(FileManager.default.fileExists(atPath: object.path))
        try FileManager.default.removeItem(at: object)

        let h = try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url)
        #expect(h.status == 2, "\(h.stderr)")
        #expect(h.stderr.contains(String(tighten.prefix(12))) && h.stderr.contains("isms/policies/p1.md"), "\(h.stderr)")
        #expect(h.stderr.contains("git fetch --refetch"), "\(h.stderr)")
        // What could be read is printed: every document, with its revisions.
        let docs = try JSONSerialization.jsonObject(with: Data(h.stdout.utf8)) as? [[String: Any]] ?? []
        // Five documents and isms.yml (a controlled document too).
        #expect(docs.count == 6 && docs.contains { $0["path"] as? String == "isms/isms.yml" }, "\(h.stdout)")
        let p4 = docs.first { $0["path"] as? String == "isms/policies/p4.md" }
        #expect((p4?["revisions"] as? [Any])?.count == 2)
        // What was computed is cached; the commits that need the missing object are not, so a refetch fixes them.
        #expect(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent(".git/isms").path))
        let again = try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url)
        #expect(again.status == 2 && again.stdout == h.stdout && again.stderr.contains(String(tighten.prefix(12))))

        // lint reports the missing object as a finding, and the rest of its findings as before.
        let l = try ISMSBinary.run(["lint", "isms", "--format", "json", "--today", "2026-02-01"], in: dir.url)
        #expect(l.status == 1, "\(l.stderr)")
        let findings = try JSONSerialization.jsonObject(with: Data(l.stdout.utf8)) as? [[String: Any]] ?? []
        let missing = findings.filter { $0["rule"] as? String == "history-object-missing" }
        #expect(missing.contains { ($0["message"] as? String ?? "").contains("git fetch --refetch") && $0["commit"] as? String == String(tighten.prefix(7)) }, "\(findings)")
        let edit = try GitCLI.run(["log", "-1", "--format=%h", "--abbrev=7", "--", "isms/policies/p4.md"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(findings.contains { $0["rule"] as? String == "version-not-bumped" && $0["commit"] as? String == edit }, "\(findings)")

        // Once the object is back (as a refetch would bring it), the answer is whole: exit 0, the same revisions.
        let restored = dir.write("restored.tmp", HistoryTests.policy("POL-1", version: "1.1", body: "Tighter rules."))
        #expect(try GitCLI.run(["hash-object", "-w", restored.path], in: dir.url).stdout.hasPrefix(blob))
        let fixed = try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent(".git/isms"))
        #expect(try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url).stdout == fixed.stdout)
    }
}

/// Without `change_control.since`, a long history by people not (yet) in the registry is summarised per address.
@Suite(.serialized) struct AuthorSummaryTests {
    @Test func unknownAuthorsAreSummarisedPerAddress() throws {
        let dir = TemporaryFolder()
        try GitCLI.initRepository(dir)
        dir.write("isms.yml", "version: 1\n")
        dir.write("people.md", HistoryTests.people)
        dir.write("p.md", HistoryTests.policy("POL-1", version: "1.0"))
        dir.write("q.md", HistoryTests.policy("POL-2", version: "1.0"))
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: HistoryTests.alice)
        var firsts: [String] = []
        for i in 1...5 {
            dir.write("p.md", HistoryTests.policy("POL-1", version: "1.\(i)", body: "Change \(i)."))
            if i == 2 { dir.write("q.md", HistoryTests.policy("POL-2", version: "1.1", body: "Also changed.")) }
            let id = try GitCLI.commitAll(dir, "Change \(i)\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-1\(i)T10:00:00Z", author: ("Old Hand", "old.hand@example.com"))
            firsts.append(String(id.prefix(7)))
        }
        dir.write("q.md", HistoryTests.policy("POL-2", version: "1.2", body: "Contractor edit."))
        let contractor = try GitCLI.commitAll(dir, "Contractor\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-20T10:00:00Z", author: ("C", "contractor@elsewhere.example"))
        let r = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", "2026-02-01"], in: dir.url)
        let findings = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "author-unknown" }
        #expect(findings.count == 2, "\(findings)")
        let summary = findings.first { ($0["message"] as? String ?? "").contains("old.hand@example.com") }
        #expect(summary?["message"] as? String == "6 changes in 5 commits by old.hand@example.com (first: \(firsts.prefix(3).joined(separator: ", ")), …), which is not an address of anyone in the people registry: add it to their entry's emails", "\(String(describing: summary))")
        #expect(summary?["commit"] as? String == firsts[0] && summary?["path"] as? String == "p.md")
        #expect(findings.contains { $0["commit"] as? String == String(contractor.prefix(7)) && ($0["message"] as? String ?? "").hasPrefix("commit ") })
    }
}
