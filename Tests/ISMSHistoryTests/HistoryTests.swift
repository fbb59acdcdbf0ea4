import Foundation
import GitKit
import ISMSHistory
import ISMSModel
import Testing
import TestSupport

/// Real repositories built with the git CLI, read back through libgit2, and compared with git's own answers.
@Suite(.serialized) struct HistoryTests {
    static let people = """
    ---
    id: PEOPLE
    type: people
    title: People
    owner: alice
    approver: carol
    version: "1.0"
    status: approved
    effective: 2026-01-05
    review_every: 12 months
    last_reviewed: 2026-01-05
    people:
      - {id: alice, name: Alice, emails: [alice@example.com], roles: [ciso]}
      - {id: bob, name: Bob, emails: [bob@example.com, 42+bob@users.noreply.github.com], roles: [engineer]}
      - {id: carol, name: Carol, emails: [carol@example.com], roles: [top-management]}
    ---
    """

    static func policy(_ id: String, version: String, body: String = "Rules.", status: String = "approved", approver: String = "carol") -> String {
        "---\nid: \(id)\ntype: policy\ntitle: Policy \(id)\nowner: alice\napprover: \(approver)\nversion: \"\(version)\"\nstatus: \(status)\neffective: 2026-01-05\nreview_every: 12 months\nlast_reviewed: 2026-01-05\n---\n# \(id)\n\n\(body)\n"
    }

    static let config = "version: 1\nchange_control:\n  since: 2026-01-06\n"
    static let bob = ("Bob", "bob@example.com"), carol = ("Carol", "carol@example.com"), alice = ("Alice", "alice@example.com")

