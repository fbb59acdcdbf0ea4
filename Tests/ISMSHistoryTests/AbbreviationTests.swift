import Foundation
@testable import GitKit
import Testing
import TestSupport

/// Commit ids are shown abbreviated as git shows them: the shortest prefix (`core.abbrev` digits or more) that no
/// other object shares. Worked out from the packs' indexes and the loose objects' names; git itself is the oracle.
@Suite(.serialized) struct AbbreviationTests {
    /// Thousands of objects, packed and loose, commits among them, abbreviated to 4 digits: many share 4, 5 or 6
    /// leading digits with another object.
    static func crowdedRepository() throws -> TemporaryFolder {
        let dir = TemporaryFolder("isms-abbrev")
        try GitCLI.initRepository(dir)
        try GitCLI.run(["config", "core.abbrev", "4"], in: dir.url)
        // 3,000 blobs and 400 commits into a pack (fast-import writes one)...
        var stream = ""
        for i in 0..<3000 { let text = "packed object \(i)\n"; stream += "blob\nmark :\(i + 1)\ndata \(text.utf8.count)\n\(text)\n" }
        for i in 0..<400 {
            let message = "packed commit \(i)\n"
            stream += "commit refs/heads/main\ncommitter A <a@example.com> \(1_700_000_000 + i) +0000\ndata \(message.utf8.count)\n\(message)"
                + "M 100644 :\(i * 7 + 1) file-\(i % 50).txt\n\n"
        }
        _ = try runProcess(GitCLI.path, ["fast-import", "--quiet"], in: dir.url, environment: GitCLI.environment(), stdin: stream)
        // ...then 1,500 loose blobs and 100 loose commits.
        var paths: [String] = []
        for i in 0..<1500 {
            dir.write("loose-\(i).txt", "loose object \(i)\n")
            paths.append("loose-\(i).txt")
        }
        try #require(try runProcess(GitCLI.path, ["hash-object", "-w", "--stdin-paths"], in: dir.url, environment: GitCLI.environment(),
                                    stdin: paths.joined(separator: "\n") + "\n").status == 0)
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        for i in 0..<100 { try GitCLI.run(["commit", "-q", "--allow-empty", "-m", "loose commit \(i)"], in: dir.url) }
        return dir
    }

    /// Every commit with the abbreviation git prints for it.
    static func gitAbbreviations(_ dir: TemporaryFolder) throws -> (ids: [ObjectID], lengths: [Int]) {
        let lines = try GitCLI.run(["log", "--all", "--format=%H %h"], in: dir.url).lines.map { $0.split(separator: " ") }
        return (lines.compactMap { ObjectID(hex: String($0[0])) }, lines.map { $0[1].count })
    }

    @Test func abbreviationsAreGitsOwn() throws {
        let dir = try Self.crowdedRepository()
        #expect(try GitCLI.run(["count-objects", "-v"], in: dir.url).stdout.contains("count: 1600"), "1,500 loose blobs, 100 loose commits")
        let (ids, git) = try Self.gitAbbreviations(dir)
        #expect(ids.count == 500)
        let repository = try Repository.open(at: dir.url)
        #expect(repository.abbreviations(of: ids) == git)
        #expect(repository.abbreviationsThroughLibgit2(of: ids, base: 4) == git)
        // Worth checking: the crowd needed longer prefixes.
        #expect(Set(git).isSuperset(of: [4, 5]), "\(Set(git))")
    }

    /// Objects borrowed from another repository (alternates) are asked of libgit2, which sees them.
    @Test func borrowedObjectsAreCounted() throws {
        let lender = try Self.crowdedRepository()
        let dir = TemporaryFolder("isms-abbrev-borrower")
        try GitCLI.run(["clone", "-q", "--shared", lender.path, dir.path], in: lender.url)
        try GitCLI.run(["config", "core.abbrev", "4"], in: dir.url)
        #expect(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent(".git/objects/info/alternates").path))
        let (ids, git) = try Self.gitAbbreviations(dir)
        #expect(ids.count == 500)
        #expect(try Repository.open(at: dir.url).abbreviations(of: ids) == git)
    }

    /// Unset, `core.abbrev` grows with the repository as git's does (libgit2 stays at 7): 17,000 packed objects make
    /// 8 digits. Set to a number, or to no, it is taken as git takes it.
    @Test func theDefaultLengthGrowsWithTheRepository() throws {
        let dir = TemporaryFolder("isms-abbrev-large")
        try GitCLI.initRepository(dir)
        var stream = ""
        for i in 0..<17_000 { let text = "object \(i)\n"; stream += "blob\nmark :\(i + 1)\ndata \(text.utf8.count)\n\(text)\n" }
        for i in 0..<20 {
            stream += "commit refs/heads/main\ncommitter A <a@example.com> \(1_700_000_000 + i) +0000\ndata 2\nc\nM 100644 :\(i + 1) f.txt\n\n"
        }
        _ = try runProcess(GitCLI.path, ["fast-import", "--quiet"], in: dir.url, environment: GitCLI.environment(), stdin: stream)
        let repository = try Repository.open(at: dir.url)
        for setting in [nil, "auto", "12", "no"] as [String?] {
            if let setting { try GitCLI.run(["config", "core.abbrev", setting], in: dir.url) }
            let (ids, git) = try Self.gitAbbreviations(dir)
            #expect(Set(git) == [setting == "12" ? 12 : setting == "no" ? 40 : 8], "core.abbrev \(setting ?? "unset")")
            #expect(repository.abbreviations(of: ids) == git, "core.abbrev \(setting ?? "unset")")
        }
    }
}
