import Foundation
import Testing
import TestSupport

/// The Statement of Applicability as an auditor prints it: a version and a sign-off block, evidence addresses as links,
/// and a landscape print layout (Chromium's print-to-PDF) instead of 22 portrait pages.
@Suite(.serialized) struct SoAPrintTests {
    static var chromium: String? {
        ((ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/bin").split(separator: ":").map { "\($0)/chromium" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Page sizes of a PDF Chromium wrote (its page objects carry their MediaBox uncompressed).
    static func pageSizes(_ pdf: URL) throws -> [(width: Double, height: Double)] {
        let text = String(decoding: try Data(contentsOf: pdf), as: UTF8.self)
        let regex = try NSRegularExpression(pattern: #"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]"#)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
            guard let w = Range(m.range(at: 1), in: text).flatMap({ Double(text[$0]) }), let h = Range(m.range(at: 2), in: text).flatMap({ Double(text[$0]) }) else { return nil }
            return (w, h)
        }
    }

    @Test func soaHasAVersionASignOffBlockAndEvidenceLinks() throws {
        let dir = TemporaryFolder("soa-print")
        try GitCLI.initRepository(dir)
        dir.write("isms.yml", "version: 1\norganisation: Example Ltd\n")
        dir.write("people.md", HookTests.people)
        dir.write("controls/5.15.md", AuditPlanTests.control("5.15", owner: "alice", approver: "carol").replacingOccurrences(of: "implementation: implemented", with: "implementation: implemented\nevidence: [EV-1, EV-2]"))
        dir.write("evidence/EV-1.md", "---\nid: EV-1\ntype: evidence\ntitle: Access review Q1\nowner: alice\nstatus: current\ncontrols: [5.15]\ncollected: 2026-01-10\nvalid_for: 3 months\nlocation: https://drive.example.com/isms/ev-1.pdf?x=1&y=2\n---\n# EV-1\n")
        dir.write("evidence/EV-2.md", "---\nid: EV-2\ntype: evidence\ntitle: Badge export\nowner: alice\nstatus: current\ncontrols: [5.15]\ncollected: 2026-01-10\nvalid_for: 3 months\nlocation: \"javascript:alert(1)\"\n---\n# EV-2\n")
        let commit = try GitCLI.commitAll(dir, "ISMS")
        let html = try ISMSBinary.run(["soa", "--format", "html", "--today", "2026-02-01"], in: dir.url)
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.contains("SoA version: \(commit.prefix(7))"), "\(html.stdout.suffix(800))")
        #expect(html.stdout.contains("<table class=\"signoff\">") && html.stdout.contains("Approved by (top management)"))
        #expect(html.stdout.contains("<a href=\"https://drive.example.com/isms/ev-1.pdf?x=1&amp;y=2\">Access review Q1 (EV-1)</a>"))
        #expect(!html.stdout.contains("javascript:"), "only web addresses become links")
        #expect(html.stdout.contains("@page{size:A4 landscape"))
        let md = try ISMSBinary.run(["soa", "--format", "md", "--today", "2026-02-01"], in: dir.url)
        #expect(md.stdout.contains("[Access review Q1 (EV-1)](<https://drive.example.com/isms/ev-1.pdf?x=1&y=2>)"), "\(md.stdout)")
        #expect(md.stdout.contains("## Approval") && md.stdout.contains("SoA version: \(commit.prefix(7))"))
    }

    @Test func theExampleSoAPrintsLandscapeOnFewerPages() throws {
        guard let chromium = Self.chromium else {
            Issue.record("chromium is not on PATH: install chromium (scripts/setup.sh --test)")
            return
        }
        let tmp = TemporaryFolder("soa-pdf")
        let html = try ISMSBinary.run(["soa", "--in", RepositoryFiles.root.appendingPathComponent("Policies").path, "--format", "html", "--today", "2026-12-01"])
        #expect(html.status == 0)
        let page = tmp.write("soa.html", html.stdout)
        // CI keeps the printed SoA beside the pack's screenshots (ISMS_SCREENSHOTS) for a person to look at.
        let shots = ProcessInfo.processInfo.environment["ISMS_SCREENSHOTS"].map { URL(fileURLWithPath: $0) } ?? tmp.url
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let pdf = shots.appendingPathComponent("soa-print.pdf")
        try? FileManager.default.removeItem(at: pdf)
        let r = try runProcess(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(tmp.url.appendingPathComponent("profile").path)",
                                          "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString])
        let sizes = try Self.pageSizes(pdf)
        #expect(!sizes.isEmpty, "\(r.stderr.suffix(400))")
        #expect(sizes.allSatisfy { $0.width > $0.height }, "every page landscape: \(sizes)")
        // 93 controls with justifications, on A4 landscape: well under the 22 portrait pages it took before.
        #expect(sizes.count <= 16, "\(sizes.count) pages")
        // The same for the audit pack's soa.html: its table pages are landscape.
        let packDir = TemporaryFolder("pack-soa")
        #expect(try AuditPackTests.build(AuditPackTests.policies, into: packDir).status == 0)
        let packPDF = packDir.url.appendingPathComponent("soa.pdf")
        _ = try runProcess(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(packDir.url.appendingPathComponent("profile").path)",
                                      "--no-pdf-header-footer", "--print-to-pdf=\(packPDF.path)", packDir.url.appendingPathComponent("pack/soa.html").absoluteString])
        let packSizes = try Self.pageSizes(packPDF)
        #expect(packSizes.filter { $0.width > $0.height }.count >= 3, "\(packSizes)")
    }
}
