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

    /// An object that is packed too reads from the pack, as git does: a damaged loose copy is no error.
    @Test func damagedLooseCopyOfAPackedObjectIsNoError() throws {
        let dir = try Self.repository()
        let clean = try Self.runBounded(["lint", ".", "--format", "json", "--today", "2026-02-01"], in: dir.url)
        try GitCLI.run(["repack", "-a", "-q"], in: dir.url) // keeps the loose copies
        _ = try Self.truncate("HEAD:scope.md", in: dir)
        let r = try Self.runBounded(["lint", ".", "--format", "json", "--today", "2026-02-01"], in: dir.url)
        #expect(r.status == clean.status, "\(r.stderr)")
        #expect(r.stdout == clean.stdout)
    }
}
