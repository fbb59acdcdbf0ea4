import Foundation
import ISMSModel
import Testing

struct DocumentLoadingTests {
    func load(_ text: String, path: String = "p.md") -> Document {
        Document.load(SourceFile(path: path, content: .bytes(Data(text.utf8))))
    }

    @Test func frontMatterKeysKeepTheirFilePositions() throws {
        let doc = load("---\nid: POL-1\ntype: policy\nannex_a: [\"5.1\", 5.10]\n---\n# Title\n\nSee [x](y.md).\n")
        #expect(doc.problems.isEmpty)
        #expect(doc.position(of: "type") == SourcePosition(line: 3, column: 1))
        #expect(doc.valuePosition(of: "type") == SourcePosition(line: 3, column: 7))
        let items = doc.list("annex_a")
        #expect(items.map(\.text) == ["5.1", "5.10"])
        #expect(items[1].position == SourcePosition(line: 4, column: 18))
        #expect(doc.body?.headings.first?.position.line == 6)
        #expect(doc.body?.links.first?.position == SourcePosition(line: 8, column: 5))
    }

    @Test("unquoted control ids keep their source text", arguments: ["5.10", "5.1", "8.30", "1.10", "1.9"])
    func scalarsAreSourceText(_ id: String) {
        #expect(load("---\nid: \(id)\nversion: \(id)\n---\n").id == id)
    }

    @Test func dottedClosingFenceBOMAndCRLF() {
        let doc = load("\u{FEFF}---\r\nid: A\r\ntitle: T\r\n...\r\n# Body\r\n")
        #expect(doc.problems.isEmpty)
        #expect(doc.title == "T")
        #expect(doc.body?.headings.first?.text == "Body")
        #expect(doc.body?.headings.first?.position.line == 5)
    }

    @Test func missingEmptyAndUnclosedFrontMatter() {
        #expect(load("# no front matter\n").problems.first?.kind == .frontMatterMissing)
        #expect(load("---\n---\n").problems.first?.kind == .frontMatterMissing)
        #expect(load("---\nid: A\n# never closed\n").problems.first?.kind == .frontMatterUnclosed)
        #expect(load("---\n- a\n- b\n---\n").problems.first?.kind == .frontMatterNotMapping)
    }

    @Test func yamlErrorsCarryTheFileLine() throws {
        let dup = load("---\nid: A\nowner: x\nowner: y\n---\n")
        #expect(dup.problems.first?.kind == .duplicateKey)
        #expect(dup.problems.first?.position.line == 4)
        let bad = load("---\nid: A\ntitle: \"unterminated\n---\n")
        #expect(bad.problems.first?.kind == .yamlSyntax)
        #expect((bad.problems.first?.position.line ?? 0) >= 3)
    }

    @Test func aliasBombIsBoundedInTimeAndMemory() {
        var yaml = "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
        for (prev, name) in zip("abcdefgh", "bcdefghi") { yaml += "\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 9).joined(separator: ", ") + "]\n" }
        yaml += "---\n"
        let start = Date()
        let doc = load(yaml)
        #expect(doc.problems.first?.kind == .yamlTooComplex)
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func deepNestingIsAProblemNotACrash() {
        let doc = load("---\nv: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n---\n")
        #expect(doc.problems.first?.kind == .yamlTooComplex)
    }

    @Test func binaryAndNonUTF8() {
        var bytes = Data("---\nid: A\n".utf8); bytes.append(0); bytes.append(contentsOf: Array("x\n---\n".utf8))
        let bin = Document.load(SourceFile(path: "b.md", content: .bytes(bytes)))
        #expect(bin.problems.first?.kind == .unreadable)
        #expect(bin.problems.first?.position.line == 3)
        let latin = Document.load(SourceFile(path: "l.md", content: .bytes(Data([0x2D, 0x2D, 0x2D, 0x0A, 0x74, 0x3A, 0x20, 0xE9, 0x0A]))))
        #expect(latin.problems.first?.message.contains("UTF-8") == true)
        #expect(latin.problems.first?.position == SourcePosition(line: 2, column: 4))
    }

    @Test func suppressionsAreFoundInBodyAndFrontMatter() {
        let s = Suppression.scan("---\n# isms-disable-next-line owner-is-team: shared until 2027\nowner: security\n---\n<!-- isms-disable-file link-broken -->\n")
        #expect(s.count == 2)
        #expect(s[0].rule == "owner-is-team" && s[0].reason == "shared until 2027" && s[0].scope == .nextLine(3))
        #expect(s[1].rule == "link-broken" && s[1].reason == nil && s[1].scope == .file)
    }

    @Test func headingAnchorsFollowGitHub() {
        let body = MarkdownBody(markdown: "# Access control: roles & rights\n## FAQ\n## FAQ\n", lineOffset: 0)
        #expect(body.headings.map(\.anchor) == ["access-control-roles--rights", "faq", "faq-1"])
    }
}

struct ValueTests {
    @Test("impossible dates are rejected", arguments: ["2026-02-30", "2025-02-29", "2026-13-01", "2026-04-31", "2026-1-01", "26-01-01", "2026-00-10"])
    func impossibleDates(_ text: String) { #expect(Day(text) == nil) }

    @Test func realDatesAndArithmetic() throws {
        let d = try #require(Day("2024-02-29"))
        #expect(d.adding(months: 12).description == "2025-02-28")
        #expect(try #require(Day("2026-01-31")).adding(ReviewInterval("1 month")!).description == "2026-02-28")
        #expect(Day(ordinal: d.ordinal) == d)
        #expect(Day.days(from: Day("2026-01-01")!, to: Day("2026-12-31")!) == 364)
    }

    @Test func versionsCompareAsIntegers() {
        #expect(DocumentVersion("1.9")! < DocumentVersion("1.10")!)
        #expect(DocumentVersion("2.0")! > DocumentVersion("1.99")!)
        #expect(DocumentVersion("1.0") == DocumentVersion("1.0"))
        #expect(DocumentVersion("1.a") == nil)
        #expect(DocumentVersion("") == nil)
    }

    @Test func intervals() {
        #expect(ReviewInterval("12 months")?.unit == .months)
        #expect(ReviewInterval("1 year")?.count == 1)
        #expect(ReviewInterval("yearly") == nil)
        #expect(ReviewInterval("0 days") == nil)
    }
}

struct CatalogTests {
    @Test func catalogMatchesTheReferenceData() throws {
        // The CSV the embedded catalog is generated from (scripts/embed.py), kept in the repository.
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let csv = try String(contentsOf: repo.appendingPathComponent("Sources/ISMSModel/Catalog/data/annex-a-2022.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", maxSplits: 1).map(String.init) }
        let catalog = AnnexACatalog.iso27001_2022
        #expect(catalog.controls.count == 93)
        #expect(catalog.controls.map(\.id) == rows.map { $0[0] })
        #expect(catalog.controls.filter { $0.theme == "Organizational" }.count == 37)
        #expect(catalog.controls.filter { $0.theme == "People" }.count == 8)
        #expect(catalog.controls.filter { $0.theme == "Physical" }.count == 14)
        #expect(catalog.controls.filter { $0.theme == "Technological" }.count == 34)
    }

