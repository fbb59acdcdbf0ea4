import Foundation
import GitKit
import ISMSModel
@testable import ISMSTool
import Testing
import TestSupport

/// `isms history` answers a question asked again over the same history from its last output, and never once any
/// input of that output changed. Each case keeps an output, replaces what is kept with a marker (so a run that read
/// it back shows it), changes one input, and expects the fresh answer instead of the marker.
@Suite(.serialized) struct ResultMemoTests {
    static let marker = "KEPT OUTPUT READ BACK\n"

    static func options(_ dir: TemporaryFolder, _ format: HistoryCommand.Format = .json) -> HistoryCommand.Options {
        var o = HistoryCommand.Options()
        o.path = dir.url.appendingPathComponent("isms").path
        o.format = format
        return o
    }

    static func memo(_ dir: TemporaryFolder, _ format: HistoryCommand.Format = .json) -> URL {
        dir.url.appendingPathComponent(".git/isms/history-result-\(format.rawValue).memo")
    }

    /// The object folders dated in the past (2026-01-01, plus `later` seconds): a memo is only kept once the objects
    /// have not changed for a moment. The same date each time, so only the input a case changes differs.
    static func settle(_ dir: TemporaryFolder, later: TimeInterval = 0) throws {
        let objects = dir.url.appendingPathComponent(".git/objects")
        let past = Date(timeIntervalSince1970: 1_767_225_600 + later)
        for name in try FileManager.default.contentsOfDirectory(atPath: objects.path) + [""] {
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: objects.appendingPathComponent(name).path)
        }
    }

    /// The kept output replaced by the marker, all else (the digest, the revisions) as written.
    static func plantMarker(_ dir: TemporaryFolder, _ format: HistoryCommand.Format = .json) throws {
        var bytes = [UInt8](try Data(contentsOf: memo(dir, format)))
        func u64(_ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        var at = 8
        at += 8 + u64(at)                                  // the digest
        let revisions = u64(at); at += 8
        for _ in 0..<(2 * revisions) { at += 8 + u64(at) }  // each revision's name and commit
        let text = Array(marker.utf8)
        bytes = Array(bytes[..<at]) + withUnsafeBytes(of: UInt64(text.count).littleEndian, Array.init) + text
        try Data(bytes).write(to: memo(dir, format))
    }

    /// A repository with an output kept and the marker in its place; returns the output first made.
    static func keptAndMarked(_ dir: TemporaryFolder, _ format: HistoryCommand.Format = .json) throws -> String {
        try settle(dir)
        let first = try HistoryCommand.run(options(dir, format))
        #expect(first.exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: memo(dir, format).path), "no output kept")
        try plantMarker(dir, format)
        #expect(try HistoryCommand.run(options(dir, format)).text == marker, "the kept output was not read back")
        return first.text
    }

    /// The answer made afresh (nothing kept), for comparison.
    static func fresh(_ dir: TemporaryFolder, _ format: HistoryCommand.Format = .json) throws -> String {
        try? FileManager.default.removeItem(at: memo(dir, format))
        return try HistoryCommand.run(options(dir, format)).text
    }

    @Test func sameInputsSameOutputReadBack() throws {
        let dir = try HistoryTests.makeRepository()
        try Self.settle(dir)
        let first = try HistoryCommand.run(Self.options(dir)).text
        let again = try HistoryCommand.run(Self.options(dir)).text
        #expect(again == first)
        // And through the program users run (its own build: its own memo), the second time read back.
        let args = ["history", "--all", "--format", "json", "--in", "isms"]
        let made = try ISMSBinary.run(args, in: dir.url, environment: ["ISMS_TRACE": "1"])
        let readBack = try ISMSBinary.run(args, in: dir.url, environment: ["ISMS_TRACE": "1"])
        #expect(made.status == 0 && readBack.status == 0)
        #expect(!made.stderr.contains("output read back"))
        #expect(readBack.stderr.contains("output read back"), "\(readBack.stderr)")
        #expect(made.stdout == first && readBack.stdout == first)
    }

    @Test func aDocumentEditedInTheWorkingTree() throws {
        let dir = try HistoryTests.makeRepository()
        _ = try Self.keptAndMarked(dir)
        dir.write("isms/policies/p2.md", HistoryTests.policy("POL-2", version: "1.1", body: "Side change.").replacingOccurrences(of: "title: Policy POL-2", with: "title: Renamed policy"))
        let out = try HistoryCommand.run(Self.options(dir)).text
        #expect(out != Self.marker)
        #expect(out.contains("Renamed policy"))
    }

    @Test func aDocumentAddedOrRemovedInTheWorkingTree() throws {
        let dir = try HistoryTests.makeRepository()
        _ = try Self.keptAndMarked(dir)
        try FileManager.default.removeItem(at: dir.url.appendingPathComponent("isms/policies/p2.md"))
        let out = try HistoryCommand.run(Self.options(dir)).text
        #expect(out != Self.marker)
        #expect(out == (try Self.fresh(dir)))
    }

    @Test func aNewCommit() throws {
        let dir = try HistoryTests.makeRepository()
        _ = try Self.keptAndMarked(dir)
        dir.write("isms/policies/p2.md", HistoryTests.policy("POL-2", version: "1.9", body: "Later."))
        let id = try GitCLI.commitAll(dir, "Later change\n\nApproved-by: Carol <carol@example.com>", date: "2026-02-01T10:00:00Z", author: HistoryTests.bob)
        try Self.settle(dir)
        let out = try HistoryCommand.run(Self.options(dir)).text
        #expect(out.contains("\"\(id.prefix(7))\""))
    }

    /// HEAD moved to an earlier commit, no object added: the history is another.
    @Test func headMovedBack() throws {
        let dir = try HistoryTests.makeRepository()
        _ = try Self.keptAndMarked(dir)
        try GitCLI.run(["reset", "-q", "--soft", "HEAD~1"], in: dir.url)
        try Self.settle(dir)
        let out = try HistoryCommand.run(Self.options(dir)).text
        #expect(out != Self.marker)
        #expect(out == (try Self.fresh(dir)))
    }

    @Test func theConfigurationEdited() throws {
        let dir = try HistoryTests.makeRepository()
        let before = try Self.keptAndMarked(dir)
        dir.write("isms/isms.yml", HistoryTests.config + "ignore:\n  - policies/p2.md\n")
        let out = try HistoryCommand.run(Self.options(dir)).text
        #expect(out != Self.marker)
        #expect(out != before, "a document ignored")
        #expect(out == (try Self.fresh(dir)))
    }

    @Test func theAbbreviationSetting() throws {
        let dir = try HistoryTests.makeRepository()
        _ = try Self.keptAndMarked(dir, .text)
        try GitCLI.run(["config", "core.abbrev", "12"], in: dir.url)
        let out = try HistoryCommand.run(Self.options(dir, .text)).text
        #expect(out != Self.marker)
        let head = try GitCLI.run(["rev-parse", "--short=12", "HEAD"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(out.contains(head))
    }

    /// Any object added (abbreviations are unique among all objects) is a change.
    @Test func anObjectAdded() throws {
        let dir = try HistoryTests.makeRepository()
        _ = try Self.keptAndMarked(dir)
        let id = try runProcess("/bin/sh", ["-c", "echo unrelated | git hash-object -w --stdin"], in: dir.url, environment: GitCLI.environment())
            .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // Just now: not vouched for, made afresh (and nothing kept).
        #expect(try HistoryCommand.run(Self.options(dir)).text != Self.marker)
        // Later: only the new object's folder has another time than when the output was kept.
        let folder = dir.url.appendingPathComponent(".git/objects/\(id.prefix(2))").path
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_767_225_660)], ofItemAtPath: folder)
        #expect(try HistoryCommand.run(Self.options(dir)).text != Self.marker)
    }

    /// `change_control.since` naming a tag: moving the tag changes which commits are exempt.
    @Test func theSinceTagMoved() throws {
        let dir = try HistoryTests.makeRepository()
        let commits = try GitCLI.run(["rev-list", "--first-parent", "--reverse", "HEAD"], in: dir.url).lines
        try GitCLI.run(["tag", "adopted", commits[1]], in: dir.url)
        dir.write("isms/isms.yml", "version: 1\nchange_control:\n  since: adopted\n")
        try GitCLI.commitAll(dir, "Adopt at a tag\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-20T10:00:00Z", author: HistoryTests.alice)
        let before = try Self.keptAndMarked(dir)
        try GitCLI.run(["tag", "-f", "adopted", commits[4]], in: dir.url)
        let out = try HistoryCommand.run(Self.options(dir)).text
        #expect(out != Self.marker)
        #expect(out != before)
        #expect(out == (try Self.fresh(dir)))
    }

    @Test func eachFormatItsOwn() throws {
        let dir = try HistoryTests.makeRepository()
        _ = try Self.keptAndMarked(dir, .json)
        let md = try HistoryCommand.run(Self.options(dir, .md)).text
        #expect(md != Self.marker)
        #expect(md.contains("|"))
    }

    /// A damaged file is not an answer: the output is made afresh.
    @Test func aDamagedMemoIsIgnored() throws {
        let dir = try HistoryTests.makeRepository()
        let first = try Self.keptAndMarked(dir)
        let memo = Self.memo(dir)
        let bytes = try Data(contentsOf: memo)
        for damaged in [bytes.prefix(bytes.count - 3), bytes.prefix(20), Data("garbage".utf8), bytes + Data([0])] {
            try damaged.write(to: memo)
            #expect(try HistoryCommand.run(Self.options(dir)).text == first)
        }
        // Not a file: a named pipe is never opened (the read would block), a folder is not read.
        try FileManager.default.removeItem(at: memo)
        #expect(mkfifo(memo.path, 0o600) == 0)
        #expect(try HistoryCommand.run(Self.options(dir)).text == first)
        try FileManager.default.removeItem(at: memo)
        try FileManager.default.createDirectory(at: memo, withIntermediateDirectories: false)
        #expect(try HistoryCommand.run(Self.options(dir)).text == first)
    }

    /// Inputs from outside the repository (an approvals file, signature checks), or one document asked for: never
    /// from the memo.
    @Test func notUsedForOtherQuestions() throws {
        let dir = try HistoryTests.makeRepository()
        _ = try Self.keptAndMarked(dir)
        var one = Self.options(dir)
        one.document = "POL-2"
        #expect(try HistoryCommand.run(one).text != Self.marker)
        dir.write("approvals.json", "[]")
        var approvals = Self.options(dir)
        approvals.approvalsFile = dir.url.appendingPathComponent("approvals.json").path
        #expect(try HistoryCommand.run(approvals).text != Self.marker)
    }

    /// Objects changed a moment ago: no output is kept (a change within the same clock tick would not show).
    @Test func notKeptRightAfterObjectsChanged() throws {
        let dir = try HistoryTests.makeRepository()
        #expect(try HistoryCommand.run(Self.options(dir)).exitCode == 0)
        #expect(!FileManager.default.fileExists(atPath: Self.memo(dir).path))
    }
}
