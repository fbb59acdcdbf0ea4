import Foundation
import GitKit
@testable import ISMSHistory
import ISMSModel
import Testing
import TestSupport

/// Pass 1 of a history read (what each commit changed) runs on several threads, each on its own runs of commits:
/// the history must be the same whatever the number of threads, renames, merges and missing objects included.
@Suite(.serialized) struct ParallelPassTests {
    /// A seeded random history: branches, merges, renames (exact and edited, into other folders), deletions, part of
    /// it packed and part loose, then one edited version and one folder's tree removed (a damaged clone).
    static func repository(seed: UInt64) throws -> (dir: TemporaryFolder, missing: [String]) {
        var rng = SplitMix(seed: seed)
        let dir = TemporaryFolder("isms-parallel")
        try GitCLI.initRepository(dir)
        func text(_ id: String, _ lines: [String]) -> String {
            "---\nid: \(id)\ntype: policy\ntitle: \(id)\nowner: alice\napprover: carol\nversion: \"1.\(lines.count)\"\nstatus: draft\n---\n"
                + lines.joined(separator: "\n") + "\n"
        }
        struct File { var id: String; var lines: [String] }
        func commit(_ files: [String: File], parents: [String], step: Int) throws -> String {
            for entry in try FileManager.default.contentsOfDirectory(atPath: dir.path) where entry != ".git" {
                try FileManager.default.removeItem(at: dir.url.appendingPathComponent(entry))
            }
            dir.write("isms.yml", "version: 1\n")
            for (path, f) in files { dir.write(path, text(f.id, f.lines)) }
            try GitCLI.run(["add", "-A"], in: dir.url)
            let tree = try GitCLI.run(["write-tree"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let date = String(format: "2026-02-%02dT%02d:%02d:00Z", 1 + step / 40, step % 40 / 2, step % 60)
            return try GitCLI.run(["commit-tree", tree, "-m", "Step \(step)"] + parents.flatMap { ["-p", $0] }, in: dir.url, date: date)
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let folders = ["docs", "docs/sub", "policies", "notes"]
        var files: [String: File] = [:]
        for i in 0..<8 { files["\(folders[i % 4])/d\(i).md"] = File(id: "DOC-\(i)", lines: (0..<12).map { "Line \($0) of d\(i)." }) }
        var branches: [String: (commit: String, files: [String: File])] = ["main": (try commit(files, parents: [], step: 0), files)]
        var counter = 0
        let steps = 90
        for step in 1..<steps {
            if step == steps / 2 {
                // The older half packed (read by the pack reader), the newer loose (read by libgit2).
                try GitCLI.run(["update-ref", "refs/heads/main", branches["main"]!.commit], in: dir.url)
                for (name, b) in branches where name != "main" { try GitCLI.run(["update-ref", "refs/heads/\(name)", b.commit], in: dir.url) }
                try GitCLI.run(["repack", "-a", "-d", "-q"], in: dir.url)
            }
            let name = rng.pick(branches.keys.sorted())
            var (head, files) = branches[name]!
            var parents = [head]
            let paths = files.keys.sorted()
            counter += 1
            switch rng.next() % 10 {
            case 0, 1, 2:
                let p = rng.pick(paths)
                files[p]!.lines[Int(rng.next() % UInt64(files[p]!.lines.count))] = "Edited in step \(step)."
                files[p]!.lines.append("Added in step \(step).")
            case 3, 4:   // renamed, into another folder at times, edited at times
                let p = rng.pick(paths)
                var f = files.removeValue(forKey: p)!
                if rng.next() % 2 == 0 { f.lines[0] = "Renamed in step \(step)." }
                files["\(rng.pick(folders))/r\(counter).md"] = f
            case 5:
                if files.count > 4 { files[rng.pick(paths)] = nil }
            case 6:
                files["\(rng.pick(folders))/n\(counter).md"] = File(id: "DOC-N\(counter)", lines: (0..<6).map { "New \(counter) line \($0)." })
            case 7:
                branches["b\(counter)"] = branches[name]
                continue
            default:
                let others = branches.keys.sorted().filter { $0 != name && branches[$0]!.commit != head }
                guard let other = others.isEmpty ? nil : branches[rng.pick(others)] else { continue }
                for (p, f) in other.files.sorted(by: { $0.key < $1.key }) where rng.next() % 2 == 0 {
                    for (q, g) in files where g.id == f.id && q != p { files[q] = nil }
                    files[p] = f
                }
                // At times an evil merge: a change of its own, recorded on the merge.
                if rng.next() % 2 == 0, let p = files.keys.sorted().first { files[p]!.lines[0] = "Settled in the merge \(step)." }
                parents.append(other.commit)
            }
            branches[name] = (try commit(files, parents: parents, step: step), files)
        }
        for other in branches.keys.sorted() where other != "main" && branches[other]!.commit != branches["main"]!.commit {
            let (head, files) = branches["main"]!
            branches["main"] = (try commit(files, parents: [head, branches[other]!.commit], step: steps), files)
        }
        try GitCLI.run(["update-ref", "refs/heads/main", branches["main"]!.commit], in: dir.url)
        try GitCLI.run(["checkout", "-q", "-f", "main"], in: dir.url)

        // Damage: one loose document version that is no longer at HEAD, and one loose folder tree no longer at HEAD.
        let atHead = Set(try GitCLI.run(["ls-tree", "-r", "-t", "HEAD"], in: dir.url).lines.compactMap { $0.split(separator: " ").dropFirst(2).first.map { String($0.prefix(40)) } })
        var missing: [String] = []
        let objects = try GitCLI.run(["rev-list", "--objects", "--all"], in: dir.url).lines
        for type in ["blob", "tree"] {
            let loose = objects.compactMap { line -> String? in
                let parts = line.split(separator: " ")
                guard parts.count == 2, parts[1].hasSuffix(type == "blob" ? ".md" : "docs") else { return nil }
                return String(parts[0])
            }.filter { id in
                !atHead.contains(id) && FileManager.default.fileExists(atPath: dir.url.appendingPathComponent(".git/objects/\(id.prefix(2))/\(id.dropFirst(2))").path)
            }
            guard let id = loose.dropFirst(loose.count / 2).first else { continue }
            #expect(try GitCLI.run(["cat-file", "-t", id], in: dir.url).stdout.hasPrefix(type))
            try FileManager.default.removeItem(at: dir.url.appendingPathComponent(".git/objects/\(id.prefix(2))/\(id.dropFirst(2))"))
            missing.append(id)
        }
        return (dir, missing)
    }

    /// Everything a history read answers, in a form that compares whole.
    struct Answer: Equatable {
        var commits: [String]
        var facts: [DocumentFacts?]
        var missing: [MissingObject]
        var lines: [String]
        var edges: [[[PathEdge]]]
    }

    static func read(_ dir: TemporaryFolder, workers: Int?) throws -> (answer: Answer, threads: Int, history: ChangeHistory) {
        let repository = try Repository.open(at: dir.url)
        var options = HistoryReader.Options(root: "", configuration: try Configuration.parse(dir.read("isms.yml") ?? "", path: "isms.yml"))
        options.useCache = false
        options.workers = workers
        var reader = HistoryReader(repository: repository, options: options)
        let history = try reader.run()
        var answer = Answer(commits: [], facts: [], missing: history.missingObjects, lines: [], edges: [])
        for c in history.commits {
            answer.commits.append("\(c.id) \(c.parents) \(c.author) \(c.committer) \(c.subject) \(c.trailers.map { "\($0.key)=\($0.value)" }) "
                + "\(c.abbreviation) \(c.authorityVersion ?? "-") \(c.registryAfterVersion ?? "-") "
                + c.changes.map { "\($0.kind) \($0.path) \($0.oldPath ?? "-")" }.joined(separator: ", "))
            answer.facts += c.changes.flatMap { [$0.before, $0.after] }
        }
        for n in history.lines?.nodes ?? [] {
            let record: String
            switch n.record {
            case .history(let i): record = "history \(i)"
            case .own(let r): record = "own \(r.id) \(r.subject)"
            case .none: record = "none"
            }
            answer.lines.append("\(n.parents) \(record) \(n.isBoundary)")
            answer.edges.append(n.edges)
        }
        return (answer, reader.passOneThreads, history)
    }

    @Test(arguments: [11, 12] as [UInt64]) func anyNumberOfThreadsReadsTheSameHistory(seed: UInt64) throws {
        let (dir, removed) = try Self.repository(seed: seed)
        #expect(removed.count == 2, "seed \(seed): a loose blob and a loose tree to remove")
        let serial = try Self.read(dir, workers: 1)
        #expect(serial.threads == 1)
        // The history is worth comparing: renames, merges, and both missing objects named.
        let changes = serial.history.commits.flatMap(\.changes)
        #expect(changes.contains { $0.kind == .renamed && $0.before?.substance != $0.after?.substance }, "an edited rename")
        #expect(changes.contains { $0.kind == .renamed && $0.before?.substance == $0.after?.substance }, "an exact rename")
        #expect(serial.history.commits.contains { $0.parents.count > 1 }, "a merge that changed a document")
        #expect(serial.history.lines?.nodes.filter { $0.parents.count > 1 }.count ?? 0 > 3, "merges compared with each parent")
        for id in removed { #expect(serial.answer.missing.contains { $0.object.count >= 7 && id.hasPrefix($0.object) }, "\(id) named missing: \(serial.answer.missing)") }
        for workers in [2, 3, 7] {
            let parallel = try Self.read(dir, workers: workers)
            #expect(parallel.threads == workers, "pass 1 ran on \(workers) threads")
            let same = parallel.answer == serial.answer
            let first = zip(parallel.answer.commits, serial.answer.commits).first { $0 != $1 }
            #expect(same, "seed \(seed): \(workers) threads read another history than one, first at \(first.map { "\($0)  vs  \($1)" } ?? "facts, missing objects or lines")")
        }
    }
}
