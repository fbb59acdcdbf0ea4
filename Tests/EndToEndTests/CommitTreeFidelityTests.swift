import Foundation
import Testing
import TestSupport

/// The ISMS read from a commit's tree (`lint --rev`, a bare repository, `check --range`) is the ISMS a clean clone of
/// that commit holds: same documents, same links found, same findings. Differential: one repository with everything a
/// tree and a working tree can disagree on, read the four ways.
@Suite(.serialized) struct CommitTreeFidelityTests {
    typealias Hooks = HookTests

    static func doc(_ id: String, _ title: String, body: String) -> String {
        Hooks.policy(version: "1.0", body: body).replacingOccurrences(of: "POL-AC", with: id)
            .replacingOccurrences(of: "Access control policy", with: title)
    }

    /// BASE: the ISMS in isms/, with hidden folders, ignored paths, links to files that are not Markdown, symbolic
    /// links, CRLF, BOM, Latin-1, oversized and executable files. HEAD: a submodule (a gitlink) and a new form.
    static func origin() throws -> (TemporaryFolder, base: String) {
        let dir = TemporaryFolder("isms-tree-fidelity")
        try GitCLI.initRepository(dir)
        dir.write("isms/isms.yml", "version: 1\nignore: [\"README.md\", \"archive/**\"]\ntemplates:\n  folder: .templates\nchange_control:\n  since: 2026-01-06\n")
        // The organisation's templates, in a hidden folder (so not documents themselves).
        dir.write("isms/.templates/policy.md", "# Policy\n\n## Rules\n")
        dir.write("isms/people.md", Hooks.people)
        dir.write("isms/policies/access-control.md", Hooks.policy(version: "1.0", body: """
        Request access with [the form](../../forms/request.pdf), as ![the flow](img/flow.png) shows.
        All forms: [forms](../../forms/) and [the shared copy](../../shared/request.pdf); the [rotation script](../../scripts/rotate.sh).
        The [vendored library](../../vendor/lib) and [the draft](../.drafts/next.md).
        Broken: [the old form](../../forms/old.pdf), [a dangling link](../../forms/dangling.pdf), ![a missing image](img/missing.png).
        """))
        dir.write("isms/policies/img/flow.png", data: Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        dir.write("forms/request.pdf", "%PDF-1.4\n")
        dir.symlink("shared", to: "forms")
        dir.symlink("forms/dangling.pdf", to: "missing.pdf")
        dir.write("scripts/rotate.sh", "#!/bin/sh\n")
        chmod(dir.url.appendingPathComponent("scripts/rotate.sh").path, 0o755)
        // Hidden folders and files: a checkout's reader skips them.
        dir.write("isms/.drafts/next.md", "no front matter\n")
        dir.write("isms/policies/.notes.md", "no front matter either\n")
        // Ignored by isms.yml.
        dir.write("isms/archive/old.md", "no front matter\n")
        dir.write("isms/README.md", "# The ISMS\n")
        // Text as committed: CRLF, a BOM, Latin-1, over the size limit, executable.
        dir.write("isms/policies/crlf.md", Self.doc("POL-CRLF", "CRLF policy", body: "Line one.\n\nSee [the gone form](../../forms/gone.pdf).")
            .replacingOccurrences(of: "\n", with: "\r\n"))
        dir.write("isms/policies/bom.md", data: Data([0xEF, 0xBB, 0xBF]) + Data(Self.doc("POL-BOM", "BOM policy", body: "See [nothing](nothing.md).").utf8))
        dir.write("isms/policies/latin1.md", data: Data("---\nid: POL-L1\ntitle: Caf".utf8) + Data([0xE9]) + Data("\n---\n".utf8))
        dir.write("isms/policies/huge.md", String(repeating: "x", count: (1 << 20) + 10))
        dir.write("isms/procedures/run.md", Self.doc("PROC-RUN", "Run procedure", body: "Run [the script](../../scripts/rotate.sh) and [this](../../scripts/nothing.sh)."))
        chmod(dir.url.appendingPathComponent("isms/procedures/run.md").path, 0o755)
        // Symbolic links to Markdown: inside (followed), dangling inside, and leaving the repository (never followed).
        dir.symlink("isms/policies/alias.md", to: "access-control.md")
        dir.symlink("isms/policies/dangling.md", to: "missing.md")
        dir.symlink("isms/policies/elsewhere.md", to: "/etc/passwd")
        // A baseline accepting one finding, committed with the ISMS.
        let write = try ISMSBinary.run(["baseline", "--write", "--in", "isms", "--today", "2026-03-01"], in: dir.url)
        #expect(write.status == 0, "\(write.stderr)")
        let file = dir.url.appendingPathComponent("isms/isms-baseline.json")
        var baseline = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
        baseline["findings"] = (baseline["findings"] as? [[String: Any]] ?? []).filter {
            $0["path"] as? String == "policies/access-control.md" && ($0["message"] as? String ?? "").contains("old.pdf")
        }
        #expect((baseline["findings"] as? [Any])?.count == 1)
        try JSONSerialization.data(withJSONObject: baseline).write(to: file)
        let base = try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: ("Alice", "alice@example.com"))
        // A submodule as git stores it (a gitlink): a clone holds an empty folder there.
        try GitCLI.run(["update-index", "--add", "--cacheinfo", "160000,\(base),vendor/lib"], in: dir.url)
        dir.write(".gitmodules", "[submodule \"vendor/lib\"]\n\tpath = vendor/lib\n\turl = https://example.com/lib.git\n")
        dir.write("forms/request.pdf", "%PDF-1.5\n")
        // Not `add -A`: the origin has no folder at vendor/lib, which would stage the gitlink's removal.
        try GitCLI.run(["add", ".gitmodules", "forms/request.pdf"], in: dir.url)
        try GitCLI.run(["commit", "-q", "-m", "Add the library and a new form"], in: dir.url, date: "2026-01-05T11:00:00Z", author: ("Alice", "alice@example.com"))
        return (dir, base)
    }

