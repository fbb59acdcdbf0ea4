import Foundation
import GitKit
import ISMSHistory
import ISMSModel
import Testing
import TestSupport

/// Who had authority at a commit is the people registry at its first parent. The reader finds it once per stretch
/// of commits that left the registry alone; git itself says which version was at each parent.
@Suite(.serialized) struct RegistryStretchTests {
    static func people(_ version: String, extra: String = "") -> String {
        HistoryTests.people.replacingOccurrences(of: "version: \"1.0\"", with: "version: \"\(version)\"") + "\n\(extra)\n"
    }

    /// Edited on a branch and brought in by a merge, edited on main, deleted, added again; the policies edited
    /// between each step, on both branches.
    static func repository() throws -> TemporaryFolder {
        let dir = TemporaryFolder("isms-registry-stretch")
        try GitCLI.initRepository(dir)
        var day = 5
        func commit(_ message: String) throws {
            try GitCLI.commitAll(dir, message, date: String(format: "2026-01-%02dT10:00:00Z", day), author: HistoryTests.bob)
            day += 1
        }
        func edit(_ n: Int, _ body: String) throws {
            dir.write("isms/policies/p\(n).md", HistoryTests.policy("POL-\(n)", version: "1.\(day)", body: body))
            try commit("Edit POL-\(n): \(body)")
        }
        dir.write("isms/isms.yml", HistoryTests.config)
        dir.write("isms/people.md", people("1.0"))
        for i in 1...2 { dir.write("isms/policies/p\(i).md", HistoryTests.policy("POL-\(i)", version: "1.0")) }
        try commit("Import")
        try edit(1, "first on main")
        try GitCLI.run(["checkout", "-q", "-b", "side"], in: dir.url)
        try edit(2, "on the branch, before its registry change")
        dir.write("isms/people.md", people("1.1", extra: "Changed on the branch."))
        try commit("Registry changed on the branch")
        try edit(2, "on the branch, after its registry change")
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        try edit(1, "on main while the branch is open")
        try GitCLI.run(["merge", "-q", "--no-ff", "-m", "Merge side", "side"], in: dir.url, date: "2026-01-20T10:00:00Z", author: HistoryTests.carol)
        day += 1
        try edit(2, "after the merge")
        dir.write("isms/people.md", people("1.2", extra: "Changed on main."))
        try commit("Registry changed on main")
        try edit(1, "after the registry change on main")
        try GitCLI.run(["rm", "-q", "isms/people.md"], in: dir.url)
        try commit("Registry deleted")
        try edit(1, "with no registry")
        dir.write("isms/people.md", people("2.0"))
        try commit("Registry added again")
        try edit(2, "last")
        return dir
    }

    @Test func theRegistryAtEachCommitsParentIsTheOneGitHasThere() throws {
        let dir = try Self.repository()
        let repository = try Repository.open(at: dir.url)
        var options = HistoryReader.Options(root: "isms", configuration: try Configuration.parse(HistoryTests.config, path: "isms/isms.yml"))
        options.useCache = false
        let history = try HistoryReader.read(repository, options)
        #expect(history.commits.count == 13, "every commit changed a document: \(history.commits.map(\.subject))")
        var versions: Set<String> = []
        for c in history.commits {
            let atParent = c.parents.first.flatMap { parent in try? GitCLI.run(["rev-parse", "--verify", "-q", "\(parent):isms/people.md"], in: dir.url)
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
            #expect(c.authorityVersion == atParent, "\(c.subject): the registry at its first parent is \(atParent ?? "absent"), read \(c.authorityVersion ?? "none")")
            if let v = c.authorityVersion { versions.insert(v) }
        }
        // The history is worth the check: every version of the registry granted authority to some commit.
        #expect(versions.count == 4, "\(versions)")
        // And the cache remembers the same (a second read takes every commit from it).
        let cached = try HistoryReader.read(repository, { var o = options; o.useCache = true; return o }())
        let again = try HistoryReader.read(repository, { var o = options; o.useCache = true; return o }())
        #expect(cached.commits.map(\.authorityVersion) == history.commits.map(\.authorityVersion))
        #expect(again.commits.map(\.authorityVersion) == history.commits.map(\.authorityVersion))
    }

    /// The registry is found by its front matter's type however the value is written (quoted here), as the registry
    /// itself is read; a document that only mentions "type: people" in its body grants nothing.
    @Test func theRegistryIsFoundByItsTypeHoweverWritten() throws {
        let dir = TemporaryFolder("isms-registry-quoted")
        try GitCLI.initRepository(dir)
        dir.write("isms/isms.yml", HistoryTests.config)
        dir.write("isms/a-people.md", HistoryTests.people.replacingOccurrences(of: "type: people", with: "type: \"people\""))
        dir.write("isms/0-notes.md", HistoryTests.policy("POL-9", version: "1.0", body: "type: people\n\nNot a registry."))
        dir.write("isms/policies/p1.md", HistoryTests.policy("POL-1", version: "1.0"))
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: HistoryTests.bob)
        dir.write("isms/policies/p1.md", HistoryTests.policy("POL-1", version: "1.1", body: "edited"))
        try GitCLI.commitAll(dir, "Edit POL-1", date: "2026-01-06T10:00:00Z", author: HistoryTests.bob)
        let registry = try GitCLI.run(["rev-parse", "HEAD:isms/a-people.md"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let repository = try Repository.open(at: dir.url)
        var options = HistoryReader.Options(root: "isms", configuration: try Configuration.parse(HistoryTests.config, path: "isms/isms.yml"))
        for useCache in [false, true, true] {
            options.useCache = useCache
            let history = try HistoryReader.read(repository, options)
            let edit = try #require(history.commits.first { $0.subject == "Edit POL-1" })
            #expect(edit.authorityVersion == registry)
            #expect(edit.authority.person("carol") != nil)
        }
    }
}
