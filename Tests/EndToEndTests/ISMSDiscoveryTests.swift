import Foundation
import Testing
import TestSupport

/// Commands run from the repository root — where hooks and CI run — with the ISMS in a subfolder; and a repository
/// that holds no ISMS at all.
@Suite(.serialized) struct ISMSDiscoveryTests {
    /// A repository whose ISMS (people and one approved policy) lives in `folder`, committed by alice, plus an
    /// unrelated README at the root.
    static func repository(_ folder: String = "isms") throws -> TemporaryFolder {
        let dir = TemporaryFolder("isms-discovery")
        try GitCLI.initRepository(dir)
        dir.write("\(folder)/isms.yml", "version: 1\nchange_control:\n  since: 2026-01-06\n")
        dir.write("\(folder)/people.md", HookTests.people)
        dir.write("\(folder)/policies/access-control.md", HookTests.policy(version: "1.0", body: "Access is granted by role."))
        dir.write("README.md", "# Product\n\nSee [the ISMS](\(folder)/people.md).\n")
        dir.write("docs/guide.md", "# Guide\n")
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: ("Alice", "alice@example.com"))
        return dir
    }

    @Test func everyCommandFindsTheISMSBelowTheRepositoryRoot() throws {
        let dir = try Self.repository()
        let fromRoot = try ISMSBinary.run(["lint", "--format", "json", "--today", "2026-03-01"], in: dir.url)
        let named = try ISMSBinary.run(["lint", "isms", "--format", "json", "--today", "2026-03-01"], in: dir.url)
        #expect(fromRoot.status == named.status, "\(fromRoot.stderr)")
        #expect(fromRoot.stdout == named.stdout, "lint at the root must lint isms/ exactly as `isms lint isms` does")
        #expect(!fromRoot.stdout.contains("\"isms.yml\""), "no finding may point at a root isms.yml that does not exist")
        #expect(fromRoot.stdout.contains("isms/"), "findings are in the subfolder: \(fromRoot.stdout)")

        for args in [["soa", "--format", "json"], ["history", "--all"], ["audit", "plan", "--today", "2026-03-01"], ["transition"]] {
            let r = try ISMSBinary.run(args, in: dir.url)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let history = try ISMSBinary.run(["history", "--all", "--format", "json"], in: dir.url)
        #expect(history.stdout.contains("isms/policies/access-control.md"), "\(history.stdout)")
        let pack = TemporaryFolder("pack")
        let report = try ISMSBinary.run(["report", "--out", pack.url.appendingPathComponent("out").path, "--today", "2026-03-01"], in: dir.url)
        #expect(report.status == 0, "\(report.stderr)")

        // check --staged from the root (the pre-commit hook's folder) sees the subfolder's staged change.
        dir.write("isms/policies/access-control.md", HookTests.policy(version: "1.0", body: "Shared admin accounts are allowed."))
        try GitCLI.run(["add", "-A"], in: dir.url)
        let staged = try ISMSBinary.run(["check", "--staged", "--today", "2026-03-02"], in: dir.url,
                                        environment: GitCLI.environment(author: ("Bob", "bob@example.com")))
        #expect(staged.status == 1)
        #expect(staged.stdout.contains("isms/policies/access-control.md"), "\(staged.stdout)")
        #expect(staged.stdout.contains("[version-not-bumped]"), "\(staged.stdout)")
        // The commit being made has no id yet: no placeholder "commit 0000000" in the message.
        #expect(!staged.stdout.contains("0000000"), "\(staged.stdout)")
        #expect(staged.stdout.contains("the commit being made"), "\(staged.stdout)")
    }

    @Test func hooksInstalledAtTheRootStopABadCommitInTheSubfolder() throws {
        let dir = try Self.repository("compliance/isms")
        let install = try ISMSBinary.run(["hook", "install"], in: dir.url)
        #expect(install.status == 0, "\(install.stderr)")
        let before = try HookTests.head(dir)
        dir.write("compliance/isms/policies/access-control.md", HookTests.policy(version: "1.0", body: "Shared admin accounts are allowed."))
        let r = try HookTests.commit(dir, "Allow shared admins\n\nApproved-by: Carol <carol@example.com>")
        #expect(r.status != 0)
        #expect((r.stdout + r.stderr).contains("[version-not-bumped]"), "\(r.stdout)\(r.stderr)")
        #expect(try HookTests.head(dir) == before)
        // A change outside the ISMS is not its business.
        dir.write("compliance/isms/policies/access-control.md", HookTests.policy(version: "1.0", body: "Access is granted by role."))
        dir.write("docs/guide.md", "# Guide\n\nMore.\n")
        let ok = try HookTests.commit(dir, "Guide")
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
    }

    @Test func severalISMSsAreNamedAndTheToolStops() throws {
        let dir = try Self.repository("a")
        dir.write("b/isms.yml", "version: 1\n")
        dir.write("b/people.md", HookTests.people)
        for args in [["lint"], ["soa"], ["history", "--all"], ["new", "policy", "--id", "P", "--title", "T"]] {
            let r = try ISMSBinary.run(args, in: dir.url)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains("a/isms.yml") && r.stderr.contains("b/isms.yml"), "\(args): \(r.stderr)")
            #expect(r.stderr.contains("--in"), "\(r.stderr)")
        }
        #expect(!dir.exists("policies/t.md") && !dir.exists("a/policies/t.md") && !dir.exists("b/policies/t.md"))
        // Naming one: --in, --config, or the folder as lint's path.
        let byIn = try ISMSBinary.run(["lint", "--in", "b", "--no-history", "--format", "json"], in: dir.url)
        let byConfig = try ISMSBinary.run(["lint", "--config", "b/isms.yml", "--no-history", "--format", "json"], in: dir.url)
        let byPath = try ISMSBinary.run(["lint", "b", "--no-history", "--format", "json"], in: dir.url)
        #expect(byIn.status != 2 && byIn.stdout == byPath.stdout && byConfig.stdout == byPath.stdout, "\(byIn.stderr)\(byConfig.stderr)")
        #expect(try ISMSBinary.run(["soa", "--config", "a/isms.yml"], in: dir.url).status == 0)
        #expect(try ISMSBinary.run(["lint", "--config", "b/people.md"], in: dir.url).status == 2)
        #expect(try ISMSBinary.run(["lint", "b", "--in", "a"], in: dir.url).status == 2)
    }

    @Test func newWritesIntoTheISMSAndRefusesOutsideOne() throws {
        let dir = try Self.repository()
        let r = try ISMSBinary.run(["new", "policy", "--id", "POL-BYOD", "--title", "Bring your own device"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(dir.exists("isms/policies/bring-your-own-device.md"))
        #expect(!dir.exists("policies"))

        let plain = TemporaryFolder("plain")
        try GitCLI.initRepository(plain)
        plain.write("README.md", "# Not an ISMS\n")
        let before = plain.snapshot()
        let refused = try ISMSBinary.run(["new", "policy", "--id", "P", "--title", "Anything"], in: plain.url)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("isms init"), "\(refused.stderr)")
        #expect(plain.snapshot() == before, "nothing may be written outside an ISMS")

        // Typed documents without isms.yml are read on defaults, but `new` still has no ISMS to add to.
        plain.write("people.md", HookTests.people)
        let typedOnly = try ISMSBinary.run(["new", "policy", "--id", "P", "--title", "Anything"], in: plain.url)
        #expect(typedOnly.status == 2)
        #expect(!plain.exists("policies"))
    }

    @Test func aRepositoryThatIsNotAnISMSIsToldSoOnce() throws {
        let dir = TemporaryFolder("not-isms")
        try GitCLI.initRepository(dir)
        dir.write("README.md", "# A library\n")
        dir.write("docs/a.md", "---\ntitle: A page\nlayout: default\n---\n# A\n")
        for i in 0..<30 { dir.write("docs/p\(i).md", "# Page \(i)\n\n[next](p\(i + 1).md)\n") }
        try GitCLI.commitAll(dir, "Docs")
        for args in [["lint"], ["lint", "--format", "sarif"], ["check", "--range", "HEAD..HEAD"], ["history", "--all"], ["soa"], ["report", "--out", "pack"]] {
            let r = try ISMSBinary.run(args, in: dir.url)
            #expect(r.status == 2, "\(args): \(r.stdout)")
            #expect(r.stdout.isEmpty, "\(args): nothing on stdout, no findings: \(r.stdout)")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1 && r.stderr.contains("no ISMS found") && r.stderr.contains("isms init"), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("isms.yml:1:1"))
        }
        #expect(!dir.exists("pack"))
        // The way out works: init, then lint finds it from the root.
        #expect(try ISMSBinary.run(["init", "isms"], in: dir.url).status == 0)
        let after = try ISMSBinary.run(["lint", "--no-history"], in: dir.url)
        #expect(after.status == 1, "the new ISMS has decisions to make: \(after.stderr)")
        #expect(after.stdout.contains("isms/controls/"), "\(after.stdout.prefix(400))")
    }

    /// Typed documents without isms.yml are still linted on the built-in defaults, and lint says so once.
    @Test func typedDocumentsWithoutConfigurationAreLintedOnDefaults() throws {
        let dir = TemporaryFolder("typed-only")
        dir.write("people.md", HookTests.people)
        let r = try ISMSBinary.run(["lint", "--no-history"], in: dir.url)
        #expect(r.status == 1, "mandatory documents are missing: \(r.stderr)")
        #expect(r.stderr.components(separatedBy: "no isms.yml: the built-in defaults are in use").count == 2, "\(r.stderr)")
        #expect(!r.stderr.contains("no ISMS found"))
    }

    @Test func thisRepositoryLintsPoliciesFromItsRoot() throws {
        let r = try ISMSBinary.run(["lint", "--today", "2026-12-01", "--no-history"], in: RepositoryFiles.root)
        #expect(r.status == 0, "\(r.stdout.prefix(800))\(r.stderr)")
        #expect(r.stdout.contains("No findings") || r.stdout.contains("no findings"), "\(r.stdout.prefix(300))")
    }
}

