import Foundation
import Testing
import TestSupport

/// What a file system can hold besides readable Markdown: each is a finding, and the rest of the ISMS is still checked.
@Suite(.serialized) struct UnusualFilesTests {
    /// An ISMS laid out by `isms init` (outside git).
    static func isms() throws -> TemporaryFolder {
        let dir = TemporaryFolder("isms-unusual")
        #expect(try ISMSBinary.run(["init", ".", "--today", "2026-01-01"], in: dir.url).status == 0)
        return dir
    }

    static func findings(_ json: String) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
    }

    /// Root reads any folder, so as root the binary runs as `nobody` (setpriv); other users run it directly.
    static let canDropToNobody = getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    @Test(.enabled(if: canDropToNobody, "as root this needs setpriv to run isms as an unprivileged user"))
    func unreadableFolderIsAFindingAndTheRestIsChecked() throws {
        let dir = try Self.isms()
        dir.write("secret/notes.md", "---\nid: NOTE\n---\n")
        chmod(dir.url.appendingPathComponent("secret").path, 0)
        defer { chmod(dir.url.appendingPathComponent("secret").path, 0o755) }
        let args = ["lint", ".", "--format", "json", "--today", "2026-01-02"]
        let r = getuid() == 0
            ? try runProcess("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", ISMSBinary.url.path] + args, in: dir.url)
            : try ISMSBinary.run(args, in: dir.url)
        #expect(r.status == 1, "\(r.stderr)")
        let all = try Self.findings(r.stdout)
        let secret = all.filter { $0["path"] as? String == "secret" }
        #expect(secret.count == 1 && secret.first?["rule"] as? String == "file-unreadable", "\(secret)")
        #expect((secret.first?["message"] as? String)?.contains("cannot read the folder") == true)
        // Everything else was still linted: the 93 undecided controls are there.
        #expect(all.filter { $0["rule"] as? String == "applicability-undecided" }.count == 93)
    }

    @Test func namedPipeIsAFindingAndDoesNotBlock() throws {
        let dir = try Self.isms()
        let pipe = dir.url.appendingPathComponent("policies/pipe.md")
        #expect(mkfifo(pipe.path, 0o644) == 0)
        let r = try runProcess("/usr/bin/timeout", ["-k", "5", "60", ISMSBinary.url.path, "lint", ".", "--format", "json", "--today", "2026-01-02"], in: dir.url)
        #expect(r.status == 1, "exit \(r.status) (124: it blocked on the pipe)\n\(r.stderr)")
        let found = try Self.findings(r.stdout).filter { $0["path"] as? String == "policies/pipe.md" }
        #expect(found.count == 1 && found.first?["rule"] as? String == "file-unreadable", "\(found)")
        #expect((found.first?["message"] as? String)?.contains("named pipe") == true)
    }

    /// isms.yml as a named pipe: the tool cannot do its job (exit 2), and says so at once.
    @Test func namedPipeAsTheConfigurationIsExitTwo() throws {
        let dir = TemporaryFolder("isms-pipe-config")
        #expect(mkfifo(dir.url.appendingPathComponent("isms.yml").path, 0o644) == 0)
        let r = try runProcess("/usr/bin/timeout", ["-k", "5", "60", ISMSBinary.url.path, "lint", "."], in: dir.url)
        #expect(r.status == 2, "exit \(r.status) (124: it blocked on the pipe)\n\(r.stderr)")
        #expect(r.stderr.contains("not a regular file"), "\(r.stderr)")
    }

    /// Documents outside a sparse checkout's cone are in git, only not checked out: not "missing".
    @Test func sparseCheckoutReadsDocumentsOutsideTheConeFromTheIndex() throws {
        let origin = try Self.isms()
        try GitCLI.initRepository(origin)
        try GitCLI.commitAll(origin, "Lay out the ISMS")
        let clones = TemporaryFolder("isms-sparse")
        try GitCLI.run(["clone", "-q", origin.path, "full"], in: clones.url)
        try GitCLI.run(["clone", "-q", origin.path, "sparse"], in: clones.url)
        let sparse = clones.url.appendingPathComponent("sparse"), full = clones.url.appendingPathComponent("full")
        try GitCLI.run(["sparse-checkout", "set", "controls"], in: sparse)
        #expect(!FileManager.default.fileExists(atPath: sparse.appendingPathComponent("policies/information-security-policy.md").path))

        let args = ["lint", ".", "--format", "json", "--today", "2026-01-02"]
        let inFull = try ISMSBinary.run(args, in: full), inSparse = try ISMSBinary.run(args, in: sparse)
        #expect(inSparse.status == inFull.status)
        #expect(inSparse.stdout == inFull.stdout, "the sparse checkout reports differently:\n\(inSparse.stdout.count) vs \(inFull.stdout.count) bytes")
        #expect(inSparse.stderr.components(separatedBy: "sparse checkout").count - 1 == 1, "said once: \(inSparse.stderr)")
        #expect(!inFull.stderr.contains("sparse checkout"))
    }
}
