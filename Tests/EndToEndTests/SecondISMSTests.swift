import Foundation
import Testing
import TestSupport

/// A second, independently shaped ISMS — Tests/Fixtures/kestrel-isms, "Kestrel Books Ltd", eight people, all remote —
/// laid out its own way (root: isms, documents by clause area, controls under annex-a/<theme>/<id>-<slug>.md, records
/// under records/) with its own templates folder, and heavy in records: five findings, five audits, seven evidence
/// records, two management reviews, three objectives. Clauses 7.2, 9.1, 9.2 and 10.2 are satisfied by records only
/// (no procedure lists them). It is clean on 2026-09-01; a copy with defects planted is reported at path:line:column.
/// The 93 control files were written by tools/make-controls.py from the titles `isms init` lays out.
@Suite(.serialized) struct SecondISMSTests {
    static let today = "2026-09-01"
    static var fixture: URL { RepositoryFiles.root.appendingPathComponent("Tests/Fixtures/kestrel-isms") }

    static func copy() throws -> TemporaryFolder {
        let dir = TemporaryFolder("kestrel-isms")
        for name in try FileManager.default.contentsOfDirectory(atPath: fixture.path) {
            try FileManager.default.copyItem(at: fixture.appendingPathComponent(name), to: dir.url.appendingPathComponent(name))
        }
        return dir
    }

    static func lint(_ dir: TemporaryFolder) throws -> (status: Int32, findings: [String], stderr: String) {
        let r = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", today], in: dir.url)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], "\(r.stdout.prefix(400)) \(r.stderr)")
        let spots = json.map { f in "\(f["path"] ?? "?"):\(f["line"] ?? 0):\(f["column"] ?? 0) \(f["rule"] ?? "?") \(f["severity"] ?? "?")" }
        return (r.status, spots, r.stderr)
    }

    static func replace(_ dir: TemporaryFolder, _ path: String, _ old: String, _ new: String) throws {
        let text = try #require(dir.read(path), "\(path)")
        #expect(text.contains(old), "\(path) has no '\(old)'")
        dir.write(path, text.replacingOccurrences(of: old, with: new))
    }