/// The README's quick start, command by command, in a fresh repository.
@Suite(.serialized) struct QuickStartTests {
    @Test func theReadmeQuickStartWorksAsWritten() throws {
        let readme = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "## Quick start"))
        let block = try #require(readme[start.upperBound...].components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        let commands = block.split(separator: "\n").map { $0.components(separatedBy: "  #").first!.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(commands.first?.hasPrefix("cd ") == true && commands.contains { $0.hasPrefix("isms init") }, "\(commands)")
        let dir = TemporaryFolder("quick-start")
        try GitCLI.initRepository(dir)
        dir.write("README.md", "# Our product\n")
        try GitCLI.commitAll(dir, "Product")
        var env = GitCLI.environment(author: ("Alice Adams", "alice@example.com"))
        env["PATH"] = ISMSBinary.url.deletingLastPathComponent().path + ":/usr/bin:/bin"
        for command in commands.dropFirst() {
            let r = try runProcess("/bin/sh", ["-c", command], in: dir.url, environment: env)
            // `isms lint` on a new ISMS lists the decisions to make (exit 1); everything else succeeds.
            #expect(r.status == (command == "isms lint" ? 1 : 0), "\(command): \(r.stdout.prefix(300))\(r.stderr)")
        }
        #expect(dir.exists("isms/isms.yml") && dir.exists(".git/hooks/pre-commit"))
        #expect(try GitCLI.run(["log", "--oneline"], in: dir.url).stdout.contains("Start the ISMS"))
    }
}
