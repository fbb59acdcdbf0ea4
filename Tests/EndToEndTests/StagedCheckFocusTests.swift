import Foundation
import GitKit
import ISMSModel
@testable import ISMSTool
import Testing
import TestSupport

/// `check --staged` lints only the staged documents (cross-document rules still see every document) and keeps parsed
/// documents by blob id under .git/isms, so the hook stays fast on 1,000 documents. Neither may ever hide a finding: on
/// a real repository — the deliberately broken fixture, which triggers nearly every rule — each staged change is
/// checked with the parse cache cold and warm and focused, and with neither (parsing and linting everything), and the
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

    static func options(_ dir: TemporaryFolder) -> CheckCommand.Options {
        var o = CheckCommand.Options(today: Day("2026-06-01")!)
        o.path = dir.path
        return o
    }

    /// The findings of check --staged parsing and linting everything (no cache, no focus).
    static func full(_ dir: TemporaryFolder) throws -> [Finding] {
        var o = options(dir)
        o.focused = false
        o.parseCache = false
        return try CheckCommand.run(o).findings
    }

    static func cacheFile(_ dir: TemporaryFolder) -> URL { dir.url.appendingPathComponent(".git/isms/documents.cache") }

    /// check --staged as the hook runs it (focused, cache as it is, then warm) and with neither: the same findings,
    /// which are returned.
    @discardableResult
    static func compare(_ dir: TemporaryFolder, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Finding] {
        let first = try CheckCommand.run(options(dir)).findings
        #expect(FileManager.default.fileExists(atPath: cacheFile(dir).path), "\(what): no parse cache written", sourceLocation: sourceLocation)
        let warm = try CheckCommand.run(options(dir)).findings
        let everything = try full(dir)
        for (name, findings) in [("focused", first), ("focused, warm cache", warm)] {
            #expect(findings == everything, "\(what): \(name) and full checks differ\nonly \(name): \(Set(findings).subtracting(everything))\nonly full: \(Set(everything).subtracting(findings))", sourceLocation: sourceLocation)
        }
        return first
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

    /// A damaged or foreign cache file is ignored whole (and replaced), never trusted in part.
    @Test func aCorruptOrStaleCacheIsIgnored() throws {
        let dir = try Self.repository()
        let paths = try GitCLI.run(["ls-files", "*.md"], in: dir.url).stdout.split(separator: "\n").map(String.init)
        for p in paths { Self.append(dir, p, "\nOne more sentence.\n") }
        try Self.git(dir, "add", "-A")
        let expected = try Self.full(dir)
        #expect(try CheckCommand.run(Self.options(dir)).findings == expected)
        let good = try Data(contentsOf: Self.cacheFile(dir))
        #expect(good.count > 10_000)

        func damaged(_ name: String, _ bytes: Data) throws {
            try bytes.write(to: Self.cacheFile(dir))
            let findings = try CheckCommand.run(Self.options(dir)).findings
            #expect(findings == expected, "\(name): \(Set(findings).symmetricDifference(expected))")
            #expect(try Data(contentsOf: Self.cacheFile(dir)) == good, "\(name): the cache was not rewritten")
        }
        var flipped = good
        flipped[good.count / 2] ^= 0x20
        try damaged("one byte flipped", flipped)
        try damaged("cut short", good.prefix(good.count / 3))
        try damaged("garbage", Data(repeating: 0x41, count: 5000))
        try damaged("empty", Data())
        // Written by another build of isms (its parser may read the same bytes differently), with a right checksum.
        var foreign = [UInt8](good)
        let magic = Array("ISMSPC01".utf8)
        let buildLength = Int(foreign[8]) | Int(foreign[9]) << 8
        // The build: isms's version and the linker's build id of the program that wrote it (here, the test program), as
        // binutils reads it; the history cache is tied to the same id.
        let program = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let notes = try runProcess("/usr/bin/env", ["readelf", "-n", program]).stdout
        let id = try #require(notes.split(separator: "\n").first { $0.contains("Build ID:") }?.split(separator: " ").last)
        // Then the shared libraries it read with (the system's: an upgrade changes them under the same build).
        #expect(String(decoding: foreign[12..<(12 + buildLength)], as: UTF8.self)
                == "\(ToolInfo.version)|\(id.prefix(40))|\(ProgramBuild.linkedLibraries); \(MarkdownBody.parserVersion)")
        #expect(MarkdownBody.parserVersion.hasPrefix("cmark-gfm 0."))
        func resealed(_ bytes: [UInt8]) -> Data {
            var bytes = bytes
            let sum = bytes.withUnsafeBufferPointer { ParseCache.checksum(UnsafeBufferPointer(rebasing: $0[..<(bytes.count - 8)])) }
            for i in 0..<8 { bytes[bytes.count - 8 + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
            return Data(bytes)
        }
        let idEnd = 12 + "\(ToolInfo.version)|".utf8.count + 40
        foreign[idEnd - 1] ^= 0x01   // another build of isms
        #expect(Array(foreign.prefix(8)) == magic)
        try damaged("written by another build", resealed(foreign))
        foreign = [UInt8](good)
        foreign[12 + buildLength - 1] ^= 0x01   // another cmark-gfm (the last digit of its version)
        try damaged("written with another cmark-gfm", resealed(foreign))
    }
}
