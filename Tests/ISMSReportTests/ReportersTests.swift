import Foundation
import ISMSModel
import ISMSReport
import ISMSRules
import Testing
import TestSupport

/// The machine-readable reporters (SARIF, GitHub workflow commands, JUnit XML, the pull-request comment): golden files
/// rendered from one fixed set of findings, the SARIF checked against the OASIS schema (Python `jsonschema`) and the
/// JUnit against the xunit-plugin XSD (`xmllint`), both kept in Tests/Fixtures/reference.
/// `ISMS_UPDATE_GOLDEN=1 swift test --filter ReportersTests` rewrites the golden files.
@Suite struct ReportersTests {
    // MARK: The fixture

    static func finding(_ rule: String, _ severity: Severity?, _ path: String, _ line: Int, _ column: Int, _ message: String, commit: String? = nil) -> Finding {
        Finding(rule: rule, severity: severity, path: path, position: SourcePosition(line: line, column: column), message: message, commit: commit)
    }

    /// Every severity, a commit, a file-level finding (line 0), a rule no description covers, the same rule, path and
    /// message twice, and messages holding quotes, commas, colons, line breaks, `|`, `<script>`, `&`, `%`, backticks
    /// and non-ASCII text; one path with a space and an accent.
    static let findings: [Finding] = [
        finding("value-not-allowed", .error, "Policies/controls/5.15.md", 14, 9,
                "'implementation': 'done' is not allowed: use one of implemented, partial, planned, not-implemented"),
        finding("owner-is-team", .error, "Policies/policies/access-control.md", 4, 8,
                "owner \"it-team\" names a team, not one accountable person"),
        finding("change-unapproved", .error, "Policies/policies/access-control.md", 9, 1,
                "commit 3f9c2a1 changed an approved document (version 1.3 → 1.4) with no approval by carol", commit: "3f9c2a1"),
        finding("owner-is-team", .warning, "Policies/procedures/backup.md", 5, 8, "owner 'ops' names a team, not one person"),
        finding("review-due-soon", .warning, "Policies/risks/R-007 café.md", 0, 0,
                "review due in 12 days (2026-12-13)\nowner: priya | approver: role:top-management"),
        finding("link-broken", .info, "Policies/evidence/backup-restore.md", 7, 3,
                "link to `restore.md` (\"Restore test\") is broken: <script>alert('x')</script> & 100% of Größe — 日本語 ✓\r\nsee *notes*"),
        finding("link-broken", .info, "Policies/evidence/backup-restore.md", 21, 3,
                "link to `restore.md` (\"Restore test\") is broken: <script>alert('x')</script> & 100% of Größe — 日本語 ✓\r\nsee *notes*"),
        finding("config-unknown-key", nil, "Policies/isms.yml", 3, 1, "unknown key 'rulez', did you mean 'rules'?"),
    ]

    static func rule(_ id: String, _ name: String, _ family: RuleFamily, _ severity: Severity, _ rationale: String) -> RuleDescription {
        RuleDescription(id: id, name: name, family: family, severity: severity, rationale: rationale, triggering: [], nonTriggering: [])
    }

    /// Fixed descriptions (not the registry's), so the golden files change only when a reporter does.
    static let rules: [RuleDescription] = [
        rule("value-not-allowed", "Value not in the allowed set", .schema, .error,
             "Clause 7.5.2: documented information has a defined format. A value outside the allowed set (`implementation: done`) cannot be counted."),
        rule("owner-is-team", "Owner names a team", .ownership, .error,
             "Clause 5.3: responsibilities are assigned to people. A team is not \"one accountable person\"."),
        rule("change-unapproved", "Change without approval", .changeControl, .error,
             "Clause 7.5.3: changes to documented information are controlled & approved <before> they apply."),
        rule("review-due-soon", "Review due soon", .freshness, .warning, "Clause 7.5.2: documents are reviewed on their cadence."),
        rule("link-broken", "Broken link", .links, .warning, "Clause 7.5.3: documented information is available where it is needed."),
        rule("history-truncated", "History truncated", .changeControl, .error, "Change control needs the whole history since change_control.since."),
    ]

