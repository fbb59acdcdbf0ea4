import Foundation
import Testing
import TestSupport

/// A repository owned by another user: the advice isms gives is the command git (and libgit2) accept, run as given.
/// Needs root to hand a folder to another user; elsewhere it is skipped (and says so).
@Suite(.serialized) struct OwnershipTests {
    static let isRoot = getuid() == 0

    /// Runs the `safe.directory` command isms suggests, under `home`; returns the path it named.
    static func followAdvice(_ stderr: String, home: TemporaryFolder) throws -> String {
        let marker = "git config --global --add safe.directory "
        let start = try #require(stderr.range(of: marker), "no safe.directory advice in: \(stderr)")
        let path = String(stderr[start.upperBound...].prefix { $0 != " " && $0 != "\n" })
        let env = ["HOME": home.path, "GIT_CONFIG_GLOBAL": home.url.appendingPathComponent(".gitconfig").path, "GIT_CONFIG_NOSYSTEM": "1"]
        let r = try runProcess(GitCLI.path, ["config", "--global", "--add", "safe.directory", path], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        return path
    }

    @Test(.enabled(if: isRoot, "needs root to give the repository to another user"), arguments: [false, true])
    func safeDirectoryAdviceWorks(bare: Bool) throws {
        let origin = TemporaryFolder("isms-owned")
        try GitCLI.initRepository(origin)
        origin.write("isms.yml", "version: 1\n")
        origin.write("people.md", HookTests.people)
        try GitCLI.commitAll(origin, "Import")
        var repo = origin.url
        let holder = TemporaryFolder("isms-owned-bare")
        if bare {
            try GitCLI.run(["clone", "-q", "--bare", origin.path, "server.git"], in: holder.url)
            repo = holder.url.appendingPathComponent("server.git")
        }
        _ = try runProcess("/bin/chown", ["-R", "4242:4242", repo.path])
        defer { _ = try? runProcess("/bin/chown", ["-R", "0:0", repo.path]) }
        let home = TemporaryFolder("isms-home")
        let env = ["HOME": home.path, "GIT_CONFIG_GLOBAL": home.url.appendingPathComponent(".gitconfig").path, "GIT_CONFIG_NOSYSTEM": "1"]
        let args = bare ? ["lint", "--rev", "HEAD", "--today", "2026-02-01"] : ["lint", ".", "--today", "2026-02-01"]

        let refused = try ISMSBinary.run(args, in: repo, environment: env)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("owned by another user"), "\(refused.stderr)")
        let path = try Self.followAdvice(refused.stderr, home: home)
        #expect(path == repo.path, "safe.directory must name \(bare ? "the bare repository" : "the working tree"), not \(path)")

        // Both git and isms now trust it.
        let git = try runProcess(GitCLI.path, ["log", "-1", "--format=%s"], in: repo, environment: env)
        #expect(git.status == 0, "git still refuses: \(git.stderr)")
        let trusted = try ISMSBinary.run(args, in: repo, environment: env)
        #expect(trusted.status != 2, "isms still refuses: \(trusted.stderr)")
    }
}
