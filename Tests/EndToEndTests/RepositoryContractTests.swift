import Foundation
import Testing
import TestSupport

/// Promises the repository makes to its users: the README's rule table, the example ISMS, the embedded templates.
struct RepositoryContractTests {
    @Test func readmeRuleTableMatchesTheRegistry() throws {
        let readme = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- rules:begin -->\n")), end = try #require(readme.range(of: "<!-- rules:end -->"))
        let table = String(readme[begin.upperBound..<end.lowerBound])
        let generated = try ISMSBinary.run(["rules", "--format", "markdown"]).stdout
        #expect(table == generated, "README rule table is stale: run `make readme`")
    }

    @Test func exampleISMSLintsClean() throws {
        let r = try ISMSBinary.run(["lint", "Policies", "--today", "2026-12-01"], in: RepositoryFiles.root)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.hasPrefix("no findings in "), "\(r.stdout)")
    }

    /// The writers work from a release binary copied alone into another folder: templates are embedded.
    @Test func copiedBinaryInitialisesAnISMS() throws {
        let dir = TemporaryFolder()
        let copy = dir.url.appendingPathComponent("isms")
        try FileManager.default.copyItem(at: ISMSBinary.url, to: copy)
        let r = try runProcess(copy.path, ["init", "acme", "--organisation", "Acme Ltd", "--owner", "alice", "--today", "2026-06-01"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(dir.exists("acme/controls/8.34.md"))
        #expect(dir.read("acme/people.md")?.contains("id: alice") == true)
        let lint = try runProcess(copy.path, ["lint", "acme", "--format", "json", "--today", "2026-06-01"], in: dir.url)
        #expect(lint.status == 1)
        #expect(lint.stdout.components(separatedBy: "\"applicability-undecided\"").count - 1 == 93)
        #expect(lint.stdout.components(separatedBy: "\"justification-missing\"").count - 1 == 93)
        #expect(!lint.stdout.contains("\"yaml-syntax\""))
        #expect(!lint.stdout.contains("\"field-type\""))
    }

    @Test func writersNeverOverwriteWithoutForce() throws {
        let dir = TemporaryFolder()
        #expect(try ISMSBinary.run(["init", ".", "--today", "2026-06-01"], in: dir.url).status == 0)
        dir.write("scope.md", "my own scope\n")
        let before = dir.snapshot()
        let again = try ISMSBinary.run(["init", "."], in: dir.url)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exist"))
        #expect(dir.snapshot() == before, "a refused init wrote something")
        #expect(try ISMSBinary.run(["init", ".", "--force"], in: dir.url).status == 0)
        #expect(dir.read("scope.md")?.contains("type: scope") == true)

        let created = try ISMSBinary.run(["new", "policy", "--id", "POL-AC", "--title", "Access control: who gets what"], in: dir.url)
        #expect(created.status == 0, "\(created.stderr)")
        let path = "policies/access-control-who-gets-what.md"
        #expect(dir.read(path)?.contains("title: \"Access control: who gets what\"") == true)
        let snapshot = dir.snapshot()
        let dup = try ISMSBinary.run(["new", "policy", "--id", "POL-AC", "--title", "Other"], in: dir.url)
        #expect(dup.status == 2)
        #expect(dup.stderr.contains("already used by"))
        let clash = try ISMSBinary.run(["new", "policy", "--id", "POL-X", "--title", "Access control: who gets what"], in: dir.url)
        #expect(clash.status == 2)
        #expect(dir.snapshot() == snapshot)
        #expect(try ISMSBinary.run(["new", "control", "--id", "5.99"], in: dir.url).status == 2)
        #expect(try ISMSBinary.run(["new", "policy", "--id", "P", "--title", "T", "--path", "../escape.md"], in: dir.url).status == 2)
        #expect(try ISMSBinary.run(["new", "memo", "--id", "M", "--title", "T"], in: dir.url).status == 2)
        // The new document lints without schema errors.
        let lint = try ISMSBinary.run(["lint", path, "--format", "json", "--today", "2026-06-01"], in: dir.url)
        #expect(!lint.stdout.contains("\"field-type\"") && !lint.stdout.contains("\"yaml-syntax\""), "\(lint.stdout)")
    }
}
