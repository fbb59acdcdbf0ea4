import Foundation
import Testing
import TestSupport

/// The writers (`init`, `new`, `report --out`) never write into a git directory, and never follow a symbolic link out
/// of the repository (or of the ISMS folder outside git): they refuse with exit 2 and write nothing.
struct WriterBoundaryTests {
    /// A repository with an ISMS laid out and committed.
    static func repository() throws -> TemporaryFolder {
        let dir = TemporaryFolder("isms-writers")
        try GitCLI.initRepository(dir)
        #expect(try ISMSBinary.run(["init", ".", "--today", "2026-01-01"], in: dir.url).status == 0)
        try GitCLI.commitAll(dir, "Lay out the ISMS")
        return dir
    }

    @Test func newRefusesThePathsOfGitsOwnFiles() throws {
        let dir = try Self.repository()
        let before = dir.snapshot()
        let hook = try ISMSBinary.run(["new", "policy", "--id", "P-1", "--title", "Hook", "--path", ".git/hooks/pre-commit"], in: dir.url)
        #expect(hook.status == 2)
        #expect(hook.stderr.contains("git directory"), "\(hook.stderr)")
        #expect(!dir.exists(".git/hooks/pre-commit"))
        let config = try ISMSBinary.run(["new", "policy", "--id", "P-1", "--title", "Config", "--path", ".git/config", "--force"], in: dir.url)
        #expect(config.status == 2)
        #expect(config.stderr.contains("nothing was written"), "\(config.stderr)")
        // Any spelling of the folder, on case-insensitive file systems too.
        let upper = try ISMSBinary.run(["new", "policy", "--id", "P-1", "--title", "Up", "--path", ".GIT/info/x.md"], in: dir.url)
        #expect(upper.status == 2)
        #expect(dir.snapshot() == before, "a refused writer changed the repository")
    }

    @Test func newRefusesALinkOutOfTheRepository() throws {
        let dir = try Self.repository()
        let outside = TemporaryFolder("isms-outside")
        dir.symlink("risks", to: outside.path)
        try GitCLI.commitAll(dir, "Keep risks elsewhere")
        let before = dir.snapshot()
        let r = try ISMSBinary.run(["new", "risk", "--id", "R-1", "--title", "Laptop theft"], in: dir.url)
        #expect(r.status == 2)
        #expect(r.stderr.contains("symbolic link") && r.stderr.contains(outside.path), "\(r.stderr)")
        #expect(outside.snapshot().isEmpty, "written outside the repository: \(outside.snapshot().keys)")
        #expect(dir.snapshot() == before)
    }

    /// A link that stays inside the repository is an ordinary folder to the writers.
    @Test func newFollowsALinkThatStaysInside() throws {
        let dir = try Self.repository()
        dir.write("archive/risks/.keep", "")
        dir.symlink("risks", to: "archive/risks")
        let r = try ISMSBinary.run(["new", "risk", "--id", "R-1", "--title", "Laptop theft"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(dir.exists("archive/risks/R-1.md"))
    }

    @Test func initRefusesALinkOutOfTheNewISMS() throws {
        let dir = TemporaryFolder("isms-init-link")
        let outside = TemporaryFolder("isms-outside")
        dir.symlink("acme/controls", to: outside.path)
        let r = try ISMSBinary.run(["init", "acme", "--today", "2026-01-01"], in: dir.url)
        #expect(r.status == 2)
        #expect(r.stderr.contains("acme/controls is a symbolic link"), "\(r.stderr)")
        #expect(outside.snapshot().isEmpty, "init wrote \(outside.snapshot().count) files outside")
        #expect(dir.snapshot().isEmpty, "a refused init wrote \(dir.snapshot().keys.sorted())")
    }

    @Test func initAndReportRefuseTheGitDirectory() throws {
        let dir = try Self.repository()
        let before = dir.snapshot()
        let initInGit = try ISMSBinary.run(["init", ".git/isms"], in: dir.url)
        #expect(initInGit.status == 2)
        #expect(initInGit.stderr.contains("git directory"), "\(initInGit.stderr)")
        let report = try ISMSBinary.run(["report", "--out", ".git/pack", "--today", "2026-01-02"], in: dir.url)
        #expect(report.status == 2)
        #expect(report.stderr.contains("git directory"), "\(report.stderr)")
        #expect(dir.snapshot() == before)
        // Elsewhere the pack is written as before.
        let elsewhere = TemporaryFolder("isms-pack")
        let ok = try ISMSBinary.run(["report", "--out", elsewhere.url.appendingPathComponent("pack").path, "--today", "2026-01-02"], in: dir.url)
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    /// In a linked worktree `.git` is a file, and the git directory is elsewhere: both are refused.
    @Test func newRefusesTheGitDirectoryOfALinkedWorktree() throws {
        let dir = try Self.repository()
        let worktree = TemporaryFolder("isms-worktree")
        try FileManager.default.removeItem(at: worktree.url)
        try GitCLI.run(["worktree", "add", "-q", worktree.path], in: dir.url)
        let common = dir.url.appendingPathComponent(".git")
        dir.symlink("shortcut", to: common.path) // in the main checkout only: the worktree reaches it by path
        let r = try ISMSBinary.run(["new", "policy", "--id", "P-1", "--title", "X", "--path", ".git/x.md"], in: worktree.url)
        #expect(r.status == 2, "\(r.stderr)")
        let before = dir.snapshot()
        let link = try ISMSBinary.run(["new", "policy", "--id", "P-2", "--title", "Y", "--path", "shortcut/hooks/pre-commit"], in: dir.url)
        #expect(link.status == 2, "\(link.stderr)")
        #expect(dir.snapshot() == before)
    }
}
