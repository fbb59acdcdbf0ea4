import Foundation
import Testing
import TestSupport

/// The real pre-commit framework (pip) running this repository's .pre-commit-hooks.yaml in a user's repository.
@Suite(.serialized) struct PreCommitFrameworkTests {
    static var preCommit: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for dir in path.split(separator: ":") + ["/root/.pyenv/shims", "/usr/local/bin", "/usr/bin"] {
            let candidate = "\(dir)/pre-commit"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// PATH with the built isms first, as a user who installed it would have.
    static var environment: [String: String] {
        var env = GitCLI.environment(date: "2026-03-02T10:00:00Z", author: ("Bob", "bob@example.com"))
        env["PATH"] = ISMSBinary.url.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        env["ISMS_TODAY"] = "2026-03-02"
        env["PRE_COMMIT_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("isms-pre-commit-cache").path
        return env
    }

    @Test func systemHooksStopABadChangeAndPassAGoodOne() throws {
        let tool = try #require(Self.preCommit, "pre-commit is not installed: run scripts/setup.sh --test (pip install pre-commit)")
        let dir = try HookTests.repository(installHooks: false)
        // A change of substance without a new version: isms-check-system must stop it and say why.
        dir.write("policies/access-control.md", HookTests.policy(version: "1.0", body: "Shared admin accounts are allowed."))
        try GitCLI.run(["add", "-A"], in: dir.url)
        let bad = try runProcess(tool, ["try-repo", RepositoryFiles.root.path, "isms-check-system", "--verbose"], in: dir.url, environment: Self.environment)
        #expect(bad.status != 0, "\(bad.stdout)\(bad.stderr)")
        #expect(bad.stdout.contains("version-not-bumped"), "\(bad.stdout)")
        // With a new version it passes.
        dir.write("policies/access-control.md", HookTests.policy(version: "1.1", body: "Shared admin accounts are allowed."))
        try GitCLI.run(["add", "-A"], in: dir.url)
        let good = try runProcess(tool, ["try-repo", RepositoryFiles.root.path, "isms-check-system", "--verbose"], in: dir.url, environment: Self.environment)
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.contains("Passed"))
    }

    /// The `language: swift` hook: pre-commit builds isms from this repository, then runs it. Slow (a release build),
    /// so it runs when ISMS_TEST_SWIFT_HOOK=1 (CI sets it).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ISMS_TEST_SWIFT_HOOK"] == "1"))
    func swiftHookBuildsFromSource() throws {
        let tool = try #require(Self.preCommit, "pre-commit is not installed: run scripts/setup.sh --test (pip install pre-commit)")
        let dir = try HookTests.repository(installHooks: false)
        dir.write("policies/access-control.md", HookTests.policy(version: "1.0", body: "Shared admin accounts are allowed."))
        try GitCLI.run(["add", "-A"], in: dir.url)
        // The user's own environment (SwiftPM needs HOME and git's configuration to fetch the packages), with no isms on
        // PATH: pre-commit must build it.
        var env = ProcessInfo.processInfo.environment
        env["PRE_COMMIT_HOME"] = Self.environment["PRE_COMMIT_HOME"]
        env["ISMS_TODAY"] = "2026-03-02"
        env["GIT_AUTHOR_EMAIL"] = "bob@example.com"
        env["GIT_AUTHOR_NAME"] = "Bob"
        let r = try runProcess(tool, ["try-repo", RepositoryFiles.root.path, "isms-check", "--verbose"], in: dir.url, environment: env)
        #expect(r.status != 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("version-not-bumped"), "\(r.stdout)")
    }

    @Test func manifestDeclaresBothKindsOfHook() throws {
        let manifest = try String(contentsOf: RepositoryFiles.root.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        for id in ["isms-check", "isms-approvals", "isms-lint", "isms-check-system", "isms-approvals-system", "isms-lint-system"] {
            #expect(manifest.contains("- id: \(id)\n"), "\(id)")
        }
        #expect(manifest.contains("language: swift"))
        #expect(manifest.contains("language: system"))
    }
}
