import Foundation
import ISMSModel
import ISMSTool
import Testing
import TestSupport

/// `check --staged` lints only the staged documents (cross-document rules still see every document), so the hook stays
/// fast on 1,000 documents. It must never hide a finding: on a real repository — the deliberately broken fixture, which
/// triggers nearly every rule — each staged change is checked both ways, focused and linting everything, and the
/// findings must be the same.
@Suite(.serialized) struct StagedCheckFocusTests {
    static let fixture = RepositoryFiles.root.appendingPathComponent("Tests/Fixtures/broken-isms")

    /// The fixture in a fresh git repository, committed.
    static func repository() throws -> TemporaryFolder {
        let dir = TemporaryFolder("staged-focus")
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: fixture.path) {
            try fm.copyItem(at: fixture.appendingPathComponent(name), to: dir.url.appendingPathComponent(name))
        }
        try GitCLI.initRepository(dir)
        try GitCLI.commitAll(dir, "Import the ISMS")
        return dir
    }

    static func git(_ dir: TemporaryFolder, _ arguments: String...) throws { try GitCLI.run(arguments, in: dir.url) }

    static func append(_ dir: TemporaryFolder, _ path: String, _ text: String) {
        dir.write(path, (dir.read(path) ?? "") + text)
    }

    /// check --staged, focused and not: the same findings, which are returned.
    @discardableResult
    static func compare(_ dir: TemporaryFolder, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Finding] {
        var o = CheckCommand.Options(today: Day("2026-06-01")!)
        o.path = dir.path
        let focused = try CheckCommand.run(o)
        o.focused = false
        let everything = try CheckCommand.run(o)
        #expect(focused.findings == everything.findings, "\(what): focused and full checks differ\nonly focused: \(Set(focused.findings).subtracting(everything.findings))\nonly full: \(Set(everything.findings).subtracting(focused.findings))", sourceLocation: sourceLocation)
        return focused.findings
    }

    @Test func everyDocumentStaged() throws {
        let dir = try Self.repository()
        let paths = try GitCLI.run(["ls-files", "*.md"], in: dir.url).stdout.split(separator: "\n").map(String.init)
        for p in paths { Self.append(dir, p, "\nOne more sentence.\n") }
        try Self.git(dir, "add", "-A")
        let findings = try Self.compare(dir, "every document staged")
        // The fixture plants findings of nearly every rule: a focused run that saw nothing would be wrong.
        #expect(Set(findings.map(\.rule)).count > 30, "\(Set(findings.map(\.rule)).sorted())")
    }

    @Test func everyOtherDocumentStaged() throws {
        let dir = try Self.repository()
        let paths = try GitCLI.run(["ls-files", "*.md"], in: dir.url).stdout.split(separator: "\n").map(String.init)
        for (i, p) in paths.enumerated() where i % 2 == 1 { Self.append(dir, p, "\nOne more sentence.\n") }
        try Self.git(dir, "add", "-A")
        let findings = try Self.compare(dir, "every other document staged")
        #expect(findings.count > 20)
    }

    @Test func brokenFixedRenamedAndDeletedLinks() throws {
        let dir = try Self.repository()
        // A new broken link (a typo of a real name), an anchor that a document not staged lacks, and a good link.
        Self.append(dir, "policies/information-security.md", """

        See [backups](../procedures/backup-restor.md), [incidents](../procedures/incident-response.md#no-such-heading)
        and [change](../procedures/change-management.md).
        """)
        try Self.git(dir, "add", "-A")
        var findings = try Self.compare(dir, "new broken link")
        #expect(findings.contains { $0.rule == "link-broken" && $0.path == "policies/information-security.md" && $0.message.contains("did you mean '../procedures/backup-restore.md'") }, "\(findings)")
        #expect(findings.contains { $0.rule == "link-anchor-missing" && $0.path == "policies/information-security.md" }, "\(findings)")
        try GitCLI.commitAll(dir, "Links")

        // The broken link fixed.
        dir.write("policies/information-security.md", dir.read("policies/information-security.md")!.replacingOccurrences(of: "backup-restor.md", with: "backup-restore.md"))
        try Self.git(dir, "add", "-A")
        findings = try Self.compare(dir, "fixed link")
        #expect(!findings.contains { $0.rule == "link-broken" && $0.path == "policies/information-security.md" }, "\(findings)")
        try GitCLI.commitAll(dir, "Fix")

        // The target renamed, and the linking document (staged for another edit) not updated.
        try Self.git(dir, "mv", "procedures/change-management.md", "procedures/change-control.md")
        Self.append(dir, "policies/information-security.md", "\nReviewed.\n")
        try Self.git(dir, "add", "-A")
        findings = try Self.compare(dir, "renamed target")
        #expect(findings.contains { $0.rule == "link-broken" && $0.path == "policies/information-security.md" && $0.message.contains("change-management.md") }, "\(findings)")
        try Self.git(dir, "reset", "-q", "--hard")

        // The target deleted.
        try Self.git(dir, "rm", "-q", "procedures/backup-restore.md")
        Self.append(dir, "policies/information-security.md", "\nReviewed.\n")
        try Self.git(dir, "add", "-A")
        findings = try Self.compare(dir, "deleted target")
        #expect(findings.contains { $0.rule == "link-broken" && $0.path == "policies/information-security.md" && $0.message.contains("backup-restore.md") }, "\(findings)")
    }

    @Test func crossDocumentFindingsOfAStagedDocument() throws {
        let dir = try Self.repository()
        // A new document that copies the id of one not staged, and refers to documents that exist and that do not.
        dir.write("policies/new-policy.md", """
        ---
        id: POL-IS
        type: policy
        title: A second cryptography policy
        owner: nobody-here
        approver: role:no-such-role
        version: "0.1"
        status: draft
        review_every: 12 months
        ---
        # A second cryptography policy

        See [the scope](../scope.md#no-anchor) and [the register](../people.md).
        """)
        try Self.git(dir, "add", "-A")
        let findings = try Self.compare(dir, "cross-document findings")
        #expect(findings.contains { $0.rule == "id-duplicate" && $0.path == "policies/new-policy.md" }, "\(findings)")
        #expect(findings.contains { $0.rule == "person-unknown" && $0.path == "policies/new-policy.md" }, "\(findings)")
        #expect(findings.contains { $0.rule == "role-unknown" && $0.path == "policies/new-policy.md" }, "\(findings)")
    }

    @Test func stagedConfiguration() throws {
        let dir = try Self.repository()
        Self.append(dir, "isms.yml", "  link-anchor-missing: warning\n")
        Self.append(dir, "policies/logging.md", "\nOne more sentence.\n")
        try Self.git(dir, "add", "-A")
        let findings = try Self.compare(dir, "staged configuration")
        #expect(findings.contains { $0.path == "isms.yml" }, "\(findings)")
    }
}
