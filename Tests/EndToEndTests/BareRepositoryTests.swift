import Foundation
import Testing
import TestSupport

/// A bare repository (a server's): `lint --rev` and `check --range` read the ISMS from the commit's tree and find exactly
/// what a clone finds; what needs a working tree or an index is refused with exit 2.
@Suite(.serialized) struct BareRepositoryTests {
    /// History with one approved change and one unapproved change (a real finding), the ISMS under `prefix`.
    static func origin(prefix: String = "") throws -> TemporaryFolder {
        let dir = TemporaryFolder("isms-origin")
        try GitCLI.initRepository(dir)
        dir.write(prefix + "isms.yml", "version: 1\nchange_control:\n  since: 2026-01-06\n")
        dir.write(prefix + "people.md", HookTests.people)
        dir.write(prefix + "policies/access-control.md", HookTests.policy(version: "1.0", body: "Access is granted by role."))
        dir.write("README.md", "# Example\n")
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: ("Alice", "alice@example.com"))
        dir.write(prefix + "policies/access-control.md", HookTests.policy(version: "1.1", body: "MFA everywhere."))
        try GitCLI.commitAll(dir, "Require MFA\n\nApproved-by: Carol <carol@example.com>", date: "2026-02-01T10:00:00Z", author: ("Bob", "bob@example.com"))
        dir.write(prefix + "policies/access-control.md", HookTests.policy(version: "1.2", body: "MFA for admins only."))
        try GitCLI.commitAll(dir, "Relax MFA", date: "2026-02-02T10:00:00Z", author: ("Bob", "bob@example.com"))
        return dir
    }

    static func clones(of origin: TemporaryFolder) throws -> (bare: URL, clone: URL, folder: TemporaryFolder) {
        let folder = TemporaryFolder("isms-clones")
        try GitCLI.run(["clone", "-q", "--bare", origin.path, "server.git"], in: folder.url)
        try GitCLI.run(["clone", "-q", origin.path, "work"], in: folder.url)
        return (folder.url.appendingPathComponent("server.git"), folder.url.appendingPathComponent("work"), folder)
    }

    @Test(arguments: ["", "isms/"])
    func lintAtARevisionFindsWhatACloneFinds(prefix: String) throws {
        let (bare, clone, folder) = try Self.clones(of: try Self.origin(prefix: prefix))
        _ = folder
        let path = prefix.isEmpty ? "." : String(prefix.dropLast())
        for rev in ["HEAD", "HEAD~1"] {
            let args = ["lint", path, "--rev", rev, "--format", "json", "--today", "2026-03-01"]
            let inClone = try ISMSBinary.run(args, in: clone)
            let inBare = try ISMSBinary.run(args, in: bare)
            #expect(inBare.status == inClone.status, "\(inBare.stderr)")
            #expect(inBare.stdout == inClone.stdout, "bare:\n\(inBare.stdout)\nclone:\n\(inClone.stdout)")
        }
        // Not vacuous: the unapproved change is found at HEAD, in both.
        let head = try ISMSBinary.run(["lint", path, "--rev", "HEAD", "--format", "json", "--today", "2026-03-01"], in: bare)
        #expect(head.status == 1)
        #expect(head.stdout.components(separatedBy: "\"change-unapproved\"").count - 1 == 1, "\(head.stdout)")
    }

    @Test func checkRangeFindsWhatACloneFinds() throws {
        let (bare, clone, folder) = try Self.clones(of: try Self.origin())
        _ = folder
        let args = ["check", "--range", "HEAD~2..HEAD", "--format", "json", "--today", "2026-03-01"]
        let inClone = try ISMSBinary.run(args, in: clone), inBare = try ISMSBinary.run(args, in: bare)
        #expect(inClone.status == 1)
        #expect(inBare.status == inClone.status, "\(inBare.stderr)")
        #expect(inBare.stdout == inClone.stdout)
    }

    @Test func whatNeedsAWorkingTreeIsRefused() throws {
        let (bare, _, folder) = try Self.clones(of: try Self.origin())
        _ = folder
        for args in [["lint", "."], ["lint", "--staged"], ["check", "--staged"], ["history"], ["soa"]] {
            let r = try ISMSBinary.run(args, in: bare, environment: ["ISMS_TODAY": "2026-03-01"])
            #expect(r.status == 2, "\(args): \(r.stdout)")
            #expect(r.stderr.contains("bare repository") && r.stderr.contains("--rev HEAD"), "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(args) reported findings: \(r.stdout)")
        }
    }

    /// The server-side use: a pre-receive hook checks each push; git keeps the pushed objects in quarantine until the
    /// hook accepts them, and isms reads them there.
    @Test func preReceiveHookStopsAnUnapprovedPush() throws {
        let origin = try Self.origin()
        let (bare, _, folder) = try Self.clones(of: origin)
        let hook = bare.appendingPathComponent("hooks/pre-receive")
        try Data("""
        #!/bin/sh
        status=0
        while read old new ref; do
          ISMS_TODAY=2026-03-01 "\(ISMSBinary.url.path)" check --range "$old..$new" || status=1
        done
        exit $status

        """.utf8).write(to: hook)
        _ = try runProcess("/bin/chmod", ["+x", hook.path])
        let dev = folder.url.appendingPathComponent("dev")
        try GitCLI.run(["clone", "-q", bare.path, dev.path], in: folder.url)
        let policy = dev.appendingPathComponent("policies/access-control.md")
        func push() throws -> ProcessResult { try runProcess(GitCLI.path, ["push", "origin", "main"], in: dev, environment: GitCLI.environment()) }

        try Data(HookTests.policy(version: "1.3", body: "No MFA at all.").utf8).write(to: policy)
        try GitCLI.run(["commit", "-qam", "Drop MFA"], in: dev, date: "2026-02-10T10:00:00Z", author: ("Bob", "bob@example.com"))
        let refused = try push()
        #expect(refused.status != 0, "the unapproved change was accepted")
        #expect(refused.stderr.contains("[change-unapproved]"), "\(refused.stderr)")

        try GitCLI.run(["commit", "-q", "--amend", "-m", "Drop MFA\n\nApproved-by: Carol <carol@example.com>"], in: dev, date: "2026-02-10T10:00:00Z", author: ("Bob", "bob@example.com"))
        let accepted = try push()
        #expect(accepted.status == 0, "\(accepted.stderr)")

        // A push that creates a branch passes an all-zero OLD: its new commits are judged against the default branch.
        try GitCLI.run(["checkout", "-qb", "feature"], in: dev)
        try Data(HookTests.policy(version: "1.4", body: "Passwords on sticky notes.").utf8).write(to: policy)
        try GitCLI.run(["commit", "-qam", "Sticky notes"], in: dev, date: "2026-02-11T10:00:00Z", author: ("Bob", "bob@example.com"))
        let newBranch = try runProcess(GitCLI.path, ["push", "origin", "feature"], in: dev, environment: GitCLI.environment())
        #expect(newBranch.status != 0, "an unapproved change on a new branch was accepted")
        #expect(newBranch.stderr.contains("[change-unapproved]"), "\(newBranch.stderr)")
        try GitCLI.run(["reset", "-q", "--hard", "main"], in: dev)
        let cleanBranch = try runProcess(GitCLI.path, ["push", "origin", "feature"], in: dev, environment: GitCLI.environment())
        #expect(cleanBranch.status == 0, "a new branch with no new change was refused: \(cleanBranch.stderr)")
        // Deleting a branch passes an all-zero NEW: nothing to check.
        let deletion = try runProcess(GitCLI.path, ["push", "origin", ":feature"], in: dev, environment: GitCLI.environment())
        #expect(deletion.status == 0, "a branch deletion was refused: \(deletion.stderr)")
        #expect(deletion.stderr.contains("branch deletion changes no document"), "\(deletion.stderr)")
    }
}
