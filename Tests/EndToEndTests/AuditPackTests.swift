import Foundation
import Testing
import TestSupport

/// `isms report`: the auditor's HTML pack, built by the binary from real ISMS folders (this repository's Policies/,
/// and a hostile one in a fresh git repository), verified against its manifest, and opened in a real browser.
@Suite(.serialized) struct AuditPackTests {
    static let policies = RepositoryFiles.root.appendingPathComponent("Policies")
    static let pages = ["index.html", "soa.html", "programme.html", "risks.html", "findings.html", "documents.html", "style.css", "manifest.json"]

    /// Builds the pack for `input` into `folder/name`; the result of the run.
    @discardableResult
    static func build(_ input: URL, into folder: TemporaryFolder, name: String = "pack", extra: [String] = []) throws -> ProcessResult {
        try ISMSBinary.run(["report", "--out", folder.url.appendingPathComponent(name).path, "--in", input.path, "--today", "2026-12-01"] + extra)
    }

    /// Every file of a pack, by relative path.
    static func files(_ dir: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)
        while let f = e?.nextObject() as? URL {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: f.path, isDirectory: &isDir), !isDir.boolValue {
                out[String(f.resolvingSymlinksInPath().path.dropFirst(dir.resolvingSymlinksInPath().path.count + 1))] = try? Data(contentsOf: f)
            }
        }
        return out
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) }
    }

    /// No script element, no event-handler attribute, no script URL: anywhere, in any file of the pack.
    static func expectInert(_ dir: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        for (path, data) in files(dir) where !path.hasSuffix(".png") {
            let text = String(decoding: data, as: UTF8.self)
            #expect(matches("<script", in: text).isEmpty, "\(path) holds <script", sourceLocation: sourceLocation)
            #expect(matches(#"\son[a-z]+\s*="#, in: text).isEmpty, "\(path) holds an on…= attribute: \(matches(#".{30}\son[a-z]+\s*=.{30}"#, in: text).prefix(3))", sourceLocation: sourceLocation)
            // Within every tag, outside its quoted attribute values: no attribute named on….
            let handlers = matches(#"<[a-z][^>]*>"#, in: text).filter { tag in
                !matches(#"\son[a-z]+\b"#, in: tag.replacingOccurrences(of: #""[^"]*""#, with: "\"\"", options: .regularExpression)).isEmpty
            }
            #expect(handlers.isEmpty, "\(path) holds a tag with an event handler: \(handlers.prefix(3))", sourceLocation: sourceLocation)
            #expect(matches("javascript:|vbscript:|data:text/html", in: text).isEmpty, "\(path) holds a script URL: \(matches(".{30}(javascript|vbscript):.{20}", in: text).prefix(3))", sourceLocation: sourceLocation)
            #expect(matches(#"<(iframe|object|embed|style|form|svg[^>]*onload|base|meta http-equiv="refresh")"#, in: text).isEmpty, "\(path) holds active markup", sourceLocation: sourceLocation)
        }
    }

    /// Every relative link of every page leads to a file of the pack, and every fragment to an element with that id.
    static func expectLinksResolve(_ dir: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        let all = files(dir)
        var checked = 0
        for (path, data) in all where path.hasSuffix(".html") {
            let text = String(decoding: data, as: UTF8.self)
            for attr in matches(#"(href|src)="[^"]*""#, in: text) {
                var url = String(attr.drop { $0 != "\"" }.dropFirst().dropLast())
                url = url.replacingOccurrences(of: "&#61;", with: "=").replacingOccurrences(of: "&amp;", with: "&")
                if url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("mailto:") { continue }
                #expect(!url.contains(":"), "\(path): \(url) is not relative", sourceLocation: sourceLocation)
                let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let target: String
                if parts[0].isEmpty {
                    target = path
                } else {
                    var segments = path.split(separator: "/").dropLast().map(String.init)
                    for s in (parts[0].removingPercentEncoding ?? String(parts[0])).split(separator: "/") {
                        if s == ".." { #expect(!segments.isEmpty, "\(path): \(url) leaves the pack", sourceLocation: sourceLocation); segments = Array(segments.dropLast()) } else { segments.append(String(s)) }
                    }
                    target = segments.joined(separator: "/")
                }
                guard let data = all[target] else { Issue.record("\(path): \(url) leads to \(target), which the pack does not hold", sourceLocation: sourceLocation); continue }
                if parts.count == 2, !parts[1].isEmpty {
                    let id = parts[1].removingPercentEncoding ?? String(parts[1])
                    #expect(String(decoding: data, as: UTF8.self).contains("id=\"\(id)\""), "\(path): \(url): no element with id \(id) in \(target)", sourceLocation: sourceLocation)
                }
                checked += 1
            }
        }
        #expect(checked > 0, sourceLocation: sourceLocation)
    }

    // MARK: Policies/

    @Test func packForThisRepositoryIsCompleteAndVerifies() throws {
        let tmp = TemporaryFolder("pack")
        let r = try Self.build(Self.policies, into: tmp)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("audit pack written to"))
        let dir = tmp.url.appendingPathComponent("pack")
        for p in Self.pages + ["docs/controls/5.15.html", "docs/policies/access-control.html", "docs/risks/R-006.html"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(p).path), "missing \(p)")
        }
        // Nothing but the pack is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == ["pack"])

        // The manifest: every file with its hash, the commit, the date and the tool's version.
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("manifest.json"))) as! [String: Any]
        let head = try runProcess(GitCLI.path, ["rev-parse", "HEAD"], in: RepositoryFiles.root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(manifest["commit"] as? String == head)
        #expect(manifest["generated"] as? String == "2026-12-01")
        #expect(manifest["tool_version"] as? String == (try ISMSBinary.run(["--version"]).stdout.split(separator: " ").dropFirst().first.map(String.init)))
        let status = try runProcess(GitCLI.path, ["status", "--porcelain", "--", "Policies"], in: RepositoryFiles.root).stdout
        if status.isEmpty { #expect(manifest["dirty"] as? Bool == false) }
        let listed = (manifest["files"] as! [[String: Any]]).map { $0["path"] as! String }
        #expect(Set(listed).union(["manifest.json"]) == Set(Self.files(dir).keys))
        #expect(listed.count > 200)

        // The SoA lists all 93 Annex A controls, in numeric order.
        let soa = try String(contentsOf: dir.appendingPathComponent("soa.html"), encoding: .utf8)
        let ids = Self.matches(#"<tr id="c-[0-9.]+""#, in: soa).map { String($0.dropFirst(10).dropLast()) }
        #expect(ids.count == 93)
        #expect(ids.prefix(3) == ["5.1", "5.2", "5.3"] && ids.last == "8.34")
        #expect(ids.firstIndex(of: "5.9")! < ids.firstIndex(of: "5.10")!)

        // The dashboard and the other pages hold what they promise.
        let index = try String(contentsOf: dir.appendingPathComponent("index.html"), encoding: .utf8)
        for needle in ["Audit readiness", "Stage 1", "Stage 2", "Audit findings open", "Reviews overdue", "isms lint", "4.3", "10.2"] {
            #expect(index.contains(needle), "index.html lacks \(needle)")
        }
        let programme = try String(contentsOf: dir.appendingPathComponent("programme.html"), encoding: .utf8)
        #expect(programme.contains("<svg") && programme.contains("Year 3") && programme.contains("<table>"))
        let risks = try String(contentsOf: dir.appendingPathComponent("risks.html"), encoding: .utf8)
        #expect(risks.contains("Inherent risk") && risks.contains("Residual risk") && risks.contains("R-006"))
        // A controlled document shows its revision history from git with the change-control verdict.
        let policy = try String(contentsOf: dir.appendingPathComponent("docs/policies/access-control.html"), encoding: .utf8)
        #expect(policy.contains("<h2>Revision history</h2>") && policy.contains("<th>Change control</th>"))
        #expect(!Self.matches("<td><code>[0-9a-f]{7}</code></td>", in: policy).isEmpty)
        #expect(policy.contains("POL-AC"))
        Self.expectInert(dir)
        Self.expectLinksResolve(dir)

        let v = try ISMSBinary.run(["report", "--verify", dir.path])
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        #expect(v.stdout.contains("intact"))
        // The manifest's hashes are what coreutils computes.
        let soaEntry = (manifest["files"] as! [[String: Any]]).first { $0["path"] as? String == "soa.html" }
        let sum = try runProcess("/usr/bin/env", ["sha256sum", dir.appendingPathComponent("soa.html").path])
        #expect(sum.status == 0 && soaEntry?["sha256"] as? String == String(sum.stdout.prefix(64)))

        // The same input gives the same bytes.
        try Self.build(Self.policies, into: tmp, name: "again")
        #expect(Self.files(dir) == Self.files(tmp.url.appendingPathComponent("again")))
    }

    @Test func verifyNamesTamperedMissingAndExtraFiles() throws {
        let tmp = TemporaryFolder("pack")
        #expect(try Self.build(Self.policies, into: tmp).status == 0)
        let dir = tmp.url.appendingPathComponent("pack")
        let soa = dir.appendingPathComponent("soa.html")
        var text = try String(contentsOf: soa, encoding: .utf8)
        text = text.replacingOccurrences(of: "No — excluded", with: "Yes")
        try text.write(to: soa, atomically: true, encoding: .utf8)
        var r = try ISMSBinary.run(["report", "--verify", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("changed: soa.html"), "\(r.stdout)")
        #expect(r.stdout.split(separator: "\n").count == 2, "\(r.stdout)")

        try FileManager.default.removeItem(at: dir.appendingPathComponent("docs/controls/5.15.html"))
        try Data("<p>added</p>".utf8).write(to: dir.appendingPathComponent("docs/extra.html"))
        r = try ISMSBinary.run(["report", "--verify", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("missing: docs/controls/5.15.html"), "\(r.stdout)")
        #expect(r.stdout.contains("extra:   docs/extra.html"), "\(r.stdout)")

        // No manifest, a broken manifest, a manifest pointing outside the pack: the tool cannot judge (exit 2).
        let manifest = dir.appendingPathComponent("manifest.json")
        try Data("{\"files\": [{\"path\": \"../../etc/passwd\", \"sha256\": \"00\"}]}".utf8).write(to: manifest)
        r = try ISMSBinary.run(["report", "--verify", dir.path])
        #expect(r.status == 2 && r.stderr.contains("not a path inside the pack"), "\(r.stderr)")
        try Data("not json".utf8).write(to: manifest)
        #expect(try ISMSBinary.run(["report", "--verify", dir.path]).status == 2)
        try FileManager.default.removeItem(at: manifest)
        r = try ISMSBinary.run(["report", "--verify", dir.path])
        #expect(r.status == 2 && r.stderr.contains("no manifest.json"), "\(r.stderr)")
        #expect(try ISMSBinary.run(["report", "--verify", tmp.url.appendingPathComponent("nowhere").path]).status == 2)
        #expect(try ISMSBinary.run(["report"]).status == 2)
    }

    @Test func refusesToOverwrite() throws {
        let tmp = TemporaryFolder("pack")
        tmp.write("pack/notes.txt", "mine")
        var r = try Self.build(Self.policies, into: tmp)
        #expect(r.status == 2)
        #expect(r.stderr.contains("already exists"), "\(r.stderr)")
        #expect(tmp.read("pack/notes.txt") == "mine")

        // --force replaces an earlier pack, never anything else.
        r = try Self.build(Self.policies, into: tmp, extra: ["--force"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("not an audit pack"), "\(r.stderr)")
        #expect(tmp.read("pack/notes.txt") == "mine")
        #expect(try ISMSBinary.run(["report", "--out", Self.policies.path, "--in", Self.policies.path, "--force"]).status == 2)
        #expect(try ISMSBinary.run(["report", "--out", RepositoryFiles.root.path, "--in", Self.policies.path, "--force"]).status == 2)

        #expect(try Self.build(Self.policies, into: tmp, name: "real").status == 0)
        #expect(try Self.build(Self.policies, into: tmp, name: "real").status == 2)
        r = try Self.build(Self.policies, into: tmp, name: "real", extra: ["--force"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try ISMSBinary.run(["report", "--verify", tmp.url.appendingPathComponent("real").path]).status == 0)
        // No temporary or set-aside folder is left behind.
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: tmp.path)) == ["pack", "real"])
    }

    // MARK: A hostile ISMS

    static let hostilePolicy = """
    ---
    id: POL-EVIL
    type: policy
    title: "<script>alert(1)</script>"
    owner: "\\" onmouseover=\\"alert(1)"
    approver: alice
    version: "1.0"
    status: approved
    effective: 2026-01-05
    review_every: 12 months
    last_reviewed: 2026-01-05
    annex_a: ["5.1\\" onclick=\\"x", "javascript:alert(1)"]
    ---
    # Evil <script>alert(2)</script>

    <script>alert(3)</script>

    <img src=x onerror="alert(4)"> <IMG SRC=x OnError=alert(4)>

    <a href="javascript:alert(5)">click</a> <a href=" JaVaScRiPt:alert(5)">click</a>

    <div onclick="alert(6)" style="background:url(javascript:alert(6))">div</div>

    [js](javascript:alert(7)) [JS](JaVaScRiPt:alert(8)) [enc](javascript&#58;alert(8)) [data](data:text/html;base64,PHNjcmlwdD4=)
    [vb](vbscript:msgbox(1)) [file](file:///etc/passwd) [x](../../../etc/passwd) [abs](/etc/passwd) [proto](//evil.example/x)
    [dots](%2e%2e/%2e%2e/%2e%2e/etc/passwd) [bs](..\\..\\etc\\passwd) [ref][r]

    [r]: javascript:alert(9)

    [ok](https://example.com/a?b=1 "t\\" onmouseover=\\"x") [mail](mailto:security@example.com) [other](other.md#scope) [self](#evil-alert2)

    <javascript:alert(10)> and plain text javascript:alert(11) and onload=alert(12)

    ![svg](../img/evil.svg) ![png](../img/ok.png) ![remote](https://evil.example/x.png) ![fake](../img/fake.png) ![up](../../../etc/x.png)

    `<script>alert(13)</script>`

    ```html
    <script>alert(14)</script>
    <img onerror=alert(15)>
    ```

    | a | b |
    |---|---|
    | <script>alert(16)</script> | [t](javascript:alert(17)) |

    <svg onload=alert(18)><script>alert(19)</script></svg>
    <style>body{display:none}</style>
    <iframe src="https://evil.example"></iframe>
    <meta http-equiv="refresh" content="0;url=javascript:alert(20)">
    """

    static let otherPolicy = """
    ---
    id: POL-OTHER
    type: policy
    title: Other <b onmouseover=alert(1)>policy</b>
    owner: alice
    approver: alice
    version: "1.0"
    status: draft
    review_every: 12 months
    ---
    # Other

    ## Scope
    """

    static let people = """
    ---
    id: PEOPLE
    type: people
    title: People
    owner: alice
    approver: alice
    version: "1.0"
    status: draft
    review_every: 12 months
    people:
      - id: alice
        name: "<img src=x onerror=alert(1)>"
        emails: [alice@example.com]
        roles: [ciso]
    ---
    # People
    """

    static let risk = """
    ---
    id: "R-<script>"
    type: risk
    title: "javascript:alert(1)"
    owner: alice
    status: open
    likelihood: 3
    impact: 4
    treatment: mitigate
    controls: ["5.1", "javascript:x"]
    residual: {likelihood: 1, impact: 2}
    ---
    # Risk
    """

    static let finding = """
    ---
    id: F-1
    type: finding
    title: "<svg/onload=alert(1)>"
    owner: alice
    audit: "AUD-<x>"
    severity: major
    control: "5.1\\" onclick=\\"x"
    status: open
    raised: 2026-01-05
    due: 2026-02-05
    ---
    # Finding
    """

    @Test func hostileCorpusLeavesNothingActive() throws {
        let repo = TemporaryFolder("hostile")
        repo.write("isms.yml", "version: 1\norganisation: \"<script>alert('org')</script> Evil Ltd javascript:x\"\ncertification:\n  date: 2025-06-20\n")
        repo.write("policies/evil.md", Self.hostilePolicy)
        repo.write("policies/other.md", Self.otherPolicy)
        repo.write("people.md", Self.people)
        repo.write("risks/R-1.md", Self.risk)
        repo.write("findings/F-1.md", Self.finding)
        repo.write("policies/<img src=x onerror=alert(1)>.md", Self.otherPolicy.replacingOccurrences(of: "POL-OTHER", with: "POL-NAME"))
        repo.write("img/evil.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>")
        repo.write("img/fake.png", "<script>alert(1)</script>")
        // A real 1×1 PNG.
        repo.write("img/ok.png", data: Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!)
        try GitCLI.initRepository(repo)
        try GitCLI.commitAll(repo, "<script>alert('commit')</script> javascript:alert(1)", author: ("<img src=x onerror=alert(1)>", "evil@example.com"))
        repo.write("policies/evil.md", Self.hostilePolicy.replacingOccurrences(of: "version: \"1.0\"", with: "version: \"1.1\""))
        try GitCLI.commitAll(repo, "\" onmouseover=\"alert(2)", date: "2026-02-01T10:00:00Z", author: ("x\" onclick=\"y", "evil2@example.com"))

        let out = TemporaryFolder("pack")
        let r = try Self.build(repo.url, into: out)
        #expect(r.status == 0, "\(r.stderr)")
        let dir = out.url.appendingPathComponent("pack")
        let all = Self.files(dir)
        #expect(all["docs/policies/evil.html"] != nil)
        #expect(all["files/img/ok.png"] != nil)
        #expect(all.keys.filter { $0.hasPrefix("files/") } == ["files/img/ok.png"], "only the real local raster image is copied: \(all.keys.sorted())")
        Self.expectInert(dir)
        Self.expectLinksResolve(dir)

        let evil = String(decoding: all["docs/policies/evil.html"]!, as: UTF8.self)
        #expect(!evil.contains("passwd\""), "a link leaving the pack survived")
        #expect(!evil.lowercased().contains("href=\"file:") && !evil.contains("href=\"/") && !evil.contains("href=\"//"))
        #expect(evil.contains("<a href=\"https://example.com/a?b&#61;1\" rel=\"noopener noreferrer\""), "external links keep rel=noopener noreferrer")
        #expect(evil.contains("<a href=\"mailto:security@example.com\" rel=\"noopener noreferrer\">"))
        #expect(evil.contains("<a href=\"other.html#scope\">other</a>"), "links to ISMS documents point at their pages")
        #expect(evil.contains("<img src=\"../../files/img/ok.png\""))
        #expect(evil.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the front matter title is shown, escaped")
        // Dropped links keep their text.
        #expect(evil.contains("<p>js JS enc data\nvb file x abs proto\ndots bs ref</p>"), "dropped links keep their text")
        // The revision history shows the hostile commit subjects and authors as text.
        #expect(evil.contains("Revision history") && evil.contains("&lt;script&gt;alert(&#39;commit&#39;)"))
        #expect(try ISMSBinary.run(["report", "--verify", dir.path]).status == 0)
    }

    // MARK: Deleted documents

    /// A controlled document deleted with an approval stays in the pack: listed on documents.html, with its own page
    /// holding its last front matter and its revisions, the deletion first. Repository text is escaped.
    @Test func deletedDocumentsKeepTheirAuditTrail() throws {
        let repo = TemporaryFolder("isms-deleted")
        try GitCLI.initRepository(repo)
        repo.write("isms.yml", "version: 1\nchange_control:\n  since: 2026-01-06\n")
        repo.write("people.md", HookTests.people)
        repo.write("policies/access-control.md", HookTests.policy(version: "1.0", body: "Access by role."))
        func remote(_ version: String) -> String {
            HookTests.policy(version: version, body: "Work from home.").replacingOccurrences(of: "POL-AC", with: "POL-RW")
                .replacingOccurrences(of: "title: Access control policy", with: "title: \"Remote <script>alert(1)</script> work\"")
        }
        repo.write("policies/remote.md", remote("1.0"))
        let imported = try GitCLI.commitAll(repo, "Import", date: "2026-01-05T10:00:00Z", author: ("Alice", "alice@example.com"))
        repo.write("policies/remote.md", remote("1.1"))
        let edited = try GitCLI.commitAll(repo, "Remote work v1.1\n\nApproved-by: Carol <carol@example.com>", date: "2026-02-01T10:00:00Z", author: ("Bob", "bob@example.com"))
        try GitCLI.run(["rm", "-q", "policies/remote.md"], in: repo.url)
        let deletion = try GitCLI.commitAll(repo, "Drop the <remote> policy\n\nApproved-by: Carol <carol@example.com>", date: "2026-03-01T10:00:00Z", author: ("Bob", "bob@example.com"))

        let out = TemporaryFolder("pack")
        let r = try Self.build(repo.url, into: out)
        #expect(r.status == 0, "\(r.stderr)")
        let dir = out.url.appendingPathComponent("pack")
        let all = Self.files(dir)
        let page = String(decoding: try #require(all["deleted/policies/remote.html"], "no page for the deleted policy: \(all.keys.sorted())"), as: UTF8.self)
        #expect(all.keys.filter { $0.hasPrefix("deleted/") } == ["deleted/policies/remote.html"], "only the deleted document has a deleted/ page")

        let list = String(decoding: try #require(all["documents.html"]), as: UTF8.self)
        #expect(list.contains("<h2>Deleted documents</h2>"))
        #expect(list.contains("href=\"deleted/policies/remote.html\""), "the list links to the deleted document's page")
        #expect(list.contains("POL-RW") && list.contains(String(deletion.prefix(7))) && list.contains("2026-03-01"))
        #expect(list.contains("Drop the &lt;remote&gt; policy") && list.contains("Remote &lt;script&gt;alert(1)&lt;/script&gt; work"))

        // The page: the deletion first, then the revisions before it, each with its change-control verdict.
        #expect(page.contains("Remote &lt;script&gt;alert(1)&lt;/script&gt; work (deleted)"), "title shown, escaped")
        #expect(page.contains("git show \(deletion.prefix(7))^:policies/remote.md"), "where its last version is")
        let order = [deletion, edited, imported].map { page.range(of: "<code>\($0.prefix(7))") }
        #expect(order.allSatisfy { $0 != nil }, "every revision is listed: \(order)")
        let starts = order.compactMap { $0?.lowerBound }
        #expect(starts == starts.sorted(), "newest first, the deletion at the top")
        #expect(page.contains("Drop the &lt;remote&gt; policy") && page.contains("carol (Approved-by trailer"), "the deletion's approval is shown")
        #expect(!list.contains("deleted/policies/access-control"), "a document that exists is not listed as deleted")
        Self.expectInert(dir)
        Self.expectLinksResolve(dir)
        #expect(try ISMSBinary.run(["report", "--verify", dir.path]).status == 0)
    }

    // MARK: A real browser

    /// Chromium (Debian package `chromium`) renders the dashboard and the SoA from file:// with no console errors.
    @Test func browserRendersDashboardAndSoA() throws {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/chromium" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let chromium = path else {
            Issue.record("chromium is not on PATH: install chromium (scripts/setup.sh --test)")
            return
        }
        let tmp = TemporaryFolder("pack")
        #expect(try Self.build(Self.policies, into: tmp).status == 0)
        let dir = tmp.url.appendingPathComponent("pack")
        let shots = ProcessInfo.processInfo.environment["ISMS_SCREENSHOTS"].map { URL(fileURLWithPath: $0) } ?? tmp.url.appendingPathComponent("screenshots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let profile = tmp.url.appendingPathComponent("chromium-profile")
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)", "--window-size=1280,900"]
        for page in ["index.html", "soa.html", "programme.html", "risks.html", "docs/controls/5.15.html"] {
            let png = shots.appendingPathComponent(page.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ".html", with: ".png"))
            try? FileManager.default.removeItem(at: png)
            let r = try runProcess(chromium, common + ["--enable-logging=stderr", "--v=0", "--screenshot=\(png.path)", dir.appendingPathComponent(page).absoluteString])
            let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
            #expect(size > 10_000, "\(page): screenshot \(png.path) is \(size) bytes; chromium said: \(r.stderr.suffix(600))")
            // Console messages (errors, CSP violations, failed loads) are logged as INFO:CONSOLE.
            let console = r.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") || $0.contains("ERR_FILE_NOT_FOUND") }
            #expect(console.isEmpty, "\(page): \(console)")
        }
        let dom = try runProcess(chromium, common + ["--dump-dom", dir.appendingPathComponent("index.html").absoluteString])
        #expect(dom.stdout.contains("<h1>Audit readiness</h1>"), "\(dom.stdout.prefix(300)) \(dom.stderr.suffix(300))")
        #expect(dom.stdout.contains("Stage 1 — mandatory documented information"))
        let soa = try runProcess(chromium, common + ["--dump-dom", dir.appendingPathComponent("soa.html").absoluteString])
        #expect(soa.stdout.contains("<h1>Statement of Applicability</h1>") && soa.stdout.contains("id=\"c-8.34\""))
    }
}
