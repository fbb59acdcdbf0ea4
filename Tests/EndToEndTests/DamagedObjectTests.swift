import Foundation
import Testing
import TestSupport

/// A damaged loose object (libgit2 1.5.1 loops forever inflating a truncated one: libgit2 issue 7342) ends every
/// command promptly with exit 2, naming the object and `git fsck`.
@Suite(.serialized) struct DamagedObjectTests {
    /// Runs isms under `timeout`, so a hang fails the test (status 124) instead of blocking the run.
    static func runBounded(_ arguments: [String], in dir: URL, seconds: Int = 60) throws -> ProcessResult {
        try runProcess("/usr/bin/timeout", ["-k", "5", String(seconds), ISMSBinary.url.path] + arguments, in: dir)
    }

    /// A two-commit ISMS; returns the folder.
    static func repository() throws -> TemporaryFolder {
        let dir = TemporaryFolder("isms-damaged")
        try GitCLI.initRepository(dir)
        #expect(try ISMSBinary.run(["init", ".", "--today", "2026-01-01"], in: dir.url).status == 0)
        try GitCLI.commitAll(dir, "Lay out the ISMS")
        dir.write("scope.md", (dir.read("scope.md") ?? "") + "\nThe London office is in scope.\n")
        try GitCLI.commitAll(dir, "Widen the scope", date: "2026-01-16T10:00:00Z")
        return dir
    }

    /// Cuts the loose file of `object` (any revision expression) short, as a full disk or a crash leaves it.
    static func truncate(_ object: String, in dir: TemporaryFolder, keeping bytes: Int? = nil) throws -> String {
        let id = try GitCLI.run(["rev-parse", object], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let file = dir.url.appendingPathComponent(".git/objects/\(id.prefix(2))/\(id.dropFirst(2))")
        let data = try Data(contentsOf: file)
        chmod(file.path, 0o644)
        try data.prefix(bytes ?? data.count - 4).write(to: file)
        return id
    }

    static let commands: [[String]] = [
        ["lint", ".", "--today", "2026-02-01"], ["lint", "--rev", "HEAD", "--today", "2026-02-01"], ["history", "--all"],
        ["check", "--range", "HEAD~1..HEAD", "--today", "2026-02-01"], ["soa"],
    ]

    @Test(arguments: [("HEAD:scope.md", nil), ("HEAD:scope.md", 12), ("HEAD:controls", nil), ("HEAD^{tree}", nil), ("HEAD", nil)] as [(String, Int?)])
    func truncatedLooseObjectEndsEveryCommandWithExit2(object: String, keeping: Int?) throws {
        let dir = try Self.repository()
        // git itself calls it corrupt.
        let fsckBefore = try runProcess(GitCLI.path, ["fsck"], in: dir.url, environment: GitCLI.environment())
        #expect(fsckBefore.status == 0)
        let id = try Self.truncate(object, in: dir, keeping: keeping)
        for command in Self.commands {
            let r = try Self.runBounded(command, in: dir.url)
            #expect(r.status == 2, "\(command) with \(object) cut short: exit \(r.status) (124: it hung)\n\(r.stderr)")
            #expect(r.stderr.contains(id), "\(command): the message must name the object \(id): \(r.stderr)")
            #expect(r.stderr.contains("git fsck"), "\(command): \(r.stderr)")
        }
    }

    /// A damaged commit named only by a finding's `fixed_by` (on a branch the history walk never reads): the lookup
    /// that fails there must not become "no such commit", a finding the damage made up.
    @Test func aDamagedObjectPassedOverIsExit2NotAFinding() throws {
        let dir = try Self.repository()
        try GitCLI.run(["checkout", "-q", "-b", "experiment"], in: dir.url)
        dir.write("scripts/offboard.sh", "#!/bin/sh\n")
        let fix = try GitCLI.commitAll(dir, "Offboarding script", date: "2026-01-20T10:00:00Z")
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        dir.write("findings/F-1.md", """
        ---
        id: F-1
        type: finding
        title: Leavers keep access
        owner: isms-owner
        severity: minor
        status: open
        raised: 2026-01-21
        due: 2026-06-30
        fixed_by: \(fix)
        ---
        # Leavers keep access
        """)
        try GitCLI.commitAll(dir, "Record a finding", date: "2026-01-21T10:00:00Z")
        let before = try Self.runBounded(["lint", ".", "--format", "json", "--today", "2026-02-01"], in: dir.url)
        #expect(!before.stdout.contains("not a commit of this repository"), "the intact commit resolves")
        _ = try Self.truncate(fix, in: dir)
        for command in [["lint", ".", "--today", "2026-02-01"], ["check", "--range", "HEAD~1..HEAD", "--today", "2026-02-01"]] {
            let r = try Self.runBounded(command, in: dir.url)
            #expect(r.status == 2, "\(command): exit \(r.status)\n\(r.stdout)\(r.stderr)")
            #expect(r.stderr.contains(fix) && r.stderr.contains("git fsck"), "\(command): \(r.stderr)")
        }
    }

    /// An object that is packed too reads from the pack, as git does: a damaged loose copy is no error.
    @Test func damagedLooseCopyOfAPackedObjectReadsFromThePack() throws {
        let dir = try Self.repository()
        let clean = try Self.runBounded(["lint", ".", "--format", "json", "--today", "2026-02-01"], in: dir.url)
        try GitCLI.run(["repack", "-a", "-q"], in: dir.url) // keeps the loose copies
        _ = try Self.truncate("HEAD:scope.md", in: dir)
        let commit = try Self.truncate("HEAD~1", in: dir)
        let r = try Self.runBounded(["lint", ".", "--format", "json", "--today", "2026-02-01"], in: dir.url)
        #expect(r.status == clean.status, "\(r.stderr)")
        #expect(r.stdout == clean.stdout)
        // libgit2 looks an abbreviated id up in every backend, its loose one too: the damaged copy is then an error
        // that names it (never a loop, never a finding).
        let atRev = try Self.runBounded(["lint", "--rev", String(commit.prefix(9)), "--today", "2026-02-01"], in: dir.url)
        #expect(atRev.status == 2 && atRev.stderr.contains(commit) && atRev.stderr.contains("git fsck"), "\(atRev.stderr)")
    }
}