    @Test func correspondenceAndOrder() {
        let c = AnnexACatalog.iso27001_2022
        #expect(c.successors(of: "A.18.2.3") == ["5.36", "8.8"])
        #expect(c.successors(of: "A.9.2.1") == ["5.16"])
        #expect(["5.10", "5.2", "8.1", "C-X", "5.1"].sorted(by: AnnexACatalog.numericOrder) == ["5.1", "5.2", "5.10", "8.1", "C-X"])
        #expect(c.acceptsTitle("User endpoint devices", for: "8.1"))
    }

    @Test func embeddedDataIsCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", root.appendingPathComponent("scripts/embed.py").path, "--check"]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "generated Swift is stale: run `make embed`")
    }
}

struct ConfigurationTests {
    @Test func unknownKeysAreKeptWithPositions() throws {
        let c = try Configuration.parse("version: 1\nframwork: x\nchange_control:\n  sinse: 2025-01-01\n", path: "isms.yml")
        #expect(c.unknownKeys.map(\.key) == ["framwork", "change_control.sinse"])
        #expect(c.unknownKeys[1].position == SourcePosition(line: 4, column: 3))
    }

    @Test("impossible configuration fails loudly", arguments: [
        "version: 2\n", "certification:\n  date: 2026-02-30\n", "rules:\n  review-overdue: loud\n", "framework: iso27001:2013\n",
        "root: ../elsewhere\n", "- a list\n", "independence:\n  lookback: a while\n",
    ])
    func failures(_ text: String) {
        #expect(throws: ToolFailure.self) { try Configuration.parse(text, path: "isms.yml") }
    }

    @Test func globs() {
        #expect(Glob.matches("README.md", "README.md"))
        #expect(!Glob.matches("README.md", "a/README.md"))
        #expect(Glob.matches("**/README.md", "a/b/README.md"))
        #expect(Glob.matches("templates/**", "templates/x/y.md"))
        #expect(Glob.matches("drafts/*.md", "drafts/a.md"))
        #expect(!Glob.matches("drafts/*.md", "drafts/x/a.md"))
    }

    /// The compiled matcher (which checks a pattern's literal head and tail before its expression) answers as each
    /// pattern's expression alone does.
    @Test func compiledMatcherAgreesWithEachPattern() {
        let patterns = ["README.md", "**/README.md", "templates/**", "drafts/*.md", "a?c/**/x.md", "**", "*", "**/*.md",
                        "x**y.md", "old/**/draft-*.md", "?", "a/**", "**/b/**", "notes.markdown"]
        let paths = ["README.md", "a/README.md", "a/b/README.md", "READMExmd", "templates/x/y.md", "templates", "drafts/a.md",
                     "drafts/x/a.md", "abc/x.md", "abc/d/e/x.md", "abx.md", "xy.md", "x/q/y.md", "old/draft-1.md",
                     "old/a/b/draft-2.md", "old/a/final.md", "a", "a/b", "b/c.md", "q/b/r.md", "notes.markdown", "", "é/README.md"]
        for pattern in patterns {
            let one = Glob.Matcher([pattern])
            for path in paths { #expect(one.matches(path) == Glob.matches(pattern, path), "\(pattern) on \(path)") }
        }
        let all = Glob.Matcher(patterns)
        for path in paths { #expect(all.matches(path) == patterns.contains { Glob.matches($0, path) }, "\(path)") }
    }
}

struct SuppressionPlacementTests {
    @Test func suppressionsInCodeBlocksOnlyShowTheSyntax() {
        let text = "---\nid: A\n---\n# Doc\n\n```markdown\n<!-- isms-disable-file link-broken: example only -->\n```\n\n<!-- isms-disable-next-line link-anchor-missing: moves soon -->\nSee [x](#nowhere).\n"
        let doc = Document.load(SourceFile(path: "d.md", content: .bytes(Data(text.utf8))))
        #expect(doc.suppressions.map(\.rule) == ["link-anchor-missing"])
        #expect(doc.suppressions.first?.scope == .nextLine(11))
        #expect(doc.suppressions.first?.position.line == 10)
    }
}
