import Foundation
import Testing
import TestSupport

/// `isms soa`, run as a user runs it: the example ISMS in this repository, and a tiny ISMS in a fresh git repository
/// with a missing, an undecided, an excluded and a custom control whose values try to break every output format.
@Suite(.serialized) struct SoATests {
    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    static func numericKey(_ id: String) -> [Int] { id.split(separator: ".").map { Int($0) ?? -1 } }

    // MARK: The example ISMS

    @Test func exampleISMSHasEveryControlInNumericOrderWithCountsFromTheFiles() throws {
        let root = RepositoryFiles.root
        let r = try ISMSBinary.run(["soa", "--in", "Policies", "--format", "json", "--today", "2026-12-01"], in: root)
        #expect(r.status == 0, "\(r.stderr)")
        let soa = try Self.json(r.stdout)
        let rows = soa["controls"] as! [[String: Any]]
        #expect(rows.count == 93)
        let ids = rows.map { $0["id"] as! String }
        #expect(ids == ids.sorted { Self.numericKey($0).lexicographicallyPrecedes(Self.numericKey($1)) })
        #expect(ids.firstIndex(of: "5.2")! < ids.firstIndex(of: "5.10")!)
        #expect(ids.first == "5.1" && ids.last == "8.34")
        #expect(soa["organisation"] as? String == "Tallyhook Ltd")

        // Counts from the control files themselves, read here with nothing but line matching.
        let folder = root.appendingPathComponent("Policies/controls")
        var applicable = 0, excluded = 0, implementation: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".md") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let lines = text.split(separator: "\n").map(String.init)
            let isApplicable = lines.contains("applicable: true")
            if isApplicable { applicable += 1 } else if lines.contains("applicable: false") { excluded += 1 }
            if isApplicable, let line = lines.first(where: { $0.hasPrefix("implementation: ") }) {
                implementation[String(line.dropFirst("implementation: ".count)), default: 0] += 1
            }
        }
        let counts = soa["counts"] as! [String: Int]
        #expect(counts["controls"] == 93)
        #expect(counts["applicable"] == applicable)
        #expect(counts["excluded"] == excluded)
        #expect(counts["missing"] == 0)
        #expect(counts["undecided"] == 93 - applicable - excluded)
        #expect(counts["implemented"] == implementation["implemented", default: 0])
        #expect(counts["partial"] == implementation["partial", default: 0])
        #expect(counts["planned"] == implementation["planned", default: 0])
        #expect(counts["not_implemented"] == implementation["not-implemented", default: 0])
        #expect(rows.filter { $0["applicable"] as? String == "no" }.allSatisfy { !(($0["justification"] as? String) ?? "").isEmpty })

        // Linked documents by title, with their ids.
        let ac = rows.first { $0["id"] as? String == "5.15" }!
        let policies = (ac["policies"] as! [[String: Any]]).map { $0["id"] as! String }
        #expect(policies.starts(with: ["POL-AC", "PROC-ACCESS-REVIEW"]))
        #expect((ac["policies"] as! [[String: Any]]).first?["title"] as? String == "Access control policy")
        #expect(ac["owner"] as? String == "sam")
        #expect(!((ac["owner_name"] as? String) ?? "").isEmpty)

        // Last change from git, when this is a repository with its history: the commit `git log` names for the file.
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path),
              (try? GitCLI.run(["rev-parse", "--is-shallow-repository"], in: root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == "false"
        else { return }
        let log = try runProcess(GitCLI.path, ["log", "--format=commit %h", "--abbrev=7", "--name-only", "--", "Policies/controls"], in: root).lines
        var lastCommit: [String: String] = [:]
        var current = ""
        for line in log {
            if line.hasPrefix("commit ") { current = String(line.dropFirst(7)) } else if lastCommit[line] == nil { lastCommit[line] = current }
        }
        for row in rows {
            let path = row["path"] as! String
            #expect(!(row["last_commit"] as! String).isEmpty, "\(path)")
            #expect(!(row["last_date"] as! String).isEmpty, "\(path)")
            #expect(!(row["last_version"] as! String).isEmpty, "\(path)")
            #expect(row["last_commit"] as? String == lastCommit[path], "\(path)")
        }
        let head = try GitCLI.run(["rev-parse", "--short=7", "HEAD"], in: root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect((soa["generated_from"] as! [String: Any])["commit"] as? String == head)

        // The Markdown header an auditor reads first.
        let md = try ISMSBinary.run(["soa", "--in", "Policies", "--today", "2026-12-01"], in: root)
        #expect(md.status == 0)
        #expect(md.stdout.hasPrefix("# Statement of Applicability — Tallyhook Ltd\n"))
        #expect(md.stdout.contains("from commit \(head)"))
        #expect(md.stdout.contains("| 93 | \(applicable) | \(excluded) |"))
    }

    // MARK: A tiny ISMS

    static let people = """
    ---
    id: PEOPLE
    type: people
    title: People
    owner: alice
    approver: carol
    version: "1.0"
    status: approved
    effective: 2026-01-05
    review_every: 12 months
    last_reviewed: 2026-01-05
    people:
      - {id: alice, name: Alice Adams, emails: [alice@example.com], roles: [ciso]}
      - {id: carol, name: "Carol O'Hara", emails: [carol@example.com], roles: [top-management]}
    ---
    """

    static func control(_ id: String, title: String, version: String = "1.0", extra: String) -> String {
        """
        ---
        id: "\(id)"
        type: control
        title: \(title)
        owner: alice
        approver: carol
        version: "\(version)"
        status: approved
        effective: 2026-01-05
        review_every: 12 months
        last_reviewed: 2026-01-05
        \(extra)
        ---
        # \(id)
        """
    }

    /// The hostile custom control: markup, a comma, quotes and a leading `=` in its title; a line break in its justification.
    static let hostileTitle = #"=HYPERLINK("http://evil.example","x"), <script>alert('x')</script> & more"#

    static func makeISMS(git: Bool) throws -> TemporaryFolder {
        let dir = TemporaryFolder("isms-soa")
        if git { try GitCLI.initRepository(dir) }
        dir.write("isms/isms.yml", "version: 1\norganisation: \"Tiny <b>Co</b>, Ltd\"\n")
        dir.write("isms/people.md", people)
        dir.write("isms/policies/ac.md", """
        ---
        id: POL-AC
        type: policy
        title: Access control, and "more"
        owner: alice
        approver: carol
        version: "1.0"
        status: approved
        effective: 2026-01-05
        review_every: 12 months
        last_reviewed: 2026-01-05
        annex_a: ["5.2"]
        ---
        # Access
        """)
        dir.write("isms/controls/5.1.md", control("5.1", title: "Policies for information security", extra: """
        applicable: true
        implementation: implemented
        justification: "Needed, obviously."
        policies: [POL-AC, POL-GONE]
        """))
        dir.write("isms/controls/5.2.md", control("5.2", title: "Information security roles and responsibilities", extra: "justification: \"-1 decided later\""))
        dir.write("isms/controls/7.12.md", control("7.12", title: "Cabling security", extra: "applicable: false\njustification: No premises; the office is a shared co-working space."))
        dir.write("isms/controls/C-001.md", control("C-001", title: "'\(hostileTitle.replacingOccurrences(of: "'", with: "''"))'", extra: """
        applicable: true
        implementation: partial
        justification: |
          First line, with a comma.
          @second line "quoted"
        """))
        if git {
            try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: ("Alice", "alice@example.com"))
            dir.write("isms/controls/5.1.md", control("5.1", title: "Policies for information security", version: "1.1", extra: """
            applicable: true
            implementation: implemented
            justification: "Needed, obviously."
            policies: [POL-AC, POL-GONE]
            """))
            try GitCLI.commitAll(dir, "Raise 5.1\n\nApproved-by: Carol <carol@example.com>", date: "2026-02-10T10:00:00Z", author: ("Alice", "alice@example.com"))
            // Written after the last commit: in the SoA, but not in git yet.
            dir.write("isms/controls/C-002.md", control("C-002", title: "Our own control", extra: "applicable: true\nimplementation: planned\njustification: Soon."))
        }
        return dir
    }

    func output(_ dir: TemporaryFolder, _ format: String) throws -> String {
        let r = try ISMSBinary.run(["soa", "--in", "isms", "--format", format, "--today", "2026-03-01"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test func tinyISMSInGit() throws {
        let dir = try Self.makeISMS(git: true)
        let soa = try Self.json(try output(dir, "json"))
        let rows = soa["controls"] as! [[String: Any]]
        #expect(rows.count == 95)
        #expect(rows.suffix(2).map { $0["id"] as! String } == ["C-001", "C-002"])
        func row(_ id: String) -> [String: Any] { rows.first { $0["id"] as? String == id }! }

        let counts = soa["counts"] as! [String: Int]
        #expect(counts == ["controls": 95, "applicable": 3, "excluded": 1, "undecided": 1, "missing": 90,
                           "implemented": 1, "partial": 1, "planned": 1, "not_implemented": 0])
        #expect(row("5.3")["applicable"] as? String == "missing")
        #expect(row("5.3")["missing"] as? Bool == true)
        #expect(row("5.3")["path"] as? String == "")
        #expect(row("5.2")["applicable"] as? String == "undecided")
        #expect(row("7.12")["applicable"] as? String == "no")
        #expect(row("C-001")["title"] as? String == Self.hostileTitle)
        #expect(row("C-001")["theme"] as? String == "Custom")
        #expect(row("5.1")["owner_name"] as? String == "Alice Adams")

        // Forward links by title, an unknown id said so, and a policy that names the control (annex_a) counts too.
        #expect((row("5.1")["policies"] as! [[String: Any]]).map { $0["label"] as! String } == [#"Access control, and "more" (POL-AC)"#, "POL-GONE (not found)"])
        #expect((row("5.2")["policies"] as! [[String: Any]]).map { $0["id"] as! String } == ["POL-AC"])

        // Last change: the commit git names, its date and the version it wrote; a file never committed says so.
        let head = try GitCLI.run(["rev-parse", "--short=7", "HEAD"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let first = try GitCLI.run(["rev-parse", "--short=7", "HEAD~1"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(row("5.1")["last_commit"] as? String == head)
        #expect(row("5.1")["last_date"] as? String == "2026-02-10")
        #expect(row("5.1")["last_version"] as? String == "1.1")
        #expect(row("7.12")["last_commit"] as? String == first)
        #expect(row("7.12")["last_date"] as? String == "2026-01-05")
        #expect(row("C-002")["last_commit"] as? String == "")
        #expect(row("C-002")["last_change"] as? String == "not committed")
        #expect(row("C-002")["uncommitted"] as? Bool == true)
        let from = soa["generated_from"] as! [String: Any]
        #expect(from["commit"] as? String == head)
        #expect(from["date"] as? String == "2026-02-10")
        #expect(from["uncommitted_control_files"] as? Int == 1)

        // HTML: one self-contained page, every value escaped.
        let html = try output(dir, "html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"))
        #expect(html.contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)"))
        #expect(html.contains("Tiny &lt;b&gt;Co&lt;/b&gt;, Ltd"))
        for external in ["<link", " src=", " href=", "@import", "url("] { #expect(!html.contains(external), "\(external)") }
        #expect(html.contains("<style>"))

        // Markdown: no value becomes HTML when rendered.
        let md = try output(dir, "md")
        #expect(!md.contains("<script>"))
        #expect(md.contains(#"\<script\>"#))
        #expect(md.contains("| 95 | 3 | 1 | 1 | 90 | 1 | 1 | 1 | 0 |"))

        // CSV: RFC 4180 quoting, formula-looking values defused, and it reads back to the JSON.
        let csv = try output(dir, "csv")
        #expect(csv.contains(#",Custom,"'=HYPERLINK(""http://evil.example"",""x""), <script>"#))
        #expect(csv.contains("\r\n"))
        let parsed = try Self.parseCSV(csv)
        #expect(parsed.count == rows.count)
        #expect(Set(parsed.first?.keys.map { $0 } ?? []) == Set(Self.columns))
        for (cells, json) in zip(parsed, rows) {
            for column in Self.columns {
                var cell = cells[column] ?? "<absent>"
                // Undo the defusing: a leading ' before = + - @ (or tab, CR) was added by isms.
                if cell.hasPrefix("'"), let next = cell.dropFirst().first, "=+-@\t\r".contains(next) { cell.removeFirst() }
                let expected: String
                if let links = json[column] as? [[String: Any]] {
                    expected = links.map { $0["label"] as! String }.joined(separator: "; ")
                } else {
                    expected = json[column] as? String ?? "<not a string>"
                }
                #expect(cell == expected, "\(json["id"] as? String ?? "?") \(column)")
            }
        }
        #expect(parsed.first { $0["id"] == "5.2" }?["justification"] == "'-1 decided later")
        #expect(parsed.first { $0["id"] == "C-001" }?["justification"] == "First line, with a comma.\n@second line \"quoted\"")
    }

    static let columns = ["id", "theme", "title", "applicable", "justification", "implementation", "owner", "owner_name",
                          "policies", "risks", "evidence", "last_change", "last_commit", "last_date", "last_version", "path"]

    /// Python's csv module, the reference reader: rows as dictionaries keyed by the header.
    static func parseCSV(_ csv: String) throws -> [[String: String]] {
        let tmp = TemporaryFolder("isms-soa-csv")
        let file = tmp.write("soa.csv", csv)
        let script = "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8') as f:\n    print(json.dumps(list(csv.DictReader(f))))\n"
        let r = try runProcess("/usr/bin/env", ["python3", "-c", script, file.path])
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [[String: String]]
    }

    @Test func outsideGitEveryRowSaysSo() throws {
        let dir = try Self.makeISMS(git: false)
        let soa = try Self.json(try output(dir, "json"))
        let rows = soa["controls"] as! [[String: Any]]
        #expect(rows.count == 94)
        for row in rows where row["missing"] as? Bool == false {
            #expect(row["last_change"] as? String == "not in git")
            #expect(row["last_commit"] as? String == "")
        }
        #expect((soa["generated_from"] as! [String: Any])["commit"] is NSNull)
        #expect(try output(dir, "md").contains("from the working tree (not in git)"))
    }

    @Test func toolFailuresExitTwo() throws {
        let missing = try ISMSBinary.run(["soa", "--in", "/no/such/folder"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file or folder"))
        #expect(try ISMSBinary.run(["soa", "--format", "xlsx"]).status == 2)
        #expect(try ISMSBinary.run(["soa", "--today", "2026-02-30"]).status == 2)
        let help = try ISMSBinary.run(["soa", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE"))
    }
}
