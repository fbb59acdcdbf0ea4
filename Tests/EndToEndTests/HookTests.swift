import Foundation
import Testing
import TestSupport

/// The hooks as a user meets them: `isms hook install`, then real `git commit`s that are stopped or let through.
@Suite(.serialized) struct HookTests {
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
      - {id: alice, name: Alice, emails: [alice@example.com], roles: [ciso], teams: [security]}
      - {id: bob, name: Bob, emails: [bob@example.com], roles: [engineer], teams: [engineering]}
      - {id: carol, name: Carol, emails: [carol@example.com], roles: [top-management], teams: [leadership]}
    ---
    """

    static func policy(version: String, body: String, lastReviewed: String = "2026-01-05") -> String {
        "---\nid: POL-AC\ntype: policy\ntitle: Access control policy\nowner: alice\napprover: role:top-management\nversion: \"\(version)\"\nstatus: approved\neffective: 2026-01-05\nreview_every: 12 months\nlast_reviewed: \(lastReviewed)\n---\n# Access control\n\n\(body)\n"
    }

    /// A repository with an approved policy, committed, and the hooks installed; commits are made as bob.
    static func repository(installHooks: Bool = true) throws -> TemporaryFolder {
        let dir = TemporaryFolder("isms-hooks")
        try GitCLI.initRepository(dir)
        dir.write("isms.yml", "version: 1\nchange_control:\n  since: 2026-01-06\n")
        dir.write("people.md", people)
        dir.write("policies/access-control.md", policy(version: "1.0", body: "Access is granted by role."))
        dir.write("README.md", "# Example\n")
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: ("Alice", "alice@example.com"))
        if installHooks {
            let r = try ISMSBinary.run(["hook", "install"], in: dir.url)
            #expect(r.status == 0, "\(r.stderr)")
        }
        return dir
    }

    /// `git commit` as bob, through the hooks; returns git's result.
    static func commit(_ dir: TemporaryFolder, _ message: String, env: [String: String] = [:]) throws -> ProcessResult {
        _ = try GitCLI.run(["add", "-A"], in: dir.url)
        var e = GitCLI.environment(date: "2026-03-02T10:00:00Z", author: ("Bob", "bob@example.com"))
        e["ISMS_TODAY"] = "2026-03-02"
        for (k, v) in env { e[k] = v }
        return try runProcess(GitCLI.path, ["commit", "-q", "-m", message], in: dir.url, environment: e)
    }

    static func head(_ dir: TemporaryFolder) throws -> String {
        try GitCLI.run(["rev-parse", "HEAD"], in: dir.url).stdout
    }

    @Test func unversionedChangeIsStoppedAtPreCommit() throws {
        let dir = try Self.repository()
        let before = try Self.head(dir)
        dir.write("policies/access-control.md", Self.policy(version: "1.0", body: "Shared admin accounts are allowed."))
        let r = try Self.commit(dir, "Allow shared admins\n\nApproved-by: Carol <carol@example.com>")
        #expect(r.status != 0)
        #expect(r.stdout.contains("[version-not-bumped]") || r.stderr.contains("[version-not-bumped]"), "\(r.stdout)\(r.stderr)")
        #expect(try Self.head(dir) == before, "the commit went through")
    }

    @Test func missingApprovalIsStoppedAtCommitMsg() throws {
        let dir = try Self.repository()
        let before = try Self.head(dir)
        dir.write("policies/access-control.md", Self.policy(version: "1.1", body: "MFA everywhere."))
        let r = try Self.commit(dir, "Require MFA")
        #expect(r.status != 0)
        #expect((r.stdout + r.stderr).contains("[change-unapproved]"), "\(r.stdout)\(r.stderr)")
        #expect(try Self.head(dir) == before)
        // Approving your own change does not count either.
        let own = try Self.commit(dir, "Require MFA\n\nApproved-by: Bob <bob@example.com>")
        #expect(own.status != 0)
        #expect((own.stdout + own.stderr).contains("[change-self-approved]"))
    }

    @Test func approvedVersionedChangeGoesThroughQuickly() throws {
        let dir = try Self.repository()
        dir.write("policies/access-control.md", Self.policy(version: "1.1", body: "MFA everywhere."))
        let start = Date()
        let r = try Self.commit(dir, "Require MFA\n\nApproved-by: Carol <carol@example.com>")
        let elapsed = Date().timeIntervalSince(start)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(try GitCLI.run(["log", "-1", "--format=%s"], in: dir.url).stdout.contains("Require MFA"))
        #expect(elapsed < 20)   // a sanity bound only; speed is measured in Benchmarks/
        // A commit that touches no ISMS document is not held up.
        dir.write("README.md", "# Example\n\nMore.\n")
        #expect(try Self.commit(dir, "Docs").status == 0)
    }

    @Test func existingHooksAreChainedOrLeftAlone() throws {
        let dir = try Self.repository(installHooks: false)
        let hooks = dir.url.appendingPathComponent(".git/hooks")
        let mine = "#!/bin/sh\necho ran > \"$(git rev-parse --show-toplevel)/.my-hook-ran\"\n"
        dir.write(".git/hooks/pre-commit", mine)
        _ = try runProcess("/bin/chmod", ["+x", hooks.appendingPathComponent("pre-commit").path])
        let refused = try ISMSBinary.run(["hook", "install"], in: dir.url)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--chain"))
        #expect(dir.read(".git/hooks/pre-commit") == mine)
        #expect(!dir.exists(".git/hooks/commit-msg"), "a refusal installed something")
        #expect(try ISMSBinary.run(["hook", "install", "--chain"], in: dir.url).status == 0)
        dir.write("policies/access-control.md", Self.policy(version: "1.1", body: "MFA everywhere."))
        #expect(try Self.commit(dir, "Require MFA\n\nApproved-by: Carol <carol@example.com>").status == 0)
        #expect(dir.exists(".my-hook-ran"), "the chained hook did not run")
        #expect(try ISMSBinary.run(["hook", "uninstall"], in: dir.url).status == 0)
        #expect(dir.read(".git/hooks/pre-commit") == mine, "uninstall did not restore the original hook")
        #expect(!dir.exists(".git/hooks/commit-msg"))
    }

    @Test func coreHooksPathIsHonoured() throws {
        let dir = try Self.repository(installHooks: false)
        try GitCLI.run(["config", "core.hooksPath", ".githooks"], in: dir.url)
        #expect(try ISMSBinary.run(["hook", "install"], in: dir.url).status == 0)
        #expect(dir.exists(".githooks/pre-commit") && dir.exists(".githooks/commit-msg"))
        #expect(!dir.exists(".git/hooks/pre-commit"))
        dir.write("policies/access-control.md", Self.policy(version: "1.0", body: "Unversioned."))
        #expect(try Self.commit(dir, "x\n\nApproved-by: Carol <carol@example.com>").status != 0)
    }

    @Test func missingBinaryIsExplained() throws {
        let dir = try Self.repository()
        dir.write("policies/access-control.md", Self.policy(version: "1.1", body: "MFA."))
        // The hook's default is the installing binary's own path; with that gone and none on PATH, it says what to do.
        let script = try #require(dir.read(".git/hooks/pre-commit"))
        dir.write(".git/hooks/pre-commit", script.replacingOccurrences(of: ISMSBinary.url.path, with: "/nonexistent/isms"))
        let gone = try Self.commit(dir, "x", env: ["PATH": "/usr/bin:/bin"])
        #expect(gone.status != 0)
        #expect(gone.stderr.contains("isms program was not found"), "\(gone.stderr)")
    }
}

/// Pull requests: `isms check --range BASE..HEAD` reads authority from BASE.
@Suite(.serialized) struct RangeCheckTests {
    @Test func aPullRequestCannotGrantItselfAuthority() throws {
        let dir = try HookTests.repository(installHooks: false)
        try GitCLI.run(["checkout", "-q", "-b", "pr"], in: dir.url)
        // Commit 1: bob gives himself the top-management role.
        dir.write("people.md", HookTests.people.replacingOccurrences(of: "roles: [engineer]", with: "roles: [engineer, top-management]"))
        try GitCLI.commitAll(dir, "Add a role", date: "2026-03-01T10:00:00Z", author: ("Bob", "bob@example.com"))
        // Commit 2: alice changes the policy, "approved" by bob.
        dir.write("policies/access-control.md", HookTests.policy(version: "1.1", body: "Everyone is an admin."))
        try GitCLI.commitAll(dir, "Widen access\n\nApproved-by: Bob <bob@example.com>", date: "2026-03-02T10:00:00Z", author: ("Alice", "alice@example.com"))
        let r = try ISMSBinary.run(["check", "--range", "main..pr", "--format", "json", "--today", "2026-03-03"], in: dir.url)
        #expect(r.status == 1, "\(r.stderr)")
        let findings = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        let widen = try GitCLI.run(["rev-parse", "--short=7", "pr"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(findings.contains { $0["rule"] as? String == "approval-unauthorised" && $0["commit"] as? String == widen }, "\(findings)")
        #expect(findings.contains { $0["rule"] as? String == "change-unapproved" && $0["path"] as? String == "people.md" })
        // Judged commit by commit, authority comes only from approved registry versions: lint agrees (issue 9).
        let lint = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", "2026-03-03"], in: dir.url)
        #expect(lint.stdout.contains("\"approval-unauthorised\""), "\(lint.stdout)")
    }

    @Test func forcePushedBranchesAndBadRanges() throws {
        let dir = try HookTests.repository(installHooks: false)
        try GitCLI.run(["checkout", "-q", "-b", "pr"], in: dir.url)
        dir.write("policies/access-control.md", HookTests.policy(version: "1.1", body: "MFA."))
        try GitCLI.commitAll(dir, "MFA\n\nApproved-by: Carol <carol@example.com>", date: "2026-03-02T10:00:00Z", author: ("Bob", "bob@example.com"))
        // main moves on after the branch point: the range is still judged from the merge base.
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        dir.write("README.md", "# Moved on\n")
        try GitCLI.commitAll(dir, "Docs", date: "2026-03-03T10:00:00Z", author: ("Alice", "alice@example.com"))
        let ok = try ISMSBinary.run(["check", "--range", "main..pr", "--today", "2026-03-04"], in: dir.url)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(try ISMSBinary.run(["check", "--range", "main..nope"], in: dir.url).status == 2)
        #expect(try ISMSBinary.run(["check", "--range", "justone"], in: dir.url).status == 2)
        #expect(try ISMSBinary.run(["check"], in: dir.url).status == 2)
    }

    @Test func shallowPullRequestCloneSaysHowToFixIt() throws {
        let origin = try HookTests.repository(installHooks: false)
        try GitCLI.run(["checkout", "-q", "-b", "pr"], in: origin.url)
        for v in ["1.1", "1.2"] {
            origin.write("policies/access-control.md", HookTests.policy(version: v, body: "v\(v)"))
            try GitCLI.commitAll(origin, "v\(v)\n\nApproved-by: Carol <carol@example.com>", date: "2026-03-02T10:00:00Z", author: ("Bob", "bob@example.com"))
        }
        let clone = TemporaryFolder("isms-ci")
        try GitCLI.run(["clone", "-q", "--depth", "1", "--branch", "pr", "--no-single-branch", "file://" + origin.path, clone.path + "/c"], in: clone.url)
        let repo = clone.url.appendingPathComponent("c")
        let r = try ISMSBinary.run(["check", "--range", "origin/main..HEAD"], in: repo)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("fetch-depth: 0"), "\(r.stderr)")
    }
}