    /// Each finding as rule, path, line, column and message, sorted.
    static func findings(_ r: ProcessResult, _ label: String) -> [String] {
        guard let all = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] else {
            Issue.record("\(label): not a JSON list (exit \(r.status)): \(r.stdout)\n\(r.stderr)")
            return []
        }
        return all.map { f in
            ["rule", "severity", "path", "line", "column", "message", "commit"].map { "\(f[$0] ?? "-")" }.joined(separator: " | ")
        }.sorted()
    }

    static func expectSame(_ a: [String], _ b: [String], _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let onlyA = a.filter { !b.contains($0) }, onlyB = b.filter { !a.contains($0) }
        #expect(onlyA.isEmpty && onlyB.isEmpty && a.count == b.count, "\(label): \(a.count) vs \(b.count) findings\nonly in the clone:\n\(onlyA.joined(separator: "\n"))\nonly in the other:\n\(onlyB.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    @Test func aCommitReadsAsACleanCloneOfIt() throws {
        let (origin, base) = try Self.origin()
        let folder = TemporaryFolder("isms-tree-fidelity-clones")
        try GitCLI.run(["clone", "-q", origin.path, "work"], in: folder.url)
        try GitCLI.run(["clone", "-q", "--bare", origin.path, "server.git"], in: folder.url)
        let clone = folder.url.appendingPathComponent("work"), bare = folder.url.appendingPathComponent("server.git")
        #expect(FileManager.default.fileExists(atPath: clone.appendingPathComponent("vendor/lib").path), "git checks a gitlink out as an empty folder")

        let today = ["--format", "json", "--today", "2026-03-01"]
        let working = try ISMSBinary.run(["lint", "isms"] + today, in: clone)
        let reference = Self.findings(working, "lint")
        // Not vacuous: the working tree's reading is what the others must match.
        #expect(working.status == 1, "\(working.stderr)")
        let broken = reference.filter { $0.hasPrefix("link-broken") && !$0.contains("alias.md") }
        #expect(broken.count == 5, "\(broken.joined(separator: "\n"))")
        #expect(working.stderr.contains("1 finding accepted in isms/isms-baseline.json"), "\(working.stderr)")
        #expect(reference.contains { $0.hasPrefix("template-heading-missing") && $0.contains("access-control.md") && $0.contains(".templates/policy.md") },
                "the organisation's template is used: \(reference.filter { $0.contains("template-heading") })")
        for target in ["dangling.pdf", "missing.png", "gone.pdf", "nothing.md", "nothing.sh"] {
            #expect(broken.contains { $0.contains(target) }, "\(target) is broken")
        }
        #expect(!reference.contains { $0.contains(".drafts") || $0.contains(".notes") || $0.contains("archive/") }, "hidden and ignored files are not read")
        #expect(reference.contains { $0.contains("isms/policies/crlf.md | 17 | 5 |") }, "the CRLF file's link is on line 17: \(reference.filter { $0.contains("crlf") })")
        for path in ["elsewhere.md", "dangling.md", "latin1.md", "huge.md"] {
            #expect(reference.contains { $0.contains("isms/policies/\(path)") && ($0.hasPrefix("file-") || $0.hasPrefix("symlink-outside")) }, "\(path) is a file finding: \(reference.filter { $0.contains(path) })")
        }

        let atRev = try ISMSBinary.run(["lint", "isms", "--rev", "HEAD"] + today, in: clone)
        #expect(atRev.status == working.status, "\(atRev.stderr)")
        Self.expectSame(reference, Self.findings(atRev, "lint --rev HEAD"), "lint --rev HEAD in the clone")

        // The index of a clean clone holds the same: `lint --staged` (and so `check --staged`) reads it the same way.
        let staged = try ISMSBinary.run(["lint", "isms", "--staged"] + today, in: clone)
        #expect(staged.status == working.status, "\(staged.stderr)")
        Self.expectSame(reference, Self.findings(staged, "lint --staged"), "lint --staged in the clone")

        let inBare = try ISMSBinary.run(["lint", "isms", "--rev", "HEAD"] + today, in: bare)
        #expect(inBare.status == working.status, "\(inBare.stderr)")
        Self.expectSame(reference, Self.findings(inBare, "bare"), "lint --rev HEAD in a bare clone")

        for (label, dir) in [("clone", clone), ("bare", bare)] {
            let range = try ISMSBinary.run(["check", "--range", "\(base)..HEAD", "--all", "--in", "isms"] + today, in: dir)
            #expect(range.status == working.status, "\(label): \(range.stderr)")
            Self.expectSame(reference, Self.findings(range, "check --range"), "check --range --all in the \(label)")
        }
    }
}