    /// A repository with renames, a merged side branch, a deletion and a re-added file.
    static func makeRepository() throws -> TemporaryFolder {
        let dir = TemporaryFolder("isms-history")
        try GitCLI.initRepository(dir)
        dir.write("isms/isms.yml", config)
        dir.write("isms/people.md", people)
        for i in 1...4 { dir.write("isms/policies/p\(i).md", policy("POL-\(i)", version: "1.0")) }
        dir.write("README.md", "# not part of the ISMS\n")
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: alice)
        dir.write("isms/policies/p1.md", policy("POL-1", version: "1.1", body: "Tighter rules."))
        try GitCLI.commitAll(dir, "Tighten POL-1\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-10T10:00:00Z", author: bob)
        try GitCLI.run(["mv", "isms/policies/p1.md", "isms/policies/access.md"], in: dir.url)
        try GitCLI.commitAll(dir, "Rename POL-1", date: "2026-01-11T10:00:00Z", author: bob)
        try GitCLI.run(["checkout", "-q", "-b", "side"], in: dir.url)
        dir.write("isms/policies/p2.md", policy("POL-2", version: "1.1", body: "Side change."))
        try GitCLI.commitAll(dir, "Change POL-2 on a branch\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-12T10:00:00Z", author: bob)
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        dir.write("isms/policies/access.md", policy("POL-1", version: "1.2", body: "Main change."))
        try GitCLI.commitAll(dir, "Change POL-1 on main\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-13T10:00:00Z", author: bob)
        try GitCLI.run(["merge", "-q", "--no-ff", "-m", "Merge side", "side"], in: dir.url, date: "2026-01-14T10:00:00Z", author: carol)
        try GitCLI.run(["rm", "-q", "isms/policies/p3.md"], in: dir.url)
        try GitCLI.commitAll(dir, "Retire POL-3 by deletion", date: "2026-01-15T10:00:00Z", author: bob)
        dir.write("isms/policies/p3.md", policy("POL-3", version: "2.0", status: "draft"))
        try GitCLI.commitAll(dir, "Start POL-3 again", date: "2026-01-16T10:00:00Z", author: bob)
        dir.write("isms/policies/p4.md", policy("POL-4", version: "1.0", body: "Edited without a bump."))
        try GitCLI.commitAll(dir, "Edit POL-4", date: "2026-01-17T10:00:00Z", author: bob)
        return dir
    }

    func historyJSON(_ dir: TemporaryFolder, _ args: [String] = []) throws -> [[String: Any]] {
        let r = try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"] + args, in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
    }

    @Test func revisionsAgreeWithGitLogFollow() throws {
        let dir = try Self.makeRepository()
        let docs = try historyJSON(dir)
        #expect(docs.count == 6)   // people + 4 policies + isms.yml (a controlled document too)
        for doc in docs {
            let path = doc["path"] as! String
            let ours = (doc["revisions"] as! [[String: Any]]).map { $0["commit"] as! String }
            var git = try GitCLI.run(["log", "--follow", "--format=%h", "--abbrev=7", "--", path], in: dir.url).lines
            // Where `--follow` is wrong: p3.md was deleted and started again; the earlier file is another document.
            if path.hasSuffix("p3.md") { git = Array(git.prefix(1)) }
            #expect(ours == git, "\(path): isms \(ours) vs git log --follow \(git)")
        }
        try RevisionFidelityTests.expectAgreement(dir, root: "isms")
    }

    @Test func cacheGivesTheSameAnswerAndSurvivesAmendAndRebase() throws {
        let dir = try Self.makeRepository()
        let cold = try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url).stdout
        #expect(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent(".git/isms").path))
        let warm = try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url).stdout
        #expect(cold == warm)
        // Amend the last commit: the old commit id must not linger in the answer.
        let before = try GitCLI.run(["rev-parse", "--short=7", "HEAD"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        dir.write("isms/policies/p4.md", Self.policy("POL-4", version: "1.1", body: "Edited with a bump."))
        try GitCLI.run(["commit", "-q", "-a", "--amend", "-m", "Edit POL-4 properly\n\nApproved-by: Carol <carol@example.com>"], in: dir.url, date: "2026-01-17T11:00:00Z", author: Self.bob)
        let amended = try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url).stdout
        #expect(!amended.contains("\"\(before)\""))
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent(".git/isms"))
        let fresh = try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url).stdout
        #expect(amended == fresh, "a warm run after an amend differs from a cold one")
        // Rebase the side branch's work away (rewrite history): again the same as cold.
        try GitCLI.run(["reset", "-q", "--hard", "HEAD~3"], in: dir.url)
        let afterReset = try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url).stdout
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent(".git/isms"))
        #expect(afterReset == (try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url).stdout))
        // A corrupt cache is ignored, not trusted.
        let cacheDir = dir.url.appendingPathComponent(".git/isms")
        for f in try FileManager.default.contentsOfDirectory(atPath: cacheDir.path) { try Data("garbage".utf8).write(to: cacheDir.appendingPathComponent(f)) }
        #expect(afterReset == (try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url).stdout))
    }

    /// After new commits, the cache is saved with the known commits' records copied as they were read, behind the same
    /// tables: saved so twice over (a new document with new strings and front matter, then an edit), it reads back
    /// whole, gives the cold answer, and the next run compares no tree again.
    @Test func cacheSavedAfterNewCommitsReadsBackWhole() throws {
        let dir = try Self.makeRepository()
        let args = ["history", "--all", "--in", "isms", "--format", "json"]
        _ = try ISMSBinary.run(args, in: dir.url)
        func cold() throws -> String {
            let saved = dir.url.appendingPathComponent(".git/isms-kept")
            try FileManager.default.moveItem(at: dir.url.appendingPathComponent(".git/isms"), to: saved)
            defer {
                try? FileManager.default.removeItem(at: dir.url.appendingPathComponent(".git/isms"))
                try? FileManager.default.moveItem(at: saved, to: dir.url.appendingPathComponent(".git/isms"))
            }
            return try ISMSBinary.run(args, in: dir.url).stdout
        }
        dir.write("isms/policies/p9 new «name».md", Self.policy("POL-9", version: "1.0", body: "A new policy, with strings the cache has never held."))
        _ = try GitCLI.commitAll(dir, "Add POL-9\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-19T10:00:00Z", author: Self.bob)
        let first = try ISMSBinary.run(args, in: dir.url, environment: ["ISMS_TRACE": "1"])
        #expect(first.stderr.contains("compared trees of 1 commits"), "\(first.stderr)")
        #expect(first.stdout == (try cold()))
        dir.write("isms/policies/p9 new «name».md", Self.policy("POL-9", version: "1.1", body: "Edited."))
        _ = try GitCLI.commitAll(dir, "Edit POL-9\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-20T10:00:00Z", author: Self.bob)
        let second = try ISMSBinary.run(args, in: dir.url, environment: ["ISMS_TRACE": "1"])
        #expect(second.stderr.contains("compared trees of 1 commits"), "the cache written after the first new commit was not read back: \(second.stderr)")
        #expect(second.stdout == (try cold()))
        #expect(second.stdout.contains("POL-9"))
        let third = try ISMSBinary.run(args, in: dir.url, environment: ["ISMS_TRACE": "1"])
        #expect(third.stderr.contains("compared trees of 0 commits"), "\(third.stderr)")
        #expect(third.stdout == second.stdout)
    }

    /// The same history gives the same cache file, byte for byte, whichever run wrote it (a CI cache keyed on its
    /// content, or a diff of two runs' files, must not see changes that are not there).
    @Test func theCacheFileIsTheSameFromEveryColdRun() throws {
        let dir = try Self.makeRepository()
        let cacheDir = dir.url.appendingPathComponent(".git/isms")
        func coldCache() throws -> [String: Data] {
            try? FileManager.default.removeItem(at: cacheDir)
            _ = try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url)
            let files = try FileManager.default.contentsOfDirectory(atPath: cacheDir.path).filter { $0.hasPrefix("history-") }
            return try Dictionary(uniqueKeysWithValues: files.map { ($0, try Data(contentsOf: cacheDir.appendingPathComponent($0))) })
        }
        let first = try coldCache()
        #expect(first.count == 1)
        // Each run hashes with its own seed: several runs, so a dictionary's order would show.
        for _ in 0..<4 { #expect(try coldCache() == first) }
    }

    /// A cache written by another isms build (a different executable) is not trusted: that build may have read the
    /// commits differently, so its records are read again, here from a file whose build bytes alone were changed.
    @Test func anotherBuildsCacheIsNotTrusted() throws {
        let dir = try Self.makeRepository()
        let args = ["history", "--all", "--in", "isms", "--format", "json"]
        let cold = try ISMSBinary.run(args, in: dir.url).stdout
        let warm = try ISMSBinary.run(args, in: dir.url, environment: ["ISMS_TRACE": "1"])
        #expect(warm.stderr.contains("compared trees of 0 commits"), "\(warm.stderr)")
        let cacheDir = dir.url.appendingPathComponent(".git/isms")
        let files = try FileManager.default.contentsOfDirectory(atPath: cacheDir.path).filter { $0.hasPrefix("history-") }
        #expect(files.count == 1)
        for f in files {
            var bytes = [UInt8](try Data(contentsOf: cacheDir.appendingPathComponent(f)))
            #expect(Array(bytes.prefix(8)) == Array("ISMSHC08".utf8))
            // The build bytes: the linker's build id of the program that wrote it, as binutils reads it.
            let notes = try runProcess("/usr/bin/env", ["readelf", "-n", ISMSBinary.url.path]).stdout
            let id = try #require(notes.split(separator: "\n").first { $0.contains("Build ID:") }?.split(separator: " ").last)
            #expect(bytes[8..<28].map { String(format: "%02x", $0) }.joined() == String(id.prefix(40)))
            bytes[8] ^= 0xFF   // the executable's size, as another build would have written it
            try Data(bytes).write(to: cacheDir.appendingPathComponent(f))
        }
        let other = try ISMSBinary.run(args, in: dir.url, environment: ["ISMS_TRACE": "1"])
        #expect(other.stderr.contains("(cache: 0)"), "\(other.stderr)")
        #expect(!other.stderr.contains("compared trees of 0 commits"), "\(other.stderr)")
        #expect(other.stdout == cold)
    }

    /// Where the people registry is at a new head is worked out from where it was at the cached head and the files that
    /// differ: the registry moved in a new commit, the approval in the next one (judged before the move is met, newest
    /// first) still finds it, as a cold run does.
    @Test func peopleRegistryMovedAfterTheCachedHeadIsFound() throws {
        let dir = try Self.makeRepository()
        let args = ["history", "--all", "--in", "isms", "--format", "json"]
        _ = try ISMSBinary.run(args, in: dir.url)
        try GitCLI.run(["mv", "isms/people.md", "isms/organisation.md"], in: dir.url)
        _ = try GitCLI.commitAll(dir, "Move the people registry", date: "2026-01-19T10:00:00Z", author: Self.bob)
        dir.write("isms/policies/p2.md", Self.policy("POL-2", version: "1.2", body: "After the move."))
        _ = try GitCLI.commitAll(dir, "Change POL-2\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-20T10:00:00Z", author: Self.bob)
        let warm = try ISMSBinary.run(args, in: dir.url, environment: ["ISMS_TRACE": "1"])
        #expect(warm.stderr.contains("compared trees of 2 commits"), "\(warm.stderr)")
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent(".git/isms"))
        let cold = try ISMSBinary.run(args, in: dir.url).stdout
        #expect(warm.stdout == cold)
        let docs = try #require(try JSONSerialization.jsonObject(with: Data(cold.utf8)) as? [[String: Any]])
        let pol2 = try #require(docs.first { $0["id"] as? String == "POL-2" }?["revisions"] as? [[String: Any]])
        #expect((pol2.first?["verdict"] as? String ?? "").hasPrefix("approved"), "\(pol2.first ?? [:])")
    }

    /// A CI job restores the cache of its base and runs `check --range` over a few new commits: that walk must add
    /// them to the cache, not replace the whole history's records with theirs.
    @Test func rangeCheckKeepsTheCachedHistory() throws {
        let dir = try Self.makeRepository()
        let cold = try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url).stdout
        dir.write("isms/policies/p2.md", Self.policy("POL-2", version: "1.2", body: "A pull request's change."))
        try GitCLI.commitAll(dir, "Change POL-2 in a pull request\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-18T10:00:00Z", author: Self.bob)
        _ = try ISMSBinary.run(["check", "--range", "HEAD~1..HEAD", "--in", "isms", "--today", "2026-02-01"], in: dir.url)
        try GitCLI.run(["reset", "-q", "--hard", "HEAD~1"], in: dir.url)
        let trace = try ISMSBinary.run(["history", "--all", "--in", "isms", "--format", "json"], in: dir.url, environment: ["ISMS_TRACE": "1"])
        #expect(trace.stdout == cold)
        #expect(trace.stderr.contains("compared trees of 0 commits"), "the cache lost the history: \(trace.stderr)")
    }

    @Test func changeControlFindingsNameTheCommit() throws {
        let dir = try Self.makeRepository()
        let r = try ISMSBinary.run(["lint", "isms", "--format", "json", "--today", "2026-02-01"], in: dir.url)
        let findings = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        func hits(_ rule: String) -> [[String: Any]] { findings.filter { $0["rule"] as? String == rule } }
        let deletion = try GitCLI.run(["log", "-1", "--format=%h", "--abbrev=7", "--diff-filter=D", "--", "isms/policies/p3.md"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let edit = try GitCLI.run(["log", "-1", "--format=%h", "--abbrev=7", "--", "isms/policies/p4.md"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(hits("change-unapproved").contains { $0["commit"] as? String == deletion && $0["path"] as? String == "isms/policies/p3.md" })
        #expect(hits("change-unapproved").contains { $0["commit"] as? String == edit })
        #expect(hits("version-not-bumped").contains { $0["commit"] as? String == edit && $0["line"] as? Int == 7 })
        // The approved changes, the pure rename, the merge and the draft are not reported.
        let reported = Set(findings.compactMap { $0["commit"] as? String })
        #expect(reported == [deletion, edit], "\(findings)")
    }

    @Test func approvalsFileProvesForgeReviews() throws {
        let dir = try Self.makeRepository()
        let edit = try GitCLI.run(["log", "-1", "--format=%H", "--", "isms/policies/p4.md"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        dir.write("approvals.json", "[{\"commit\": \"\(edit)\", \"approvers\": [{\"name\": \"Alice\", \"email\": \"alice@example.com\"}], \"reference\": \"https://example.com/pr/7\"}]")
        let r = try ISMSBinary.run(["history", "isms/policies/p4.md", "--in", "isms", "--approvals", "approvals.json"], in: dir.url)
        #expect(r.stdout.contains("NOT APPROVED"), "alice is not the approver (carol is)\n\(r.stdout)")
        dir.write("approvals.json", "[{\"commit\": \"\(edit.prefix(10))\", \"approvers\": [\"carol@example.com\"], \"reference\": \"https://example.com/pr/7\"}]")
        let ok = try ISMSBinary.run(["history", "isms/policies/p4.md", "--in", "isms", "--approvals", "approvals.json"], in: dir.url)
        #expect(ok.stdout.contains("NOT APPROVED") == false, "\(ok.stdout)")
        #expect(ok.stdout.contains("approvals file (https://example.com/pr/7)"))
        dir.write("approvals.json", "{not json")
        let bad = try ISMSBinary.run(["history", "--in", "isms", "--approvals", "approvals.json"], in: dir.url)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("approvals.json"))
    }

    @Test func mergesApproveWhenConfigured() throws {
        let dir = TemporaryFolder()
        try GitCLI.initRepository(dir)
        dir.write("isms.yml", "version: 1\nchange_control:\n  since: 2026-01-06\n  merge_approves: true\n")
        dir.write("people.md", Self.people)
        dir.write("p.md", Self.policy("POL-1", version: "1.0"))
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: Self.alice)
        try GitCLI.run(["checkout", "-q", "-b", "change"], in: dir.url)
        dir.write("p.md", Self.policy("POL-1", version: "1.1", body: "Reviewed on the branch."))
        try GitCLI.commitAll(dir, "Change POL-1", date: "2026-01-10T10:00:00Z", author: Self.bob)
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        try GitCLI.run(["merge", "-q", "--no-ff", "-m", "Merge change", "change"], in: dir.url, date: "2026-01-11T10:00:00Z", author: Self.carol)
        let r = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", "2026-02-01"], in: dir.url)
        #expect(!r.stdout.contains("change-unapproved"), "\(r.stdout)")
        let h = try ISMSBinary.run(["history", "POL-1"], in: dir.url)
        #expect(h.stdout.contains("approved by carol [merge"), "\(h.stdout)")
    }

    @Test func authorityIsReadFromTheParentCommit() throws {
        // Bob makes himself an approver and, in the same commit, approves his own change "as carol" — neither counts.
        let dir = TemporaryFolder()
        try GitCLI.initRepository(dir)
        dir.write("isms.yml", Self.config)
        dir.write("people.md", Self.people)
        dir.write("p.md", Self.policy("POL-1", version: "1.0"))
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: Self.alice)
        dir.write("people.md", Self.people.replacingOccurrences(of: "emails: [carol@example.com]", with: "emails: [carol@example.com, carol.approvals@evil.example]"))
        dir.write("p.md", Self.policy("POL-1", version: "1.1", body: "Weaker rules."))
        try GitCLI.commitAll(dir, "Weaken POL-1\n\nApproved-by: Carol <carol.approvals@evil.example>", date: "2026-01-10T10:00:00Z", author: Self.bob)
        let r = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", "2026-02-01"], in: dir.url)
        #expect(r.stdout.contains("\"approval-unauthorised\""), "\(r.stdout)")
        #expect(r.status == 1)
    }

    @Test func shallowCloneIsNeverSilent() throws {
        let origin = try Self.makeRepository()
        let clone = TemporaryFolder("isms-shallow")
        try GitCLI.run(["clone", "-q", "--depth", "1", "file://" + origin.path, clone.path + "/c"], in: clone.url)
        let repo = clone.url.appendingPathComponent("c")
        let h = try ISMSBinary.run(["history", "--in", "isms"], in: repo)
        #expect(h.status == 2)
        #expect(h.stderr.contains("shallow") && h.stderr.contains("fetch-depth: 0"), "\(h.stderr)")
        let l = try ISMSBinary.run(["lint", "isms", "--format", "json", "--today", "2026-02-01"], in: repo)
        #expect(l.stdout.contains("\"history-truncated\""), "\(l.stdout)")
        #expect(l.status == 1)
        // Deepening fixes it.
        try GitCLI.run(["fetch", "-q", "--unshallow"], in: repo)
        #expect(try ISMSBinary.run(["history", "--in", "isms"], in: repo).status == 0)
    }

    @Test func emptyRepository() throws {
        let dir = TemporaryFolder()
        try GitCLI.initRepository(dir)
        dir.write("isms.yml", Self.config)
        dir.write("p.md", Self.policy("POL-1", version: "1.0"))
        let l = try ISMSBinary.run(["lint", ".", "--today", "2026-02-01"], in: dir.url)
        #expect(l.status != 2, "\(l.stderr)")
        #expect(l.stderr.contains("no commits yet"))
        let h = try ISMSBinary.run(["history"], in: dir.url)
        #expect(h.status == 0)
        #expect(h.stdout.contains("no commits"))
    }

    @Test func notARepositoryAndBadRevision() throws {
        let dir = TemporaryFolder()
        dir.write("isms.yml", Self.config)
        let h = try ISMSBinary.run(["history"], in: dir.url)
        #expect(h.status == 2)
        #expect(h.stderr.contains("not in a git repository"))
        let repo = try Self.makeRepository()
        let bad = try ISMSBinary.run(["lint", "isms", "--rev", "no-such-branch"], in: repo.url)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("no-such-branch"))
    }

    @Test func lintAtARevisionAndStaged() throws {
        let dir = try Self.makeRepository()
        // Two commits back, POL-3 had been deleted: the ISMS at that revision has four documents, not five.
        let old = try ISMSBinary.run(["lint", "isms", "--rev", "HEAD~2", "--today", "2026-02-01", "--no-history"], in: dir.url)
        #expect(old.status != 2, "\(old.stderr)")
        #expect(old.lines.last?.hasSuffix("in 4 documents") == true, "\(old.stdout)")   // people and three policies
        let now = try ISMSBinary.run(["lint", "isms", "--today", "2026-02-01", "--no-history"], in: dir.url)
        #expect(now.lines.last?.hasSuffix("in 5 documents") == true, "\(now.stdout)")
        dir.write("isms/policies/p2.md", "---\nid: POL-2\ntype: polcy\n---\n")
        try GitCLI.run(["add", "isms/policies/p2.md"], in: dir.url)
        dir.write("isms/policies/p2.md", Self.policy("POL-2", version: "1.2"))   // the working tree is fine again
        let staged = try ISMSBinary.run(["lint", "isms", "--staged", "--format", "json", "--no-history"], in: dir.url)
        #expect(staged.stdout.contains("\"type-unknown\""), "the index holds the broken version: \(staged.stdout)")
        let tree = try ISMSBinary.run(["lint", "isms", "--format", "json", "--no-history"], in: dir.url)
        #expect(!tree.stdout.contains("\"type-unknown\""))
    }

    @Test func repositoryOwnedByAnotherUser() throws {
        guard getuid() == 0 else { return }   // needs root to hand the folder to someone else
        let dir = try Self.makeRepository()
        _ = try runProcess("/bin/chown", ["-R", "4242:4242", dir.path])
        let r = try ISMSBinary.run(["lint", "isms"], in: dir.url, environment: ["HOME": "/nonexistent"])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("owned by another user") && r.stderr.contains("safe.directory"), "\(r.stderr)")
        _ = try runProcess("/bin/chown", ["-R", "0:0", dir.path])
    }

    @Test func fastFactsAgreeWithTheYAMLReader() throws {
        let root = RepositoryFiles.root.appendingPathComponent("Policies")
        let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var count = 0
        while let url = e?.nextObject() as? URL {
            guard url.pathExtension == "md", let data = try? Data(contentsOf: url) else { continue }
            let fast = DocumentFacts.read(data, path: url.path)
            let slow = DocumentFacts(document: Document.load(SourceFile(path: url.path, content: .bytes(data)), parseBody: false))
            if data.starts(with: Array("---".utf8)) { #expect(fast == slow, "\(url.lastPathComponent)") }
            count += 1
        }
        #expect(count > 200)
    }
}

/// SSH-signed commits, made with real keys and checked with ssh-keygen, as git's own verify-commit would.
@Suite(.serialized) struct SignatureTests {
    @Test func signedUnsignedAndForeignKeys() throws {
        let dir = TemporaryFolder()
        let keys = TemporaryFolder("isms-keys")
        _ = try runProcess("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "bob", "-f", keys.path + "/bob"])
        _ = try runProcess("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "mallory", "-f", keys.path + "/mallory"])
        let bobKey = try #require(keys.read("bob.pub")).split(separator: " ").prefix(2).joined(separator: " ")
        keys.write("allowed_signers", "bob@example.com namespaces=\"git\" \(bobKey)\n")
        try GitCLI.initRepository(dir)
        dir.write("isms.yml", HistoryTests.config)
        dir.write("people.md", HistoryTests.people)
        dir.write("p.md", HistoryTests.policy("POL-1", version: "1.0"))
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: HistoryTests.alice)
        func signedCommit(_ key: String, _ version: String) throws {
            dir.write("p.md", HistoryTests.policy("POL-1", version: version, body: "Version \(version)."))
            try GitCLI.run(["add", "-A"], in: dir.url)
            try GitCLI.run(["-c", "gpg.format=ssh", "-c", "user.signingkey=\(keys.path)/\(key)", "commit", "-q", "-S", "-m", "Update to \(version)\n\nApproved-by: Carol <carol@example.com>"],
                           in: dir.url, date: "2026-01-1\(version.last!)T10:00:00Z", author: HistoryTests.bob)
        }
        try signedCommit("bob", "1.1")
        // Cross-check with git itself: the oracle agrees the signature is good.
        let oracle = try runProcess(GitCLI.path, ["-c", "gpg.ssh.allowedSignersFile=\(keys.path)/allowed_signers", "verify-commit", "HEAD"], in: dir.url, environment: GitCLI.environment())
        #expect(oracle.status == 0, "\(oracle.stderr)")
        try signedCommit("mallory", "1.2")
        dir.write("p.md", HistoryTests.policy("POL-1", version: "1.3", body: "Unsigned."))
        try GitCLI.commitAll(dir, "Unsigned update\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-14T10:00:00Z", author: HistoryTests.bob)

        let r = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", "2026-02-01", "--verify-signatures", "--allowed-signers", keys.path + "/allowed_signers"], in: dir.url)
        let findings = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        let sig = findings.filter { $0["rule"] as? String == "commit-signature" }.compactMap { $0["message"] as? String }
        #expect(sig.count == 2, "\(sig)")
        #expect(sig.contains { $0.contains("not signed") })
        #expect(sig.contains { $0.contains("does not verify") })
        // Without the flag, signatures are not judged.
        let plain = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", "2026-02-01"], in: dir.url)
        #expect(!plain.stdout.contains("commit-signature"))
        let h = try ISMSBinary.run(["history", "POL-1", "--verify-signatures", "--allowed-signers", keys.path + "/allowed_signers"], in: dir.url)
        #expect(h.stdout.contains("signed by bob@example.com"))
        #expect(h.stdout.contains("UNSIGNED"))
        // Without an allowed-signers file, an SSH signature cannot be verified: never "good".
        let noFile = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", "2026-02-01", "--verify-signatures"], in: dir.url)
        #expect(noFile.status == 1, "\(noFile.stderr)")
        #expect(noFile.stdout.contains("not verifiable without an allowed-signers file"), "\(noFile.stdout)")
        #expect(try ISMSBinary.run(["lint", ".", "--allowed-signers", keys.path + "/allowed_signers"], in: dir.url).status == 2)
    }
}

/// `isms diff`: the surveillance delta between two revisions, on a real repository.
@Suite(.serialized) struct SurveillanceDeltaTests {
    static func control(_ id: String, applicable: Bool, implementation: String) -> String {
        "---\nid: \"\(id)\"\ntype: control\ntitle: Control \(id)\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: draft\nreview_every: 12 months\napplicable: \(applicable)\njustification: Because.\nimplementation: \(implementation)\n---\n"
    }
    static func risk(_ l: Int, _ i: Int) -> String {
        "---\nid: R-001\ntype: risk\ntitle: Phishing\nowner: alice\nstatus: open\nlikelihood: \(l)\nimpact: \(i)\ntreatment: mitigate\n---\n"
    }
    static func finding(_ id: String, _ status: String) -> String {
        "---\nid: \(id)\ntype: finding\ntitle: Finding \(id)\nowner: bob\nseverity: minor\nclause: \"9.2\"\nstatus: \(status)\nraised: 2026-01-05\n---\n"
    }

    @Test func surveillanceDeltaSinceATagAndADate() throws {
        let dir = TemporaryFolder()
        try GitCLI.initRepository(dir)
        dir.write("people.md", HistoryTests.people)
        dir.write("policies/ac.md", HistoryTests.policy("POL-AC", version: "1.0"))
        dir.write("policies/old.md", HistoryTests.policy("POL-OLD", version: "1.0"))
        dir.write("controls/5.15.md", Self.control("5.15", applicable: true, implementation: "planned"))
        dir.write("risks/R-001.md", Self.risk(4, 4))
        dir.write("findings/F-1.md", Self.finding("F-1", "open"))
        try GitCLI.commitAll(dir, "Stage 2 baseline", date: "2026-01-05T10:00:00Z", author: HistoryTests.alice)
        try GitCLI.run(["tag", "stage2"], in: dir.url)
        dir.write("policies/ac.md", HistoryTests.policy("POL-AC", version: "1.1", body: "Hardware keys."))
        try GitCLI.run(["mv", "policies/old.md", "policies/legacy.md"], in: dir.url)
        dir.write("policies/legacy.md", HistoryTests.policy("POL-OLD", version: "1.0", status: "retired"))
        dir.write("policies/new.md", HistoryTests.policy("POL-NEW", version: "1.0"))
        dir.write("controls/5.15.md", Self.control("5.15", applicable: true, implementation: "implemented"))
        dir.write("risks/R-001.md", Self.risk(2, 4))
        dir.write("findings/F-1.md", Self.finding("F-1", "closed"))
        dir.write("findings/F-2.md", Self.finding("F-2", "open"))
        dir.write("people.md", HistoryTests.people)
        try GitCLI.commitAll(dir, "A year of work", date: "2026-10-01T10:00:00Z", author: HistoryTests.bob)
        let r = try ISMSBinary.run(["diff", "--since", "stage2", "--format", "json"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let d = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        func ids(_ key: String) -> [String] { (d[key] as! [[String: Any]]).map { $0["id"] as! String } }
        #expect(ids("added") == ["F-2", "POL-NEW"])
        #expect(ids("changed") == ["5.15", "F-1", "POL-AC", "R-001"])
        #expect(ids("retired") == ["POL-OLD"])
        #expect(ids("controls") == ["5.15"])
        #expect(ids("risks") == ["R-001"])
        #expect(ids("findings_opened") == ["F-2"])
        #expect(ids("findings_closed") == ["F-1"])
        let changes = (d["changed"] as! [[String: Any]]).map { $0["change"] as! String }
        #expect(changes.contains("v1.0 → 1.1"))
        #expect((d["risks"] as! [[String: Any]]).first?["change"] as? String == "re-rated 4×4 → 2×4")
        // A date picks the last commit on or before it: the same baseline.
        let byDate = try ISMSBinary.run(["diff", "--since", "2026-06-30", "--format", "json"], in: dir.url)
        #expect(byDate.stdout.replacingOccurrences(of: "\"from\": \"[^\"]*\"", with: "", options: .regularExpression)
                == r.stdout.replacingOccurrences(of: "\"from\": \"[^\"]*\"", with: "", options: .regularExpression))
        #expect(try ISMSBinary.run(["diff", "--since", "no-such-tag"], in: dir.url).status == 2)
        #expect(try ISMSBinary.run(["diff", "--since", "2019-01-01"], in: dir.url).status == 2)
        let md = try ISMSBinary.run(["diff", "--since", "stage2", "--format", "md"], in: dir.url)
        #expect(md.stdout.contains("## Findings closed (1)"))
    }
}

@Suite(.serialized) struct RevisionConfigurationTests {
    /// `lint --rev` reads isms.yml as it was in that commit, not the working tree's.
    @Test func configurationComesFromTheRevision() throws {
        let dir = TemporaryFolder()
        try GitCLI.initRepository(dir)
        dir.write("isms.yml", "version: 1\nrules:\n  front-matter-missing: off\n")
        dir.write("notes.md", "# no front matter\n")
        try GitCLI.commitAll(dir, "Old configuration", date: "2026-01-05T10:00:00Z")
        dir.write("isms.yml", "version: 1\n")
        try GitCLI.commitAll(dir, "New configuration", date: "2026-01-06T10:00:00Z")
        let old = try ISMSBinary.run(["lint", ".", "--rev", "HEAD~1", "--format", "json", "--no-history"], in: dir.url)
        #expect(!old.stdout.contains("front-matter-missing"), "\(old.stdout)")
        let now = try ISMSBinary.run(["lint", ".", "--rev", "HEAD", "--format", "json", "--no-history"], in: dir.url)
        #expect(now.stdout.contains("front-matter-missing"))
    }
}