    // MARK: Golden files

    @Test func sarifGolden() throws {
        try golden("sarif.json", SARIFReporter.render(Self.findings, rules: Self.rules, toolVersion: "1.2.3"))
    }

    @Test func githubGolden() throws {
        try golden("github.txt", GitHubReporter.render(Self.findings, documentCount: 12))
    }

    @Test func junitGolden() throws {
        try golden("junit.xml", JUnitReporter.render(Self.findings, rules: Self.rules))
    }

    @Test func pullRequestCommentGolden() throws {
        try golden("pr-comment.md", MarkdownReporter.render(Self.findings, documentCount: 12, maxRows: 6))
    }

    /// Output depends on the findings, never on the order they arrive in.
    @Test func outputIsIndependentOfInputOrder() {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<5 {
            let shuffled = Self.findings.shuffled(using: &rng), rules = Self.rules.shuffled(using: &rng)
            #expect(SARIFReporter.render(shuffled, rules: rules, toolVersion: "1.2.3") == SARIFReporter.render(Self.findings, rules: Self.rules, toolVersion: "1.2.3"))
            #expect(GitHubReporter.render(shuffled, documentCount: 12) == GitHubReporter.render(Self.findings, documentCount: 12))
            #expect(JUnitReporter.render(shuffled, rules: rules) == JUnitReporter.render(Self.findings, rules: Self.rules))
            #expect(MarkdownReporter.render(shuffled, maxRows: 6) == MarkdownReporter.render(Self.findings, maxRows: 6))
        }
    }

    // MARK: SARIF

    @Test func sarifValidatesAgainstTheOASISSchema() throws {
        try validateSARIF(SARIFReporter.render(Self.findings, rules: Self.rules, toolVersion: "1.2.3"), "fixture")
        try validateSARIF(SARIFReporter.render([], rules: [], toolVersion: "0.0.0"), "empty")
        try validateSARIF(SARIFReporter.render(Self.findings, rules: Self.rules, toolVersion: "1.2.3", sourceRoot: "file:///work/repo"), "with a source root")
        let registry = RuleRegistry.all.map { $0.description }
        try validateSARIF(SARIFReporter.render(Self.findings, rules: registry, toolVersion: "1.2.3"), "every registered rule")
    }

    /// The validations bite: a log the schema forbids, and XML the XSD forbids, are caught.
    @Test func validatorsRejectInvalidOutput() throws {
        let sarif = SARIFReporter.render(Self.findings, rules: Self.rules, toolVersion: "1.2.3")
        #expect(try sarifSchemaErrors(sarif.replacingOccurrences(of: "\"startLine\": 14", with: "\"startLine\": 0"))?.contains("startLine") == true)
        #expect(try sarifSchemaErrors(sarif.replacingOccurrences(of: "\"level\": \"note\"", with: "\"level\": \"info\"")) != nil)
        let xml = JUnitReporter.render(Self.findings, rules: Self.rules)
        #expect(try junitSchemaErrors(xml.replacingOccurrences(of: " errors=\"0\"", with: "")) != nil)
        #expect(try junitSchemaErrors(xml.replacingOccurrences(of: "&lt;script&gt;", with: "<script>")) != nil)
    }

