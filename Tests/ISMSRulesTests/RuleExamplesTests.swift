import Foundation
import GitKit
import ISMSHistory
import ISMSModel
import ISMSRules
import ISMSTool
import Testing
import TestSupport

/// Every rule's description carries its examples; they are its tests. A triggering example must produce findings of
/// the rule exactly where its `↓` markers stand; a non-triggering one must produce none.
struct RuleExamplesTests {
    struct Marked {
        var texts: [String: String] = [:]
        var markers: Set<String> = []
    }

    static func strip(_ example: RuleExample) -> Marked {
        var m = Marked()
        for (path, text) in example.files { m.texts[path] = strip(text, path: path, into: &m.markers) }
        return m
    }

    static func strip(_ text: String, path: String, into markers: inout Set<String>) -> String {
        var clean = ""
        var line = 1, column = 1
        for ch in text {
            if ch == RuleExample.marker { markers.insert("\(path):\(line):\(column)"); continue }
            clean.append(ch)
            if ch == "\n" || ch == "\r\n" { line += 1; column = 1 } else { column += ch.unicodeScalars.count }
        }
        return clean
    }

    /// A history example, made for real: a git repository with one commit per step, read back through libgit2.
    static func historyFindings(_ example: RuleExample) throws -> (findings: [Finding], markers: Set<String>) {
        let dir = TemporaryFolder("isms-example")
        try GitCLI.initRepository(dir)
        var markers: Set<String> = []
        for (path, text) in example.files { dir.write(path, strip(text, path: path, into: &markers)) }
        try GitCLI.commitAll(dir, "Initial ISMS", date: "2026-01-05T09:00:00Z", author: ("Alice Adams", "alice@example.com"))
        var made: [String] = []   // the ids of the example's commits so far, for `{{commit:N}}`
        for step in example.commits {
            for (from, to) in step.renames { try GitCLI.run(["mv", from, to], in: dir.url) }
            for (path, text) in step.files {
                if let text { dir.write(path, strip(commitPlaceholders(text, made), path: path, into: &markers)) } else { try FileManager.default.removeItem(at: dir.url.appendingPathComponent(path)) }
            }
            let email = step.author.contains("@") ? step.author : "\(step.author)@example.com"
            made.append(try GitCLI.commitAll(dir, step.message, date: "\(step.date)T12:00:00Z", author: (step.author, email)))
        }
        var config = Configuration()
        if let yml = dir.read("isms.yml") { config = try Configuration.parse(yml, path: "isms.yml") }
        let repo = try #require(try Repository.discover(containing: dir.url))
        let source = WorkingTreeSource(root: dir.url, repository: repo, displayBase: dir.url)
        let isms = try ISMSLoader.load(from: source, configuration: config, rootPath: "", catalog: AnnexACatalog.iso27001_2022.subset([]))
        var history = try HistoryReader.read(repo, .init(root: "", configuration: config))
        let head = try #require(try repo.headCommitID())
        history.fixes = FixResolver.resolve(isms, repository: repo, head: head)
        return (LintEngine().run(RuleContext(isms: isms, today: Day(example.today)!, history: history)), markers)
    }

    /// `{{commit:N}}` in a commit's file text stands for the full id of the example's N-th commit (1-based), made earlier.
    static func commitPlaceholders(_ text: String, _ made: [String]) -> String {
        var out = text
        for (i, id) in made.enumerated() { out = out.replacingOccurrences(of: "{{commit:\(i + 1)}}", with: id) }
        return out
    }

    static func findings(_ example: RuleExample, _ texts: [String: String]) throws -> [Finding] {
        var config = Configuration()
        if let yml = texts["isms.yml"] { config = try Configuration.parse(yml, path: "isms.yml") }
        let catalog = example.catalog.map { AnnexACatalog.iso27001_2022.subset($0) } ?? .iso27001_2022
        let source = InMemorySource(texts: texts.filter { !config.isIgnored($0.key) })
        let docs = try source.markdownFiles().map { Document.load($0) }
        let isms = ISMS(configuration: config, documents: docs, catalog: catalog, source: source)
        return LintEngine().run(RuleContext(isms: isms, today: Day(example.today)!))
    }

    static let ruleIDs = RuleRegistry.all.map { $0.description.id }

    @Test("triggering examples fire where marked", arguments: ruleIDs)
    func triggering(_ id: String) throws {
        let d = try #require(RuleRegistry.rule(id)).description
        for (i, example) in d.triggering.enumerated() {
            var marked = Self.strip(example)
            var all: [Finding]
            if example.commits.isEmpty { all = try Self.findings(example, marked.texts) } else { (all, marked.markers) = try Self.historyFindings(example) }
            #expect(!marked.markers.isEmpty, "\(id) triggering example \(i + 1) has no ↓ marker")
            let got = all.filter { $0.rule == id }
            let positions = Set(got.map { "\($0.path):\($0.line):\($0.column)" })
            #expect(positions == marked.markers, "\(id) triggering example \(i + 1): expected \(marked.markers.sorted()), got \(got.map { "\($0.path):\($0.line):\($0.column) \($0.message)" })")
        }
    }

    @Test("non-triggering examples stay silent", arguments: ruleIDs)
    func nonTriggering(_ id: String) throws {
        let d = try #require(RuleRegistry.rule(id)).description
        for (i, example) in d.nonTriggering.enumerated() {
            let marked = Self.strip(example)
            let all = example.commits.isEmpty ? try Self.findings(example, marked.texts) : try Self.historyFindings(example).findings
            let got = all.filter { $0.rule == id }
            #expect(got.isEmpty, "\(id) non-triggering example \(i + 1) fired: \(got.map { "\($0.path):\($0.line):\($0.column) \($0.message)" })")
        }
    }

    /// Rules whose failing case cannot be written as in-memory files; each is tested on a real folder instead.
    static let testedOnDisk: Set<String> = ["symlink-outside", "history-truncated", "commit-signature", "history-object-missing", "change-control-since-moved"]

    @Test("every rule has examples both ways", arguments: ruleIDs)
    func hasExamples(_ id: String) throws {
        let d = try #require(RuleRegistry.rule(id)).description
        guard !Self.testedOnDisk.contains(id) else { return }
        #expect(!d.triggering.isEmpty, "\(id) has no triggering example")
        #expect(!d.nonTriggering.isEmpty, "\(id) has no non-triggering example")
        #expect(!d.rationale.isEmpty)
    }

    @Test func ruleIDsAreUniqueAndKebabCase() {
        #expect(Set(Self.ruleIDs).count == Self.ruleIDs.count)
        for id in Self.ruleIDs {
            #expect(id.range(of: #"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"#, options: .regularExpression) != nil, "\(id)")
        }
    }
}
