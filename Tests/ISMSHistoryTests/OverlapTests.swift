import Foundation
import GitKit
@testable import ISMSHistory
import ISMSModel
import ISMSReport
import ISMSRules
@testable import ISMSTool
import Testing
import TestSupport

/// The phases of `isms history` that run side by side (the cache written while the command goes on, the rows built on
/// every core) give what they gave one after another.
@Suite(.serialized) struct OverlapTests {
    static func cacheKey(_ config: Configuration, root: String) -> [String] {
        config.ignore + ["\u{0}configuration:" + HistoryReader.configurationPath(root: root, configuration: config)]
    }

    static func open(_ dir: TemporaryFolder) throws -> (Repository, Configuration) {
        let repo = try #require(try Repository.discover(containing: dir.url))
        return (repo, try Configuration.parse(try #require(dir.read("isms/isms.yml")), path: "isms/isms.yml"))
    }

    /// `read` returns with the cache on disk, whole and trusted: a read right after it analyses no commit again.
    @Test func cacheIsWrittenWhenReadReturns() throws {
        let dir = try HistoryTests.makeRepository()
        let (repo, config) = try Self.open(dir)
        let history = try HistoryReader.read(repo, .init(root: "isms", configuration: config))
        let cache = try #require(HistoryCache.load(repository: repo, root: "isms", ignore: Self.cacheKey(config, root: "isms")),
                                 "the cache was not there, or not whole, when read returned")
        #expect(cache.commits.count == history.walkedCount)
        #expect(cache.people != nil)
        // Nothing new: the second read writes nothing, so it took every commit from the cache.
        let (again, write) = try HistoryReader.readWritingCacheInBackground(repo, .init(root: "isms", configuration: config))
        #expect(write == nil)
        #expect(again.commits.map(\.id) == history.commits.map(\.id))
    }

    /// A cache written by the same isms build with other shared libraries (an upgraded libgit2 or zlib, which may read
    /// some object differently) is not trusted: their versions are in the checked header.
    @Test func cacheFromOtherLibrariesIsIgnored() throws {
        let dir = try HistoryTests.makeRepository()
        let (repo, config) = try Self.open(dir)
        _ = try HistoryReader.read(repo, .init(root: "isms", configuration: config))
        let url = HistoryCache.url(repo, root: "isms", ignore: Self.cacheKey(config, root: "isms"))
        #expect(HistoryCache.load(repository: repo, root: "isms", ignore: Self.cacheKey(config, root: "isms")) != nil)
        var bytes = [UInt8](try Data(contentsOf: url))
        let libraries = Array(ProgramBuild.linkedLibraries.utf8), at = 8 + ProgramBuild.identity.count
        #expect(ProgramBuild.linkedLibraries.hasPrefix("libgit2 1.") && ProgramBuild.linkedLibraries.contains("; zlib 1."))
        #expect(Array(bytes[at..<at + libraries.count]) == libraries)
        bytes[at + libraries.count - 1] ^= 1   // the last digit of zlib's version
        try Data(bytes).write(to: url)
        #expect(HistoryCache.load(repository: repo, root: "isms", ignore: Self.cacheKey(config, root: "isms")) == nil)
    }

    /// Written in the background, the cache is whole once the write is joined, and the next read trusts it.
    @Test func cacheWrittenInTheBackgroundIsWholeOnceJoined() throws {
        let dir = try HistoryTests.makeRepository()
        let (repo, config) = try Self.open(dir)
        let (history, write) = try HistoryReader.readWritingCacheInBackground(repo, .init(root: "isms", configuration: config))
        let started = try #require(write, "a first read must write the cache")
        started.join()
        started.join()   // (joining twice is harmless)
        let cache = try #require(HistoryCache.load(repository: repo, root: "isms", ignore: Self.cacheKey(config, root: "isms")))
        #expect(cache.commits.count == history.walkedCount)
        // No temporary file is left beside it.
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent(".git/isms").path)
        #expect(files.allSatisfy { !$0.hasSuffix(".tmp") }, "\(files)")
        let (again, second) = try HistoryReader.readWritingCacheInBackground(repo, .init(root: "isms", configuration: config))
        #expect(second == nil)
        #expect(again.commits.count == history.commits.count)
    }

