import Foundation
import Testing
import TestSupport

/// Hooks go where git runs them, and a user's hook is never lost, however often `--chain` is used.
@Suite(.serialized) struct HookPlacementTests {
    /// `git commit` under a time limit, so a hook that calls itself fails the test rather than blocking it.
    static func commit(_ dir: URL, _ message: String) throws -> ProcessResult {
        _ = try GitCLI.run(["add", "-A"], in: dir)
        var e = GitCLI.environment(date: "2026-03-02T10:00:00Z", author: ("Bob", "bob@example.com"))
        e["ISMS_TODAY"] = "2026-03-02"
        return try runProcess("/usr/bin/timeout", ["-k", "5", "120", GitCLI.path, "commit", "-q", "-m", message], in: dir, environment: e)
    }

    static func executable(_ dir: TemporaryFolder, _ relative: String, _ text: String) throws {
        dir.write(relative, text)
        _ = try runProcess("/bin/chmod", ["+x", dir.url.appendingPathComponent(relative).path])
    }

    /// A hook that leaves a mark in the working tree, to prove it ran.
    static func marking(_ mark: String, then: String = "") -> String {
        "#!/bin/sh\necho ran >> \"$(git rev-parse --show-toplevel)/.\(mark)-ran\"\n\(then)"
    }

    @Test func installFromALinkedWorktreeGoesWhereGitRunsHooks() throws {
        let main = try HookTests.repository(installHooks: false)
        let worktree = TemporaryFolder("isms-linked")
        try FileManager.default.removeItem(at: worktree.url)
        try GitCLI.run(["worktree", "add", "-q", "-b", "feature", worktree.path], in: main.url)
        let r = try ISMSBinary.run(["hook", "install"], in: worktree.url)
        #expect(r.status == 0, "\(r.stderr)")
        let common = main.url.appendingPathComponent(".git/hooks").path
        #expect(r.stdout.contains(common), "\(r.stdout)")
        #expect(main.exists(".git/hooks/pre-commit") && main.exists(".git/hooks/commit-msg"))
        let name = worktree.url.lastPathComponent
        #expect(!main.exists(".git/worktrees/\(name)/hooks/pre-commit"), "installed where git never runs it")
        // The hook really runs for a commit made in the worktree: an unversioned change is stopped.
        worktree.write("policies/access-control.md", HookTests.policy(version: "1.0", body: "Shared admin accounts are allowed."))
        let before = try GitCLI.run(["rev-parse", "HEAD"], in: worktree.url).stdout
        let stopped = try Self.commit(worktree.url, "Allow shared admins\n\nApproved-by: Carol <carol@example.com>")
        #expect(stopped.status != 0)
        #expect((stopped.stdout + stopped.stderr).contains("[version-not-bumped]"), "\(stopped.stdout)\(stopped.stderr)")
        #expect(try GitCLI.run(["rev-parse", "HEAD"], in: worktree.url).stdout == before)
        // And in the main checkout, the same hooks.
        main.write("policies/access-control.md", HookTests.policy(version: "1.0", body: "Also unversioned."))
        #expect(try Self.commit(main.url, "x\n\nApproved-by: Carol <carol@example.com>").status != 0)
    }

    @Test func chainingTwiceKeepsEveryHookAndRunsThemAll() throws {
        let dir = try HookTests.repository(installHooks: false)
        let first = Self.marking("first")
        try Self.executable(dir, ".git/hooks/pre-commit", first)
        #expect(try ISMSBinary.run(["hook", "install", "--chain"], in: dir.url).status == 0)
        // Another tool replaces the pre-commit hook with its own.
        let second = Self.marking("second")
        try Self.executable(dir, ".git/hooks/pre-commit", second)
        let again = try ISMSBinary.run(["hook", "install", "--chain"], in: dir.url)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(dir.read(".git/hooks/pre-commit.isms-chained") == first, "the first hook was lost")
        #expect(dir.read(".git/hooks/pre-commit.isms-chained.2") == second)

        dir.write("policies/access-control.md", HookTests.policy(version: "1.1", body: "MFA everywhere."))
        let ok = try Self.commit(dir.url, "Require MFA\n\nApproved-by: Carol <carol@example.com>")
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(dir.read(".first-ran") == "ran\n" && dir.read(".second-ran") == "ran\n", "both kept hooks run, once each")
        // isms's own check still runs after them.
        dir.write("policies/access-control.md", HookTests.policy(version: "1.1", body: "Unversioned change."))
        #expect(try Self.commit(dir.url, "x\n\nApproved-by: Carol <carol@example.com>").status != 0)

        // Uninstall puts the latest back and keeps the earlier one, saying so.
        let un = try ISMSBinary.run(["hook", "uninstall"], in: dir.url)
        #expect(un.status == 0)
        #expect(dir.read(".git/hooks/pre-commit") == second)
        #expect(dir.read(".git/hooks/pre-commit.isms-chained") == first)
        #expect(un.stdout.contains("pre-commit.isms-chained"), "\(un.stdout)")
    }

    /// A tool that moved the isms hook aside and calls it from its own (the pre-commit framework's migration mode),
    /// then chained by isms again: each hook runs once, and the commit does not loop.
    @Test func aHookThatCallsTheIsmsHookDoesNotLoop() throws {
        let dir = try HookTests.repository(installHooks: false)
        #expect(try ISMSBinary.run(["hook", "install"], in: dir.url).status == 0)
        let hooks = dir.url.appendingPathComponent(".git/hooks")
        try FileManager.default.moveItem(at: hooks.appendingPathComponent("pre-commit"), to: hooks.appendingPathComponent("pre-commit.legacy"))
        try Self.executable(dir, ".git/hooks/pre-commit", Self.marking("framework", then: "exec \"$(dirname \"$0\")/pre-commit.legacy\" \"$@\"\n"))
        #expect(try ISMSBinary.run(["hook", "install", "--chain"], in: dir.url).status == 0)
        dir.write("policies/access-control.md", HookTests.policy(version: "1.1", body: "MFA everywhere."))
        let ok = try Self.commit(dir.url, "Require MFA\n\nApproved-by: Carol <carol@example.com>")
        #expect(ok.status == 0, "exit \(ok.status) (124: it looped)\n\(ok.stdout)\(ok.stderr)")
        #expect(dir.read(".framework-ran") == "ran\n")
    }
}
