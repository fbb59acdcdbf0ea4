import Foundation
import Testing
import TestSupport

/// `isms report --verify DIR --rebuild`: the pack is built again from the commit its manifest records and compared file
/// by file, so a page edited with its manifest rehashed is caught, and changes in the working tree do not matter.
@Suite(.serialized) struct PackRebuildTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4])

    /// A repository with the ISMS in `isms/` (isms.yml there, the documents in `isms/docs`, the organisation's templates
    /// in `isms/templates`), a policy showing an image and linking a form, a hidden draft, and two commits; returns it
    /// and the last commit.
    static func repository() throws -> (TemporaryFolder, String) {
        let repo = TemporaryFolder("isms-rebuild")
        try GitCLI.initRepository(repo)
        repo.write("README.md", "# Company\n")
        repo.write("isms/isms.yml", "version: 1\norganisation: Example Ltd\nroot: docs\nchange_control:\n  since: 2026-01-06\ntemplates:\n  folder: templates\n")
        // The organisation's template asks for a heading the policy lacks: a finding the rebuild must find too.
        repo.write("isms/templates/policy.md", "# Policy title\n\n## Purpose\n")
        repo.write("isms/docs/people.md", HookTests.people)
        repo.write("isms/docs/diagrams/flow.png", data: png)
        repo.write("isms/docs/forms/request.pdf", "%PDF-1.4\n")
        repo.write("isms/docs/.drafts/idea.md", "---\nid: POL-DRAFT\ntype: policy\n---\n# Draft\n")
        let body = "Access is granted by role.\n\n![Flow](../diagrams/flow.png)\n\nAsk with the [form](../forms/request.pdf)."
        repo.write("isms/docs/policies/access-control.md", HookTests.policy(version: "1.0", body: body))
        try GitCLI.commitAll(repo, "Import", date: "2026-01-05T10:00:00Z", author: ("Alice", "alice@example.com"))
        repo.write("isms/docs/policies/access-control.md", HookTests.policy(version: "1.1", body: body + "\n\nReviewed quarterly."))
        let head = try GitCLI.commitAll(repo, "Access control v1.1\n\nApproved-by: Carol <carol@example.com>", date: "2026-02-01T10:00:00Z", author: ("Bob", "bob@example.com"))
        return (repo, head)
    }

    static func build(_ repo: TemporaryFolder, into out: TemporaryFolder, name: String = "pack") throws -> URL {
        let r = try ISMSBinary.run(["report", "--out", out.url.appendingPathComponent(name).path, "--today", "2026-12-01"], in: repo.url.appendingPathComponent("isms"))
        #expect(r.status == 0, "\(r.stderr)")
        return out.url.appendingPathComponent(name)
    }

    /// Rewrites the page (when `text` is given) and puts its new hash in manifest.json.
    static func rehash(_ pack: URL, _ path: String, to text: String? = nil) throws {
        if let text { try text.write(to: pack.appendingPathComponent(path), atomically: true, encoding: .utf8) }
        let manifestURL = pack.appendingPathComponent("manifest.json")
        var manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        let old = try #require(manifest.components(separatedBy: "\"path\": \"\(path)\", \"sha256\": \"").dropFirst().first?.prefix(64))
        let new = try runProcess("/usr/bin/sha256sum", [pack.appendingPathComponent(path).path]).stdout.prefix(64)
        manifest = manifest.replacingOccurrences(of: String(old), with: String(new))
        try manifest.write(to: manifestURL, atomically: true, encoding: .utf8)
    }

    // (a) The pack as built: identical to its rebuild, and the rebuild writes nothing into the repository.
    @Test func aPackIsIdenticalToItsRebuild() throws {
        let (repo, head) = try Self.repository()
        let out = TemporaryFolder("pack")
        let pack = try Self.build(repo, into: out)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: pack.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect(manifest?["configuration"] as? String == "isms/isms.yml", "the isms.yml used is recorded")
        #expect(manifest?["generated"] as? String == "2026-12-01" && manifest?["commit"] as? String == head && manifest?["dirty"] as? Bool == false)
        #expect(FileManager.default.fileExists(atPath: pack.appendingPathComponent("files/diagrams/flow.png").path), "the image is in the pack")
        let policy = try String(contentsOf: pack.appendingPathComponent("docs/policies/access-control.html"), encoding: .utf8)
        #expect(policy.contains("Purpose"), "the organisation's template is applied (its heading is asked for)")
        let files = AuditPackTests.files(pack).count

        let before = repo.snapshot()
        let r = try ISMSBinary.run(["report", "--verify", pack.path, "--rebuild"], in: repo.url)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("manifest checksums: intact"), "\(r.stdout)")
        #expect(r.stdout.contains("rebuilt from commit \(head.prefix(12)): identical (\(files) files)"), "\(r.stdout)")
        #expect(repo.snapshot() == before, "the rebuild wrote into the repository (its working tree or .git)")

        // From anywhere, naming the repository with --in; and from a bare mirror (no working tree at all).
        let elsewhere = try ISMSBinary.run(["report", "--verify", pack.path, "--rebuild", "--in", repo.path], in: out.url)
        #expect(elsewhere.status == 0 && elsewhere.stdout.contains("identical"), "\(elsewhere.stdout)\(elsewhere.stderr)")
        let mirror = TemporaryFolder("mirror")
        try GitCLI.run(["clone", "-q", "--bare", repo.path, mirror.url.appendingPathComponent("isms.git").path], in: mirror.url)
        let bare = try ISMSBinary.run(["report", "--verify", pack.path, "--rebuild", "--in", mirror.url.appendingPathComponent("isms.git").path], in: out.url)
        #expect(bare.status == 0 && bare.stdout.contains("identical"), "\(bare.stdout)\(bare.stderr)")

        // Without --rebuild: the checksums only, as before.
        let plain = try ISMSBinary.run(["report", "--verify", pack.path], in: repo.url)
        #expect(plain.status == 0 && !plain.stdout.contains("rebuilt"), "\(plain.stdout)")
        #expect(try ISMSBinary.run(["report", "--out", out.url.appendingPathComponent("x").path, "--rebuild"], in: repo.url).status == 2, "--rebuild goes with --verify")
    }

    // (b) A page edited and the manifest rehashed: the checksums agree, the rebuild names the page.
    @Test func anEditedAndRehashedPageIsCaught() throws {
        let (repo, _) = try Self.repository()
        let out = TemporaryFolder("pack")
        let pack = try Self.build(repo, into: out)
        let page = "docs/policies/access-control.html"
        let url = pack.appendingPathComponent(page)
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "Access is granted by role.", with: "Access is granted to everyone.")
        #expect(edited != text)
        try edited.write(to: url, atomically: true, encoding: .utf8)
        try Self.rehash(pack, page)

        let r = try ISMSBinary.run(["report", "--verify", pack.path, "--rebuild"], in: repo.url)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("manifest checksums: intact"), "the rehashed manifest agrees: \(r.stdout)")
        #expect(r.stdout.contains("not as rebuilt"), "\(r.stdout)")
        #expect(r.lines.contains("  differs: \(page)"), "\(r.stdout)")
        #expect(r.lines.contains("  differs: manifest.json"), "the rehashed manifest is not the one the commit gives: \(r.stdout)")
        #expect(!r.lines.contains("  differs: soa.html"), "only what was touched is named: \(r.stdout)")

        // A pack from before manifest.json named its isms.yml: found above the documents in the commit, so only the
        // manifest (which names it now) is not as rebuilt.
        try Self.rehash(pack, page, to: text)
        let manifestURL = pack.appendingPathComponent("manifest.json")
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        try manifest.replacingOccurrences(of: "  \"configuration\": \"isms/isms.yml\",\n", with: "").write(to: manifestURL, atomically: true, encoding: .utf8)
        let older = try ISMSBinary.run(["report", "--verify", pack.path, "--rebuild"], in: repo.url)
        #expect(older.status == 1 && older.lines.filter { $0.hasPrefix("  differs: ") } == ["  differs: manifest.json"], "\(older.stdout)")

        // A page removed and one added: missing and extra, in the checksums and in the rebuild.
        try FileManager.default.removeItem(at: pack.appendingPathComponent("risks.html"))
        try Data("<p>added</p>".utf8).write(to: pack.appendingPathComponent("docs/extra.html"))
        let more = try ISMSBinary.run(["report", "--verify", pack.path, "--rebuild"], in: repo.url)
        #expect(more.status == 1)
        #expect(more.stdout.contains("  missing: risks.html (the rebuild has it"), "\(more.stdout)")
        #expect(more.stdout.contains("  extra:   docs/extra.html (the pack has it"), "\(more.stdout)")
    }

    // (c) The working tree changed after the pack was built: the rebuild reads the commit, so it is still identical.
    @Test func workingTreeChangesDoNotMatter() throws {
        let (repo, head) = try Self.repository()
        let out = TemporaryFolder("pack")
        let pack = try Self.build(repo, into: out)
        repo.write("isms/docs/policies/access-control.md", HookTests.policy(version: "1.2", body: "Uncommitted text."))
        repo.write("isms/docs/diagrams/flow.png", data: Self.png + Data([9, 9, 9]))
        repo.write("isms/docs/policies/new.md", "---\nid: POL-NEW\ntype: policy\ntitle: New\n---\n# New\n")
        repo.write("isms/isms.yml", "version: 1\norganisation: Someone Else\nroot: docs\ntemplates:\n  folder: templates\n")
        repo.write("isms/templates/policy.md", "# Policy title\n\n## Scope\n")

        let r = try ISMSBinary.run(["report", "--verify", pack.path, "--rebuild"], in: repo.url)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("rebuilt from commit \(head.prefix(12)): identical"), "\(r.stdout)")

        // The changes are real: a pack built now differs (it is marked dirty and shows the new text).
        let now = try Self.build(repo, into: out, name: "now")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: now.appendingPathComponent("manifest.json"))) as? [String: Any]
        #expect(manifest?["dirty"] as? Bool == true)
        #expect(AuditPackTests.files(now)["files/diagrams/flow.png"] != AuditPackTests.files(pack)["files/diagrams/flow.png"])
        // … and such a pack does not come from the commit alone: its rebuild says so.
        let dirty = try ISMSBinary.run(["report", "--verify", now.path, "--rebuild"], in: repo.url)
        #expect(dirty.status == 1, "\(dirty.stdout)")
        #expect(dirty.stdout.contains("uncommitted changes (\"dirty\": true)"), "\(dirty.stdout)")
    }

    // (d) The recorded commit is not in the repository: exit 2, saying to fetch it.
    @Test func aCommitTheRepositoryLacksStopsWithExit2() throws {
        let (repo, head) = try Self.repository()
        let out = TemporaryFolder("pack")
        let pack = try Self.build(repo, into: out)

        // Another repository that never had the commit.
        let other = TemporaryFolder("other")
        try GitCLI.initRepository(other)
        other.write("README.md", "other\n")
        try GitCLI.commitAll(other, "Other")
        let r = try ISMSBinary.run(["report", "--verify", pack.path, "--rebuild"], in: other.url)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("commit \(head) is not in the repository") && r.stderr.contains("git fetch"), "\(r.stderr)")
        #expect(r.stdout.contains("manifest checksums: intact"), "what was checked is still said: \(r.stdout)")

        // A shallow clone has the commit but not the history the revision tables show: not identical, and it says why.
        let shallow = TemporaryFolder("shallow")
        try GitCLI.run(["clone", "-q", "--depth", "1", "file://" + repo.path, shallow.url.appendingPathComponent("c").path], in: shallow.url)
        let cut = try ISMSBinary.run(["report", "--verify", pack.path, "--rebuild", "--in", shallow.url.appendingPathComponent("c").path], in: out.url)
        #expect(cut.status == 1 && cut.stdout.contains("this clone is shallow"), "\(cut.stdout)\(cut.stderr)")

        // A manifest naming a commit nobody has; one naming none; and no repository at all.
        let manifestURL = pack.appendingPathComponent("manifest.json")
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        try manifest.replacingOccurrences(of: head, with: String(repeating: "ab", count: 20)).write(to: manifestURL, atomically: true, encoding: .utf8)
        let unknown = try ISMSBinary.run(["report", "--verify", pack.path, "--rebuild"], in: repo.url)
        #expect(unknown.status == 2 && unknown.stderr.contains("is not in the repository"), "\(unknown.stderr)")
        try manifest.replacingOccurrences(of: "\"\(head)\"", with: "null").write(to: manifestURL, atomically: true, encoding: .utf8)
        let none = try ISMSBinary.run(["report", "--verify", pack.path, "--rebuild"], in: repo.url)
        #expect(none.status == 2 && none.stderr.contains("records no commit"), "\(none.stderr)")
        try manifest.write(to: manifestURL, atomically: true, encoding: .utf8)
        let outside = try ISMSBinary.run(["report", "--verify", pack.path, "--rebuild"], in: out.url)
        #expect(outside.status == 2 && outside.stderr.contains("not in a git repository"), "\(outside.stderr)")
    }
}
