import Foundation
import Testing
import TestSupport

/// `isms baseline --write`: accepted findings by fingerprint, read by lint and check, never hiding a new finding.
@Suite(.serialized) struct BaselineTests {
    /// The hooks repository with one change committed past the hooks (`--no-verify`): an approved policy changed
    /// without a new version or an approval.
    static func repositoryWithABypass() throws -> TemporaryFolder {
        let dir = try HookTests.repository()
        dir.write("policies/access-control.md", HookTests.policy(version: "1.0", body: "Shared admin accounts are allowed."))
        try GitCLI.run(["add", "-A"], in: dir.url)
        try GitCLI.run(["commit", "-q", "--no-verify", "-m", "Hotfix"], in: dir.url, date: "2026-02-01T10:00:00Z", author: ("Bob", "bob@example.com"))
        return dir
    }

    static func lint(_ dir: TemporaryFolder, _ extra: [String] = []) throws -> ProcessResult {
        try ISMSBinary.run(["lint", "--today", "2026-03-02", "--format", "json"] + extra, in: dir.url)
    }

    static func rules(_ r: ProcessResult) -> [String] {
        ((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }.sorted()
    }

    @Test func aRecordedBypassIsAcceptedAndANewOneIsNot() throws {
        let dir = try Self.repositoryWithABypass()
        let before = try Self.lint(dir)
        #expect(before.status == 1)
        #expect(Self.rules(before).contains("version-not-bumped") && Self.rules(before).contains("change-unapproved"), "\(before.stdout)")

        let write = try ISMSBinary.run(["baseline", "--write", "--today", "2026-03-02"], in: dir.url)
        #expect(write.status == 0, "\(write.stderr)")
        #expect(dir.exists("isms-baseline.json"))
        let text = try #require(dir.read("isms-baseline.json"))
        #expect(!text.contains("\"line\""), "entries are not keyed by line number")
        try GitCLI.commitAll(dir, "Accept the February hotfix\n\nApproved-by: Carol <carol@example.com>", date: "2026-02-02T10:00:00Z", author: ("Alice", "alice@example.com"))

        let after = try Self.lint(dir)
        #expect(after.status == 0, "\(after.stdout)")
        #expect(Self.rules(after).isEmpty)
        #expect(after.stderr.contains("accepted in isms-baseline.json"), "\(after.stderr)")
        // --no-baseline shows them again.
        #expect(Self.rules(try Self.lint(dir, ["--no-baseline"])) == Self.rules(before))
        // Never overwritten without --force.
        let again = try ISMSBinary.run(["baseline", "--write"], in: dir.url)
        #expect(again.status == 2 && again.stderr.contains("--force"))
        #expect(dir.read("isms-baseline.json") == text)

        // Text moving down (a line added above) does not revive the accepted findings.
        dir.write("policies/access-control.md", HookTests.policy(version: "1.0", body: "Intro.\n\nShared admin accounts are allowed."))
        // The same kind of bypass again, by a new commit: reported, though rule and file are the same.
        try GitCLI.run(["add", "-A"], in: dir.url)
        try GitCLI.run(["commit", "-q", "--no-verify", "-m", "Another hotfix"], in: dir.url, date: "2026-02-10T10:00:00Z", author: ("Bob", "bob@example.com"))
        let next = try Self.lint(dir)
        #expect(next.status == 1)
        #expect(Self.rules(next).filter { $0 == "change-unapproved" }.count == 1, "the new commit only: \(next.stdout)")
        #expect(next.stdout.contains("Another hotfix"), "\(next.stdout)")
        #expect(!next.stdout.contains("'Hotfix'"), "the accepted commit stays accepted: \(next.stdout)")
    }

    @Test func staleEntriesAreReportedAndNewFindingsInACoveredFileAreNot() throws {
        let dir = TemporaryFolder("isms-baseline")
        try GitCLI.initRepository(dir)
        #expect(try ISMSBinary.run(["init", ".", "--quiet"], in: dir.url).status == 0)
        try GitCLI.commitAll(dir, "Start the ISMS")
        #expect(try ISMSBinary.run(["baseline", "--write"], in: dir.url).status == 0)
        #expect(try ISMSBinary.run(["lint", "--no-history"], in: dir.url).status == 0)

        // Decide control 5.1: its finding is gone, so its entry is stale (a warning at its line of the baseline).
        let control = try #require(dir.read("controls/5.1.md"))
        dir.write("controls/5.1.md", control.replacingOccurrences(of: "applicable:", with: "applicable: true\njustification: Risk R-001.\nimplementation: implemented\nx_unused:").replacingOccurrences(of: "x_unused:\n", with: ""))
        let r = try ISMSBinary.run(["lint", "--no-history", "--format", "json"], in: dir.url)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        let stale = json.filter { $0["rule"] as? String == "baseline-stale" }
        #expect(stale.count >= 1, "\(r.stdout.prefix(1500))")
        #expect(stale.allSatisfy { $0["path"] as? String == "isms-baseline.json" && ($0["line"] as? Int ?? 0) > 3 })
        #expect(stale.contains { ($0["message"] as? String)?.contains("controls/5.1.md") == true })
        // A new finding in a file the baseline covers is reported: scope.md had only accepted findings.
        let scope = try #require(dir.read("scope.md"))
        dir.write("scope.md", scope + "\nWhat is out of scope, and why.\n\n[broken](no-such-file.md)\n")
        let more = try ISMSBinary.run(["lint", "--no-history", "--format", "json"], in: dir.url)
        #expect(more.stdout.contains("\"link-broken\""), "\(more.stdout.prefix(800))")
        #expect(more.status == 1)
        // A malformed baseline stops the tool rather than hide or show findings by accident.
        dir.write("isms-baseline.json", "{not json")
        let broken = try ISMSBinary.run(["lint", "--no-history"], in: dir.url)
        #expect(broken.status == 2 && broken.stderr.contains("isms-baseline.json"), "\(broken.stderr)")
    }

    @Test func checkReadsTheBaselineAsCommittedSoAChangeCannotAcceptItsOwnFindings() throws {
        let dir = try HookTests.repository(installHooks: false)
        // The change and a baseline accepting it, staged together.
        dir.write("policies/access-control.md", HookTests.policy(version: "1.0", body: "Shared admin accounts are allowed."))
        try GitCLI.run(["add", "-A"], in: dir.url)
        try GitCLI.run(["commit", "-q", "-m", "tmp"], in: dir.url, date: "2026-02-01T10:00:00Z", author: ("Bob", "bob@example.com"))
        #expect(try ISMSBinary.run(["baseline", "--write", "--today", "2026-03-02"], in: dir.url).status == 0)
        try GitCLI.run(["reset", "-q", "--soft", "HEAD~1"], in: dir.url)
        try GitCLI.run(["add", "-A"], in: dir.url)
        let staged = try ISMSBinary.run(["check", "--staged", "--today", "2026-03-02"], in: dir.url,
                                        environment: GitCLI.environment(author: ("Bob", "bob@example.com")))
        #expect(staged.status == 1, "\(staged.stdout)")
        #expect(staged.stdout.contains("[version-not-bumped]"))
        // In a pull request too: the baseline is read from BASE.
        try GitCLI.run(["commit", "-q", "--no-verify", "-m", "Hotfix with its own baseline"], in: dir.url, date: "2026-02-01T10:00:00Z", author: ("Bob", "bob@example.com"))
        let range = try ISMSBinary.run(["check", "--range", "HEAD~1..HEAD", "--today", "2026-03-02"], in: dir.url)
        #expect(range.status == 1, "\(range.stdout)")
        #expect(range.stdout.contains("[version-not-bumped]"), "\(range.stdout)")
    }
}
