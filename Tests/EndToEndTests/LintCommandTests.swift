import Foundation
import Testing
import TestSupport

/// The built binary, run as a user runs it.
@Suite(.serialized) struct LintCommandTests {
    static let policy = """
    ---
    id: POL-AC
    type: policy
    title: Access control policy
    owner: alice
    approver: carol
    version: "1.0"
    status: draft
    review_every: 12 months
    ---
    # Access control
    """

    @Test func versionAndHelp() throws {
        let v = try ISMSBinary.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("isms "))
        for args in [["--help"], ["lint", "--help"], ["rules", "--help"], ["explain", "--help"], ["init", "--help"], ["new", "--help"]] {
            let r = try ISMSBinary.run(args)
            #expect(r.status == 0, "\(args)")
            #expect(r.stdout.contains("USAGE"), "\(args)")
        }
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try ISMSBinary.run(["lint", "--no-such-flag"]).status == 2)
        #expect(try ISMSBinary.run(["frobnicate"]).status == 2)
        let badDate = try ISMSBinary.run(["lint", ".", "--today", "2026-02-30"])
        #expect(badDate.status == 2)
        #expect(badDate.stderr.contains("2026-02-30"))
        let missing = try ISMSBinary.run(["lint", "/no/such/folder"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file or folder"))
        #expect(try ISMSBinary.run(["explain", "no-such-rule"]).status == 2)
    }

    @Test func badConfigurationExitsTwoWithItsLine() throws {
        let dir = TemporaryFolder()
        dir.write("isms.yml", "version: 1\ncertification:\n  date: 2026-02-30\n")
        let r = try ISMSBinary.run(["lint", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("isms.yml:3:9"), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
    }

    /// Hostile and odd files: each is a finding at file:line:col with its rule, never a crash, and nothing is written.
    @Test func hostileFilesAreFindingsNotCrashes() throws {
        let dir = TemporaryFolder()
        let secret = TemporaryFolder("outside")
        secret.write("secret.md", "---\nid: SECRET\n---\n")
        dir.write("a-no-front-matter.md", "# Just a heading\n")
        dir.write("b-empty.md", "---\n---\n")
        dir.write("c-unclosed.md", "---\nid: X\n# Body\n")
        var binary = Data("---\nid: BIN\n".utf8); binary.append(contentsOf: [0, 1, 2]); dir.write("d-binary.md", data: binary)
        dir.write("e-latin1.md", data: Data([0x2D, 0x2D, 0x2D, 0x0A, 0x69, 0x64, 0x3A, 0x20, 0xE9, 0x0A, 0x2D, 0x2D, 0x2D, 0x0A]))
        dir.write("f-huge.md", "---\nid: HUGE\n---\n" + String(repeating: "x", count: 1_100_000))
        dir.write("g-syntax.md", "---\nid: Y\ntitle: [unclosed\n---\n")
        dir.write("h-duplicate.md", "---\nid: Z\nowner: alice\nowner: bob\n---\n")
        var bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
        for (p, n) in zip("abcdefgh", "bcdefghi") { bomb += "\(n): &\(n) [" + Array(repeating: "*\(p)", count: 9).joined(separator: ", ") + "]\n" }
        dir.write("i-bomb.md", bomb + "---\n")
        dir.write("j-deep.md", "---\nv: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n---\n")
        dir.write("k-date.md", Self.policy.replacingOccurrences(of: "status: draft", with: "status: approved\neffective: 2026-02-30\nlast_reviewed: 2026-01-10"))
        dir.symlink("l-escape.md", to: secret.url.appendingPathComponent("secret.md").path)
        dir.write("m-crlf-bom.md", "\u{FEFF}" + Self.policy.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "POL-AC", with: "POL-CRLF"))
        let before = dir.snapshot()

        let r = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", "2026-06-01"], in: dir.url)
        #expect(r.status == 1)
        #expect(!r.stderr.contains("Fatal"))
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: Any]]
        func at(_ path: String) -> [(String, Int, Int)] {
            json.filter { $0["path"] as? String == path }.map { ($0["rule"] as! String, $0["line"] as! Int, $0["column"] as! Int) }
        }
        #expect(at("a-no-front-matter.md").contains { $0 == ("front-matter-missing", 1, 1) })
        #expect(at("b-empty.md").contains { $0.0 == "front-matter-missing" })
        #expect(at("c-unclosed.md").contains { $0 == ("front-matter-unclosed", 1, 1) })
        #expect(at("d-binary.md").contains { $0 == ("file-unreadable", 3, 1) })
        #expect(at("e-latin1.md").contains { $0 == ("file-unreadable", 2, 5) })
        #expect(at("f-huge.md").contains { $0.0 == "file-unreadable" })
        #expect(at("g-syntax.md").contains { $0.0 == "yaml-syntax" && $0.1 >= 3 })
        #expect(at("h-duplicate.md").contains { $0 == ("yaml-duplicate-key", 4, 1) })
        #expect(at("i-bomb.md").contains { $0.0 == "yaml-too-complex" })
        #expect(at("j-deep.md").contains { $0.0 == "yaml-too-complex" })
        #expect(at("k-date.md").contains { $0 == ("date-invalid", 9, 12) })
        #expect(at("l-escape.md").contains { $0 == ("symlink-outside", 1, 1) })
        #expect(!at("m-crlf-bom.md").contains { ["file-unreadable", "yaml-syntax", "front-matter-missing"].contains($0.0) })
        #expect(!r.stdout.contains("SECRET"))
        #expect(dir.snapshot() == before, "lint wrote to the folder")
    }

    @Test func textOutputContractAndSummary() throws {
        let dir = TemporaryFolder()
        dir.write("b.md", "# no front matter\n")
        dir.write("a.md", "---\nid: A\ntype: polcy\n---\n")
        let r = try ISMSBinary.run(["lint", dir.path, "--today", "2026-06-01"])
        #expect(r.status == 1)
        let lines = r.lines
        let findingLines = lines.filter { $0.contains(": error: ") || $0.contains(": warning: ") }
        #expect(findingLines.count >= 2)
        for line in findingLines {
            #expect(line.range(of: #"^[^:]+:\d+:\d+: (error|warning|info): .+ \[[a-z0-9-]+\]$"#, options: .regularExpression) != nil, "\(line)")
        }
        #expect(findingLines == findingLines.sorted())
        #expect(lines.last?.contains("error") == true)
        #expect(!r.stdout.contains("\u{1B}["), "colour outside a terminal")
        #expect(r.stderr.contains("not in a git repository"), "history checks must say once that they were skipped")
        #expect(r.stderr.components(separatedBy: "not in a git repository").count == 2)
    }

    @Test func insideGitPathsAreRelativeToTheRepositoryRoot() throws {
        let dir = TemporaryFolder()
        try GitCLI.initRepository(dir)
        dir.write("isms/isms.yml", "version: 1\n")
        dir.write("isms/policies/p.md", "# no front matter\n")
        dir.write("isms/ignored/x.md", "# ignored by git\n")
        dir.write(".gitignore", "ignored/\n")
        let r = try ISMSBinary.run(["lint", "isms"], in: dir.url)
        #expect(r.lines.contains { $0.hasPrefix("isms/policies/p.md:1:1: error:") }, "\(r.stdout)")
        #expect(!r.stdout.contains("ignored/x.md"))
        #expect(!r.stderr.contains("not in a git repository"))
        // From a subfolder, only findings under it are shown.
        let sub = try ISMSBinary.run(["lint", "."], in: dir.url.appendingPathComponent("isms/policies"))
        #expect(sub.lines.contains { $0.hasPrefix("isms/policies/p.md:1:1") }, "\(sub.stdout)")
    }

    @Test func unknownConfigurationKeysAndRulesAreReported() throws {
        let dir = TemporaryFolder()
        dir.write("isms.yml", "version: 1\nframwork: iso27001:2022\nrules:\n  review-overdu: off\n")
        let r = try ISMSBinary.run(["lint", dir.path, "--format", "json"])
        #expect(r.stdout.contains("\"config-unknown-key\""))
        #expect(r.stdout.contains("\"config-unknown-rule\""))
    }

    @Test func ruleSeverityFromConfiguration() throws {
        let dir = TemporaryFolder()
        dir.write("isms.yml", "version: 1\nrules:\n  front-matter-missing: warning\n")
        dir.write("a.md", "# no front matter\n")
        let r = try ISMSBinary.run(["lint", dir.path, "--format", "json"])
        #expect(r.stdout.contains("\"rule\": \"front-matter-missing\", \"severity\": \"warning\""))
        dir.write("isms.yml", "version: 1\nrules:\n  front-matter-missing: off\n")
        let off = try ISMSBinary.run(["lint", dir.path, "--format", "json"])
        #expect(!off.stdout.contains("front-matter-missing"))
    }

    @Test func rulesAndExplain() throws {
        let rules = try ISMSBinary.run(["rules"])
        #expect(rules.status == 0)
        #expect(rules.stdout.contains("yaml-duplicate-key"))
        let json = try ISMSBinary.run(["rules", "--format", "json"])
        let list = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
        #expect(list.count >= 30)
        let explain = try ISMSBinary.run(["explain", "yaml-duplicate-key"])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("Triggers"))
        #expect(explain.stdout.contains("Does not trigger"))
    }
}