    @Test func sarifResultsPointAtTheirRulesAndFiles() throws {
        let sarif = SARIFReporter.render(Self.findings, rules: Self.rules, toolVersion: "1.2.3")
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        let run = runs[0]
        #expect(run["originalUriBaseIds"] == nil)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "isms")
        #expect(driver["version"] as? String == "1.2.3")
        #expect(driver["informationUri"] as? String == "https://github.com/isms-tool/isms")
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == Self.rules.map(\.id).sorted())
        let owner = try #require(rules.first { $0["id"] as? String == "owner-is-team" })
        #expect(owner["name"] as? String == "OwnerIsTeam")
        #expect((owner["shortDescription"] as? [String: Any])?["text"] as? String == "Owner names a team")
        #expect(((owner["properties"] as? [String: Any])?["tags"] as? [String]) == ["ownership"])
        let help = try #require(owner["help"] as? [String: String])
        #expect(help["markdown"]?.contains("isms-disable-next-line owner-is-team: reason") == true)
        #expect(help["text"]?.hasPrefix("Clause 5.3") == true)

        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == Self.findings.count)
        var fingerprints = Set<String>()
        for r in results {
            let id = try #require(r["ruleId"] as? String)
            if let index = r["ruleIndex"] as? Int {
                #expect(rules[index]["id"] as? String == id)
            } else {
                #expect(id == "config-unknown-key", "only a rule without a description goes without ruleIndex")
            }
            let location = try #require((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
            let artifact = try #require(location["artifactLocation"] as? [String: String])
            #expect(artifact["uriBaseId"] == "%SRCROOT%")
            #expect(artifact["uri"]?.hasPrefix("Policies/") == true)
            let region = try #require(location["region"] as? [String: Int])
            #expect(region["startLine"]! >= 1 && region["startColumn"]! >= 1)
            let fingerprint = try #require((r["partialFingerprints"] as? [String: String])?["isms/v1"])
            #expect(fingerprints.insert(fingerprint).inserted, "fingerprints are unique within a run")
        }
        let levels = results.map { $0["level"] as? String }
        #expect(Set(levels.compactMap { $0 }) == ["error", "warning", "note"])
        let withCommit = results.filter { ($0["properties"] as? [String: String])?["commit"] == "3f9c2a1" }
        #expect(withCommit.count == 1 && withCommit[0]["ruleId"] as? String == "change-unapproved")
        let fileLevel = try #require(results.first { $0["ruleId"] as? String == "review-due-soon" })
        let loc = try #require((fileLevel["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((loc["artifactLocation"] as? [String: String])?["uri"] == "Policies/risks/R-007%20caf%C3%A9.md")
        #expect((loc["region"] as? [String: Int]) == ["startLine": 1, "startColumn": 1])
        #expect((fileLevel["message"] as? [String: String])?["text"] == Self.findings[4].message)
    }

    @Test func sarifFingerprintsAreStable() {
        // SHA-256 test vectors (FIPS 180-2), then the fingerprint's independence of line, column, severity and commit.
        #expect(SARIFReporter.fingerprint(rule: "", path: "", message: "").count == 64)
        let a = Self.finding("owner-is-team", .error, "a.md", 4, 8, "owner 'x' names a team")
        var moved = a
        moved.line = 40; moved.column = 1; moved.severity = .warning; moved.commit = "abc1234"
        let one = SARIFReporter.render([a], rules: [], toolVersion: "1"), two = SARIFReporter.render([moved], rules: [], toolVersion: "1")
        let hash = SARIFReporter.fingerprint(rule: a.rule, path: a.path, message: a.message)
        #expect(one.contains("\"isms/v1\": \"\(hash):1\"") && two.contains("\"isms/v1\": \"\(hash):1\""))
        #expect(hash != SARIFReporter.fingerprint(rule: a.rule, path: "b.md", message: a.message))
        #expect(hash != SARIFReporter.fingerprint(rule: "owner-is-tea", path: "ma.md", message: a.message), "fields are separated")
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SARIFReporter.fingerprint(rule: "", path: "", message: "") == sha256Hex("\u{0}\u{0}"))
        #expect(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(sha256Hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func pascalCaseNames() {
        #expect(SARIFReporter.pascalCase("owner-is-team") == "OwnerIsTeam")
        #expect(SARIFReporter.pascalCase("history-truncated") == "HistoryTruncated")
        #expect(SARIFReporter.pascalCase("link-broken-2") == "LinkBroken2")
    }

    // MARK: GitHub workflow commands

    @Test func githubCommandsAreOneLineEachAndEscaped() {
        let out = GitHubReporter.render(Self.findings, documentCount: 12)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.count == Self.findings.count + 1)
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
        #expect(lines.last == "4 errors, 2 warnings, 2 info in 12 documents")
        #expect(!out.contains("\r"))
        #expect(lines.contains("::warning file=Policies/risks/R-007 café.md,line=1,col=1,title=review-due-soon::review due in 12 days (2026-12-13)%0Aowner: priya | approver: role:top-management"))
        #expect(GitHubReporter.escapeProperty("a,b:c%d\r\ne") == "a%2Cb%3Ac%25d%0D%0Ae")
        #expect(GitHubReporter.escapeData("a,b:c%d\r\ne") == "a,b:c%25d%0D%0Ae")
        #expect(GitHubReporter.render([], documentCount: 3) == "no findings in 3 documents\n")
        // A message cannot start a command of its own on the next line.
        let injected = Self.finding("x", .info, "a.md", 1, 1, "ok\n::error::forged")
        #expect(GitHubReporter.render([injected], documentCount: 1).hasPrefix("::notice file=a.md,line=1,col=1,title=x::ok%0A::error::forged\n"))
    }

    // MARK: JUnit

    @Test func junitValidatesAgainstTheSchema() throws {
        try validateJUnit(JUnitReporter.render(Self.findings, rules: Self.rules), "fixture")
        try validateJUnit(JUnitReporter.render([], rules: []), "empty")
        try validateJUnit(JUnitReporter.render(Self.findings, rules: RuleRegistry.all.map { $0.description }), "every registered rule")
        // Characters XML 1.0 forbids never reach the document; the rest survives as references.
        let hostile = Self.finding("link-broken", .error, "a\u{1}.md", 1, 1, "bell\u{7} nul\u{0} \u{FFFE} tab\there ]]> <!-- -- \"'&")
        let xml = JUnitReporter.render([hostile, Self.finding("link-broken", .info, "b.md", 2, 2, "esc\u{1B}[0m")], rules: Self.rules)
        #expect(!xml.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0xFFFE })
        try validateJUnit(xml, "forbidden characters")
    }

    @Test func junitCountsAndTestcases() {
        let xml = JUnitReporter.render(Self.findings, rules: Self.rules)
        #expect(xml.contains("<testsuite name=\"isms\" tests=\"7\" failures=\"4\" errors=\"0\" skipped=\"0\" time=\"0\">"))
        #expect(xml.contains("<testcase classname=\"change-control\" name=\"history-truncated\" time=\"0\"/>"))
        #expect(xml.contains("<testcase classname=\"isms\" name=\"config-unknown-key\" time=\"0\">"))
        #expect(!xml.contains("<script>"))
        let clean = JUnitReporter.render([], rules: Self.rules)
        #expect(clean.contains("tests=\"6\" failures=\"0\""))
        #expect(!clean.contains("<failure"))
    }

    // MARK: The pull-request comment

    @Test func pullRequestCommentTableAndCap() {
        let md = MarkdownReporter.render(Self.findings, maxRows: 6)
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Severity") }
        #expect(rows.count == 6)
        // Every row has exactly four cells: no `|` from a message or path splits one.
        for row in rows { #expect(unescapedPipes(String(row)) == 5, "\(row)") }
        #expect(rows.prefix(4).allSatisfy { $0.hasPrefix("| ❌ error") })
        #expect(md.contains("… and 2 more (2 info)."))
        #expect(!md.contains("<script>") && !md.contains("\r"))
        #expect(md.hasPrefix(MarkdownReporter.marker + "\n### ❌ isms: 4 errors, 2 warnings, 2 info\n"))

        let all = MarkdownReporter.render(Self.findings, maxRows: 50)
        #expect(!all.contains("more ("))
        #expect(all.split(separator: "\n").filter { $0.hasPrefix("| ℹ️ info") }.count == 2)

        #expect(MarkdownReporter.render([], documentCount: 218) == MarkdownReporter.marker + "\n### ✅ isms: No findings in 218 documents\n")
        #expect(MarkdownReporter.render([]).contains("No findings"))
        let none = MarkdownReporter.render(Self.findings, maxRows: 0)
        #expect(!none.contains("| Severity") && none.contains("… and 8 more (4 errors, 2 warnings, 2 info)."))
        #expect(MarkdownReporter.render([Self.findings[5]]).contains("### ℹ️ isms: 0 errors, 0 warnings, 1 info"))
        #expect(MarkdownReporter.render([Self.findings[4]]).contains("| `Policies/risks/R-007 café.md` | `review-due-soon` |"), "a file-level finding shows the path alone")
        #expect(MarkdownReporter.render(Array(Self.findings.prefix(5)), maxRows: 2).contains("… and 3 more (1 error, 2 warnings)."))
    }

    @Test func markdownEscaping() {
        #expect(MarkdownReporter.cell("a | b\nc") == "a \\| b<br>c")
        #expect(MarkdownReporter.cell("x\r\ny\rz") == "x<br>y<br>z")
        #expect(MarkdownReporter.cell("<b>&amp;</b> `code` *em* _u_ [l](u) ~s~ \\") == "&lt;b&gt;&amp;amp;&lt;/b&gt; \\`code\\` \\*em\\* \\_u\\_ \\[l\\](u) \\~s\\~ \\\\")
        #expect(MarkdownReporter.codeSpan("a.md:3") == "`a.md:3`")
        #expect(MarkdownReporter.codeSpan("we`ird|x.md:3") == "`` we`ird\\|x.md:3 ``")
        #expect(MarkdownReporter.codeSpan("a``b") == "``` a``b ```")
    }

    // MARK: Helpers

    func golden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        if ProcessInfo.processInfo.environment["ISMS_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("golden file \(url.path) is missing: run ISMS_UPDATE_GOLDEN=1 swift test --filter ReportersTests", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if actual != expected {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false), e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            let got = line < a.count ? String(a[line]) : "<end>", want = line < e.count ? String(e[line]) : "<end>"
            Issue.record("\(name) differs from the golden file at line \(line + 1):\n  got:      \(got)\n  expected: \(want)\n(ISMS_UPDATE_GOLDEN=1 rewrites it if the change is intended)", sourceLocation: sourceLocation)
        }
    }

    /// The schemas kept in the repository, so a fresh clone in any folder validates.
    func reference(_ file: String) throws -> URL {
        let url = RepositoryFiles.reference.appendingPathComponent(file)
        try #require(FileManager.default.fileExists(atPath: url.path), "\(url.path) is missing from the repository")
        return url
    }

    static let validateScript = """
    import json, sys
    try:
        import jsonschema
    except ImportError:
        print("the Python package jsonschema is missing: run scripts/setup.sh --test")
        sys.exit(3)
    with open(sys.argv[1], encoding="utf-8") as f: schema = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f: instance = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    checker = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
    errors = sorted(cls(schema, format_checker=checker).iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    for e in errors: print("/".join(map(str, e.absolute_path)) + ": " + e.message)
    sys.exit(1 if errors else 0)
    """

    func validateSARIF(_ sarif: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if let errors = try sarifSchemaErrors(sarif) {
            Issue.record("SARIF (\(label)) does not validate against sarif-schema-2.1.0.json:\n\(errors)", sourceLocation: sourceLocation)
        }
    }

    /// What the schema says is wrong with `sarif`, nil when it validates. Python or jsonschema missing is a failure.
    func sarifSchemaErrors(_ sarif: String) throws -> String? {
        let schema = try reference("sarif-schema-2.1.0.json")
        let dir = TemporaryFolder("isms-sarif")
        let file = dir.write("out.sarif", sarif)
        let r = try runProcess("/usr/bin/env", ["python3", "-c", Self.validateScript, schema.path, file.path])
        try #require(r.status != 127, "python3 is not on PATH: run scripts/setup.sh --test")
        try #require(r.status != 3, "\(r.stdout)")
        return r.status == 0 ? nil : r.stdout + r.stderr
    }

    func validateJUnit(_ xml: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if let errors = try junitSchemaErrors(xml) {
            Issue.record("JUnit XML (\(label)) does not validate against junit-10.xsd:\n\(errors)", sourceLocation: sourceLocation)
        }
    }

    func junitSchemaErrors(_ xml: String) throws -> String? {
        let xsd = try reference("junit-10.xsd")
        let dir = TemporaryFolder("isms-junit")
        let file = dir.write("junit.xml", xml)
        let r = try runProcess("/usr/bin/env", ["xmllint", "--noout", "--schema", xsd.path, file.path])
        try #require(r.status != 127, "xmllint is not on PATH: run scripts/setup.sh --test (libxml2-utils)")
        return r.status == 0 ? nil : r.stderr
    }

    func unescapedPipes(_ row: String) -> Int {
        var count = 0, escaped = false
        for c in row {
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true } else if c == "|" { count += 1 }
        }
        return count
    }

    func sha256Hex(_ s: String) -> String { SARIFReporter.sha256(s) }

    /// The revision table's JSON is written as bytes: every string, escaped or not (quotes, backslashes, line
    /// breaks, control characters, non-ASCII, short and long), an absent value and a truncation note read back as given.
    @Test func revisionTableJSONReadsBackEveryString() throws {
        let strange = ["plain", "", "say \"approved\"", "back\\slash", "line\nbreak\r\ttab", "bell \u{07}", "Größe — 日本語 ✓ café",
                       String(repeating: "long subject ", count: 40), "<script>&amp;</script>"]
        var rows: [RevisionRow] = []
        for (i, s) in strange.enumerated() {
            rows.append(RevisionRow(date: "2026-05-0\(i % 9 + 1)", commit: "abc123\(i)", kind: "modified", versionBefore: i % 2 == 0 ? nil : s,
                                    versionAfter: s, statusBefore: nil, statusAfter: "approved", author: s, authorKnown: i % 3 == 0,
                                    approvedBy: i % 2 == 0 ? [] : [(who: s, source: "trailer Approved-by"), (who: "carol", source: s)],
                                    verdict: s, subject: s, path: "policies/\(s).md"))
        }
        let docs = [DocumentRevisions(path: "policies/a \"b\".md", id: nil, title: "Ti\\tle\n", rows: rows),
                    DocumentRevisions(path: "empty.md", id: "POL-2", title: nil, rows: [])]
        for truncated in [nil, "history is \"truncated\""] as [String?] {
            let text = RevisionTable.json(docs, truncated: truncated)
            let read = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
            #expect(read.count == 2)
            #expect(read[0]["path"] as? String == docs[0].path)
            #expect(read[0]["id"] is NSNull)
            #expect(read[0]["title"] as? String == docs[0].title)
            #expect(read[1]["title"] is NSNull)
            #expect(read[0]["history_truncated"] as? String == truncated)
            let revisions = try #require(read[0]["revisions"] as? [[String: Any]])
            #expect(revisions.count == rows.count)
            for (r, got) in zip(rows, revisions) {
                for (key, want) in [("date", r.date), ("commit", r.commit), ("author", r.author), ("verdict", r.verdict), ("subject", r.subject),
                                    ("path", r.path), ("version_after", r.versionAfter!)] {
                    #expect(got[key] as? String == want, "\(key)")
                }
                #expect(r.versionBefore == nil ? got["version_before"] is NSNull : got["version_before"] as? String == r.versionBefore)
                #expect(got["author_known"] as? Bool == r.authorKnown)
                let approved = try #require(got["approved_by"] as? [[String: String]])
                #expect(approved.map { [$0["who"]!, $0["source"]!] } == r.approvedBy.map { [$0.who, $0.source] })
            }
            // Escaped strings are written as the JSON reporter writes them.
            #expect(text.contains("\"verdict\": " + JSONReporter.quote("line\nbreak\r\ttab")))
            #expect(text.contains("\"verdict\": \"Größe — 日本語 ✓ café\""))
        }
    }
}

/// A deterministic generator for shuffling (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_62CE_121E_B111
        return z ^ (z >> 31)
    }
}