    /// `isms history` writes the cache beside the rest of the command, and returns only once it is written.
    @Test func historyCommandReturnsWithTheCacheWritten() throws {
        let dir = try Self.manyDocuments()
        var o = HistoryCommand.Options()
        o.path = dir.url.appendingPathComponent("isms").path
        o.format = .json
        let out = try HistoryCommand.run(o)
        #expect(out.exitCode == 0)
        let (repo, config) = try Self.open(dir)
        let cache = try #require(HistoryCache.load(repository: repo, root: "isms", ignore: Self.cacheKey(config, root: "isms")),
                                 "the cache was not there, or not whole, when the command returned")
        #expect(cache.commits.count == 15)
        // And the next run gives the same answer from it.
        #expect(try HistoryCommand.run(o).text == out.text)
    }

    /// A repository with many documents and many revisions each, one document deleted.
    static func manyDocuments() throws -> TemporaryFolder {
        let dir = TemporaryFolder("isms-overlap")
        try GitCLI.initRepository(dir)
        dir.write("isms/isms.yml", HistoryTests.config)
        dir.write("isms/people.md", HistoryTests.people)
        for d in 0..<40 { dir.write("isms/policies/p\(d).md", HistoryTests.policy("POL-\(d)", version: "1.0")) }
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: HistoryTests.alice)
        for round in 1...14 {
            // Every document but a few changes in each round; some rounds are approved, some not.
            for d in 0..<40 where (d + round) % 7 != 0 {
                dir.write("isms/policies/p\(d).md", HistoryTests.policy("POL-\(d)", version: "1.\(round)", body: "Round \(round)."))
            }
            if round == 9 { try GitCLI.run(["rm", "-q", "isms/policies/p5.md"], in: dir.url) }
            let trailer = round % 3 == 0 ? "" : "\n\nApproved-by: Carol <carol@example.com>"
            try GitCLI.commitAll(dir, "Round \(round)\(trailer)", date: String(format: "2026-01-%02dT10:00:00Z", 6 + round), author: HistoryTests.bob)
        }
        return dir
    }

    /// The rows built in runs on every core are the rows built one after another, in the same order.
    @Test func rowsInParallelAreTheSerialRows() throws {
        let dir = try Self.manyDocuments()
        let (repo, config) = try Self.open(dir)
        var history = try HistoryReader.read(repo, .init(root: "isms", configuration: config))
        let ledger = ChangeControlLedger.settle(&history, config)
        let byChange = Dictionary(ledger.assessments.map { ("\($0.commit.id) \($0.change.path)", $0) }, uniquingKeysWith: { a, _ in a })
        let present = (0..<40).filter { $0 != 5 }.map { "isms/policies/p\($0).md" } + ["isms/people.md", "isms/policies/none.md"]
        let all = HistoryCommand.revisions(of: present, andDeleted: ["isms/policies/p5.md"], in: history)
        let lists = all.present + all.deleted
        let total = lists.reduce(0) { $0 + $1.count }
        #expect(total > 500 && lists.contains { $0.isEmpty } && !all.deleted[0].isEmpty)
        func row(_ r: DocumentRevision, _ days: inout HistoryCommand.DayNames) -> RevisionRow {
            HistoryCommand.row(r, byChange["\(r.commit.id) \(r.change.path)"], exempt: false, allowance: 30, days: &days)
        }
        var days = HistoryCommand.DayNames()
        let serial = lists.map { $0.map { row($0, &days) } }
        func json(_ rows: [[RevisionRow]]) -> String {
            RevisionTable.json(zip(present + ["isms/policies/p5.md"], rows).map { DocumentRevisions(path: $0, id: nil, title: nil, rows: $1) }, truncated: nil)
        }
        for runs in [1, 2, 3, 7, 16, 100] {
            let parallel = HistoryCommand.rowsInParallel(lists, runs: runs, row)
            #expect(parallel.map(\.count) == serial.map(\.count), "runs: \(runs)")
            #expect(json(parallel) == json(serial), "runs: \(runs)")
        }
    }

    /// The documents are read through a libgit2 handle of their own (the history reads through the workspace's),
    /// and give the same documents as through the workspace's handle.
    @Test func documentsReadThroughTheirOwnHandle() throws {
        let dir = try Self.manyDocuments()
        let workspace = try Workspace.locate(dir.url.appendingPathComponent("isms").path)
        let repo = try #require(workspace.repository)
        let own = try #require(HistoryCommand.separateSource(workspace.source, of: repo))
        #expect(own.repository !== repo)
        #expect(own.root == workspace.source.root && own.base == workspace.source.base && own.boundary == workspace.source.boundary)
        let load = { (s: WorkingTreeSource) in
            try ISMSLoader.load(from: s, configuration: workspace.configuration, rootPath: workspace.rootPath, parseBody: false).documents.map { "\($0.path) \($0.id ?? "")" }
        }
        #expect(try load(own) == load(workspace.source))
    }
}