    @Test func cleanAtItsDate() throws {
        let dir = try Self.copy()
        let run = try Self.lint(dir)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.findings.isEmpty, "\(run.findings)")
    }

    /// Every defect of issue 11, planted in a copy; each is reported once, where it is fixed, and nothing else is.
    @Test func plantedDefectsAreFoundWhereTheyStand() throws {
        let dir = try Self.copy()
        // A draft scope counts as present but not approved.
        try Self.replace(dir, "isms/context/scope.md", "status: approved", "status: draft")
        // Objectives deleted: the top policy still lists 6.2 in clauses:, which is not the objectives.
        for id in ["OBJ-2026-1", "OBJ-2026-2", "OBJ-2026-3"] {
            try FileManager.default.removeItem(at: dir.url.appendingPathComponent("isms/planning/objectives/\(id).md"))
        }
        // NC-02 loses verified_on; its body records the check.
        try Self.replace(dir, "isms/records/nonconformities/NC-02.md", "verified_on: 2026-05-20\n", "")
        // A ticket key is not where a fix can be seen.
        try Self.replace(dir, "isms/records/nonconformities/NC-01.md", "fixed_by: \"kestrel/infra#14\"", "fixed_by: OPS-212")
        // A three-part version.
        try Self.replace(dir, "isms/leadership/suppliers.md", "version: \"1.0\"", "version: 1.2.0")
        // A policy copied to a new name keeps its id; a control file gives a key twice.
        dir.write("isms/leadership/acceptable-use-2027-draft.md", try #require(dir.read("isms/leadership/acceptable-use.md")))
        try Self.replace(dir, "isms/annex-a/technological/8.15-logging.md", "implementation: implemented\n", "implementation: implemented\nimplementation: partial\n")
        // change_control.controlled lists a status.
        try Self.replace(dir, "isms.yml", "controlled_statuses: [approved, in-review]", "controlled_statuses: [approved, in-review]\n  controlled: [policy, approved]")
        // A risk not reassessed for 18 months.
        try Self.replace(dir, "isms/planning/risk-register/RSK-04.md", "last_reviewed: 2026-02-10", "last_reviewed: 2025-03-01")
        // The programme's plan for 2028 removed.
        try Self.replace(dir, "isms/audit-programme.md", "plan:\n  - year: 2028\n    title: Whole-ISMS audit before recertification\n", "")
        // A section the organisation's policy template requires removed.
        try Self.replace(dir, "isms/leadership/access-and-devices.md", "## Exceptions\n\nBreak-glass AWS root access, sealed and logged.\n\n", "")

        // The policy's version moves on; its hand-written document control table does not.
        try Self.replace(dir, "isms/leadership/information-security-policy.md", "version: \"1.2\"", "version: \"1.3\"")

        let run = try Self.lint(dir)
        #expect(run.status == 1, "an unknown change_control value is a finding, not exit 2: \(run.stderr)")
        let expected: Set<String> = [
            "isms.yml:1:1 mandatory-document-missing error",                           // 6.2: objectives gone
            "isms.yml:14:24 config-value-unknown error",                                // controlled: [policy, approved]
            "isms/context/scope.md:8:9 mandatory-document-missing error",               // present but not approved
            "isms/records/nonconformities/NC-02.md:9:9 finding-closed-incomplete warning", // add verified_on: 2026-05-20
            "isms/records/nonconformities/NC-01.md:15:11 finding-fix-unresolved error",
            "isms/leadership/suppliers.md:7:10 field-type error",                       // 1.2.0
            "isms/leadership/acceptable-use.md:2:1 id-duplicate error",                 // on every copy
            "isms/leadership/acceptable-use-2027-draft.md:2:1 id-duplicate error",
            "isms/annex-a/technological/8.15-logging.md:15:1 yaml-duplicate-key error", // and no 'control missing'
            "isms/planning/risk-register/RSK-04.md:9:16 review-overdue error",          // risks reviewed at review_every
            "isms/audit-programme.md:13:1 audit-interval warning",                      // nothing for 2028 any more
            "isms/leadership/access-and-devices.md:31:1 template-heading-missing warning", // insert ## Exceptions here
            "isms/leadership/information-security-policy.md:51:1 version-history-mismatch warning", // latest row 1.2
        ]
        #expect(Set(run.findings) == expected, "missing: \(expected.subtracting(run.findings).sorted()); unplanned: \(Set(run.findings).subtracting(expected).sorted())")
        #expect(run.findings.count == expected.count, "\(run.findings)")
    }

    /// The audit pack's Stage 1 dashboard reads mandatory information as the rule does: every clause is ready,
    /// 7.2 and 10.2 by their records.
    @Test func stage1DashboardShowsEveryClauseReady() throws {
        let dir = try Self.copy()
        let out = TemporaryFolder("kestrel-pack")
        let pack = out.url.appendingPathComponent("pack")
        let r = try ISMSBinary.run(["report", "--out", pack.path, "--today", Self.today], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: pack.appendingPathComponent("index.html"), encoding: .utf8)
        let text = html.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
        let stage1 = try #require(text.range(of: "Clause Required Documented in State Note")).upperBound
        let stage2 = try #require(text.range(of: "Stage 2 — controls in operation")).lowerBound
        let section = String(text[stage1..<stage2])
        #expect(section.components(separatedBy: " ready ").count - 1 == 12, "\(section)")
        #expect(section.contains("7.2 evidence of competence EV-SKILLS-MATRIX-2026"), "\(section)")
        #expect(section.contains("10.2 nonconformities and corrective actions NC-01"), "\(section)")
    }

    /// finding-fix-external is configurable: Kestrel turns it off; with the setting gone, its fix in another
    /// repository is information, not an error.
    @Test func forgeReferenceElsewhereIsInformation() throws {
        let dir = try Self.copy()
        try Self.replace(dir, "isms.yml", "  finding-fix-external: off", "  review-due-soon: info")
        let run = try Self.lint(dir)
        #expect(run.status == 0)
        #expect(run.findings == ["isms/records/nonconformities/NC-01.md:15:11 finding-fix-external info"])
    }
}
