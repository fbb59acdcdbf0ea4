import Foundation
import Testing
import TestSupport

/// A deliberately broken ISMS — Tests/Fixtures/broken-isms, "Fernhollow Ltd", a 14-person analytics SaaS — linted by
/// the built binary as a user runs it. Every rule that files alone can trigger fires at least once (the exceptions are
/// justified below), every planted defect is found at its file, line and column, the clean documents mixed among the
/// broken ones produce nothing, nothing unplanned is reported, and lint writes nothing.
///
/// What cannot live in git well is made here, in the copy: a symbolic link leaving the folder, a binary file, a
/// Latin-1 file, a file over 1 MiB, an alias bomb and 10,000-deep nesting.
@Suite(.serialized) struct BrokenFixtureTests {
    static let today = "2026-06-01"

    struct Spot: Hashable, CustomStringConvertible {
        var rule: String
        var path: String
        var line: Int
        var column: Int
        init(_ rule: String, _ path: String, _ line: Int, _ column: Int) {
            self.rule = rule; self.path = path; self.line = line; self.column = column
        }
        var description: String { "\(path):\(line):\(column) [\(rule)]" }
    }

    // MARK: The planted defects

    /// Every defect planted in the main ISMS, where it must be reported. At least one per rule, except
    /// people-registry-missing (see `acquiredExpectations`).
    static let expectations: [Spot] = [
        // isms.yml
        Spot("mandatory-document-missing", "isms.yml", 1, 1),           // no competence evidence (7.2): PROC-JML lists only 7.3
        Spot("config-unknown-key", "isms.yml", 14, 1),                  // review_reminder_days: not a setting
        Spot("config-unknown-rule", "isms.yml", 17, 3),                 // rules: link-borken
        Spot("config-value-unknown", "isms.yml", 19, 75),               // controlled_types: objectives (the type is objective)
        // policies/
        Spot("owner-inactive", "policies/acceptable-use.md", 5, 8),     // owner greta left on 2026-03-31
        Spot("link-outside-repository", "policies/acceptable-use.md", 23, 74), // ../../hr-drive/signed-aup/
        Spot("review-due-soon", "policies/business-continuity.md", 11, 16),    // due 2026-06-20
        Spot("field-unknown", "policies/business-continuity.md", 12, 1),       // clasification:
        Spot("type-unknown", "policies/byod.md", 3, 7),                 // type: polcy
        Spot("front-matter-unclosed", "policies/cryptography.md", 1, 1),
        Spot("id-duplicate", "policies/logging.md", 2, 1),              // id POL-AC copied from access-control.md
        Spot("id-duplicate", "policies/access-control.md", 2, 1),       // the same id, reported on every copy
        Spot("review-overdue", "policies/logging.md", 11, 16),          // last reviewed 2025-03-03, every 12 months
        Spot("field-type", "policies/logging.md", 13, 10),              // annex_a: 8.15 (not a list)
        Spot("yaml-syntax", "policies/remote-working.md", 4, 22),       // a second ': ' in a plain title
        Spot("role-unknown", "policies/supplier-security.md", 6, 11),   // approver: role:board
        Spot("value-not-allowed", "policies/supplier-security.md", 10, 17), // classification: secret
        Spot("control-unknown", "policies/supplier-security.md", 11, 29),   // annex_a: … 5.42
        // policies/, generated in the copy
        Spot("yaml-too-complex", "policies/alias-bomb.md", 9, 1),       // 'f' expands past 100,000 values
        Spot("yaml-too-complex", "policies/deep-nesting.md", 4, 5),     // v: [[[[… 10,000 deep
        Spot("symlink-outside", "policies/escape.md", 1, 1),
        Spot("file-unreadable", "policies/legacy-latin1.md", 4, 23),    // Latin-1 'è' in the title
        // procedures/
        Spot("yaml-duplicate-key", "procedures/backup-restore.md", 12, 1),     // owner: given twice
        Spot("owner-is-team", "procedures/change-management.md", 5, 8),        // owner: platform
        Spot("field-required", "procedures/change-management.md", 6, 1),      // approver: left empty
        Spot("suppression-reason-missing", "procedures/incident-response.md", 24, 6),
        Spot("link-broken", "procedures/incident-response.md", 25, 33),        // a suppression without a reason suppresses nothing
        Spot("link-anchor-missing", "procedures/incident-response.md", 29, 62), // #escalation-matrix; the heading is 'Escalation'
        Spot("suppression-unused", "procedures/incident-response.md", 33, 6),  // guards a link that works
        Spot("front-matter-missing", "procedures/supplier-onboarding.md", 1, 1),
        // controls/
        Spot("justification-missing", "controls/5.23.md", 13, 1),
        Spot("reference-unknown", "controls/5.23.md", 16, 12),          // evidence: EV-AWS-SOC2-2025 does not exist
        Spot("control-id-unknown", "controls/5.38.md", 2, 5),
        Spot("applicability-undecided", "controls/5.7.md", 10, 1),      // applicable: left empty
        Spot("control-missing", "controls/7.4.md", 8, 9),               // the only 7.4 document is retired
        Spot("control-missing", "controls/5.1.md", 1, 1),               // one of the 86 Annex A controls with no document
        Spot("owner-external", "controls/8.16.md", 5, 8),               // owner: nightwatch (the outsourced SOC)
        Spot("control-unsupported", "controls/8.16.md", 14, 17),        // implemented, no policy, no evidence
        Spot("control-title-mismatch", "controls/8.24.md", 4, 8),       // 'Encryption', not 'Use of cryptography'
        Spot("control-not-implemented", "controls/8.24.md", 14, 17),
        Spot("programme-coverage-gap", "controls/8.24.md", 12, 13),     // applicable, in no internal audit of the cycle
        // risks/
        Spot("risk-acceptance-unauthorised", "risks/R-002.md", 11, 14), // score 10 accepted by the CISO
        Spot("excluded-control-in-use", "risks/R-003.md", 13, 5),       // 7.1 is excluded in controls/7.1.md
        Spot("control-id-2013", "risks/R-003.md", 14, 5),               // A.11.1.2
        Spot("risk-score-out-of-scale", "risks/R-004.md", 8, 13),       // likelihood 6 on a 1–5 scale
        Spot("residual-risk-not-accepted", "risks/R-004.md", 12, 1),
        // evidence/ (EV-BADGE-EXPORT and EV-SIEM-EXPORT are generated in the copy)
        Spot("evidence-expired", "evidence/EV-BACKUP-RESTORE-2025-Q3.md", 9, 12),
        Spot("file-unreadable", "evidence/EV-BADGE-EXPORT.md", 5, 1),   // a NUL byte
        Spot("evidence-validity-missing", "evidence/EV-PENTEST-2026.md", 8, 1),
        Spot("date-in-future", "evidence/EV-PENTEST-2026.md", 8, 12),   // collected: 2026-06-20
        Spot("template-text-left", "evidence/EV-PENTEST-2026.md", 13, 1), // the evidence template's sentence, left in
        Spot("file-unreadable", "evidence/EV-SIEM-EXPORT.md", 1, 1),    // over 1 MiB
        // audits/, findings/, objectives/, reviews/
        Spot("audit-not-completed", "audits/AUD-2026-01.md", 7, 9),
        Spot("surveillance-previous-findings", "audits/AUD-2026-SV1.md", 6, 7), // F-2026-01, open, not reviewed
        Spot("programme-unplanned-coverage", "audits/AUD-2027-01.md", 7, 9),   // the only audit of most clauses, still planned
        Spot("audit-interval", "audits/programme.md", 14, 1),           // nothing in 2028; 12 months and 27 days between audits
        Spot("auditor-owns-scope", "audits/AUD-2026-01.md", 14, 33),    // co-auditor greta owns POL-AUP; the note has no approval
        Spot("auditor-team-process", "audits/AUD-2026-01.md", 15, 15),  // greta audits PROC-JML, owned by lena of her team
        Spot("finding-overdue", "findings/F-2026-01.md", 11, 6),        // major, due 2026-04-30
        Spot("finding-closed-incomplete", "findings/F-2026-02.md", 9, 9), // no root_cause, no closed
        Spot("date-invalid", "findings/F-2026-02.md", 11, 6),           // due: 2026-04-31
        Spot("finding-fix-external", "findings/F-2026-02.md", 13, 11),  // a pull request in another repository
        Spot("finding-audit-mismatch", "findings/F-2026-04.md", 10, 9), // raised 2026-03-12, before the audit started
        Spot("finding-fix-unresolved", "findings/F-2026-04.md", 15, 11), // neither a commit nor a pull request
        Spot("finding-verification-not-independent", "findings/F-2026-04.md", 16, 14), // verified by its owner
        Spot("objective-overdue", "objectives/OBJ-01.md", 14, 6),
        Spot("template-heading-missing", "objectives/OBJ-01.md", 17, 1), // templates/objective.md asks for Plan and How results are evaluated
        Spot("person-unknown", "reviews/MR-2026-01.md", 8, 34),         // attendee jonas
        Spot("review-inputs-missing", "reviews/MR-2026-01.md", 9, 1),   // input g is still the template's clause heading
        Spot("review-decisions-missing", "reviews/MR-2025-09.md", 17, 1), // complete, decisions: []
    ]

    /// people-registry-missing cannot fire in the same ISMS as person-unknown, role-unknown, owner-is-team,
    /// owner-inactive and owner-external: all five need a people registry, and it fires only when there is none. So the
    /// fixture holds a second ISMS, acquired/ (ignored by the main isms.yml), with no registry, linted on its own.
    static let acquiredExpectations: [Spot] = [
        Spot("people-registry-missing", "acquired/isms.yml", 1, 1),
        Spot("programme-technical-only", "acquired/audits/programme.md", 11, 1), // Ledgerly audited only 8.x controls
        Spot("risk-register-empty", "acquired/risk-methodology.md", 3, 1), // a methodology, no assessment yet
    ]

    /// Rules that cannot fire in the main run (see above). programme-technical-only needs internal audits that scope no
    /// clause at all, and Fernhollow's audits scope clauses (else every clause would be a coverage gap too); Ledgerly's
    /// programme in acquired/ audited only technological controls.
    /// risk-register-empty needs a methodology with no risk at all, and Fernhollow has risks; Ledgerly has only the method.
    static let exclusiveRules: Set<String> = ["people-registry-missing", "programme-technical-only", "risk-register-empty"]

    /// Rules impossible to trigger from files alone: the change-control family judges commits (approvals, authors,
    /// version bumps between revisions, shallow clones), and outside a git repository lint skips them and says so.
    /// They are recognised by their family, so a new history rule joins them and a new file rule must be planted here.
    static let historyFamily = "change-control"
    /// History-only rules of other families (tested on real repositories in IndependenceTests).
    static let historyOnlyRules: Set<String> = ["auditor-changed-scope"]

    /// Documents with no defect planted: they must produce no finding at all.
    static let cleanDocuments = [
        "people.md",
        "scope.md",
        "risk-methodology.md",
        "policies/information-security.md",
        "procedures/joiners-movers-leavers.md",
        "procedures/document-control.md",      // shows the suppression syntax in a fenced code block
        "controls/5.15.md",
        "controls/7.1.md",                     // unquoted id, excluded control
        "controls/C-RESTORE-TEST.md",          // the organisation's own control
        "risks/R-001.md",
        "evidence/EV-ACCESS-REVIEW-2026-Q1.md",
        "findings/F-2026-03.md",               // front matter closed with '...'
    ]

    /// Annex A controls with a current control document in the fixture; each of the other 86 is control-missing.
    static let controlsWithDocuments: Set<String> = ["5.15", "5.23", "5.7", "7.1", "8.16", "8.24"]

    // MARK: Running it

    static var fixture: URL { RepositoryFiles.root.appendingPathComponent("Tests/Fixtures/broken-isms") }

    struct Run {
        var folder: TemporaryFolder
        var outside: TemporaryFolder
        var result: ProcessResult
        var findings: [Spot]
        var before: [String: Data]

        func at(_ path: String) -> [Spot] { findings.filter { $0.path == path } }
    }

    /// The fixture, copied into a folder outside any git repository, with the files git cannot hold well added.
    static func prepare() throws -> (folder: TemporaryFolder, outside: TemporaryFolder) {
        let dir = TemporaryFolder("broken-isms")
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: fixture.path) {
            try fm.copyItem(at: fixture.appendingPathComponent(name), to: dir.url.appendingPathComponent(name))
        }
        // A symbolic link to a file in another folder: never followed.
        let outside = TemporaryFolder("outside")
        outside.write("salaries.md", "---\nid: SALARIES\ntitle: Salaries 2026\n---\n")
        dir.symlink("policies/escape.md", to: outside.url.appendingPathComponent("salaries.md").path)
        // An export pasted in as Markdown: a NUL byte on line 5.
        var binary = Data("---\nid: EV-BADGE-EXPORT\ntype: evidence\ntitle: Badge system export\n".utf8)
        binary.append(contentsOf: [0x00, 0x01, 0x02, 0x03])
        binary.append(Data("binary export\n".utf8))
        dir.write("evidence/EV-BADGE-EXPORT.md", data: binary)
        // Saved as Latin-1: 'è' is the byte 0xE8, at line 4, column 23.
        dir.write("policies/legacy-latin1.md", data: "---\nid: POL-LEGACY\ntype: policy\ntitle: Politique d'accès\nowner: ines\n---\n".data(using: .isoLatin1)!)
        // A log export over 1 MiB.
        var log = "---\nid: EV-SIEM-EXPORT\ntype: evidence\ntitle: SIEM export\n---\n"
        for i in 0..<22_000 { log += "2026-05-\(String(format: "%02d", i % 28 + 1)) 12:00:00 sshd accepted publickey for deploy\n" }
        dir.write("evidence/EV-SIEM-EXPORT.md", log)
        // The billion laughs: each line nine times the one before; 'f' (line 9) passes the 100,000-value bound.
        var bomb = "---\nid: POL-LOL\ntype: policy\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (p, n) in zip("abcdefgh", "bcdefghi") { bomb += "\(n): &\(n) [" + Array(repeating: "*\(p)", count: 9).joined(separator: ", ") + "]\n" }
        dir.write("policies/alias-bomb.md", bomb + "---\n")
        // 10,000 nested lists on line 4.
        dir.write("policies/deep-nesting.md", "---\nid: POL-DEEP\ntype: policy\nv: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n---\n")
        return (dir, outside)
    }

    static func parse(_ result: ProcessResult) throws -> [Spot] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout.prefix(500))")
        return try json.map { f in
            Spot(try #require(f["rule"] as? String), try #require(f["path"] as? String),
                 try #require(f["line"] as? Int), try #require(f["column"] as? Int))
        }
    }

    /// `isms lint . --format json --today 2026-06-01` in a fresh copy (`target` lints a part of it instead).
    static func lint(_ target: String = ".") throws -> Run {
        let (dir, outside) = try prepare()
        let before = dir.snapshot()
        let result = try ISMSBinary.run(["lint", target, "--format", "json", "--today", today], in: dir.url)
        return Run(folder: dir, outside: outside, result: result, findings: try parse(result), before: before)
    }

    /// Every rule `isms rules --format json` lists, with its family.
    static func rules() throws -> [String: String] {
        let r = try ISMSBinary.run(["rules", "--format", "json"])
        #expect(r.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: try list.map { (try #require($0["id"] as? String), try #require($0["family"] as? String)) })
    }

    // MARK: Tests

    @Test func exitsOneAndEveryRuleFires() throws {
        let run = try Self.lint()
        #expect(run.result.status == 1, "\(run.result.stderr)")
        #expect(!run.result.stderr.contains("Fatal"))
        #expect(run.result.stderr.contains("not in a git repository"))
        let rules = try Self.rules()
        let all = Set(rules.keys)
        #expect(all.count >= 51)
        let history = Set(rules.filter { $0.value == Self.historyFamily }.keys).union(Self.historyOnlyRules)
        let expected = all.subtracting(history).subtracting(Self.exclusiveRules)
        let fired = Set(run.findings.map(\.rule))
        #expect(fired.subtracting(all).isEmpty, "findings of rules `isms rules` does not list: \(fired.subtracting(all).sorted())")
        #expect(expected.subtracting(fired).isEmpty, "rules that did not fire: \(expected.subtracting(fired).sorted())")
        #expect(fired == expected)
        // Together with the acquired ISMS, the expectation table names every rule that files alone can trigger.
        let tabled = Set((Self.expectations + Self.acquiredExpectations).map(\.rule))
        #expect(tabled == all.subtracting(history), "rules without a planted defect: \(all.subtracting(history).subtracting(tabled).sorted())")
    }

    @Test func everyPlantedDefectIsFoundAtItsFileLineAndColumn() throws {
        let run = try Self.lint()
        let found = Set(run.findings)
        for spot in Self.expectations {
            let reported = found.contains(spot)
            #expect(reported, "not reported: \(spot); reported in that file: \(run.at(spot.path).map(\.description))")
        }
    }

    @Test func nothingElseIsReported() throws {
        let run = try Self.lint()
        let planned = Set(Self.expectations)
        // Annex A controls without a document are reported at the path their file would have.
        let missing = run.findings.filter { $0.rule == "control-missing" && $0.line == 1 && $0.column == 1 }
        #expect(missing.count == 93 - Self.controlsWithDocuments.count - 1, "the 93 Annex A controls, less 6 with documents and retired 7.4")
        for spot in missing {
            let id = spot.path.replacingOccurrences(of: "controls/", with: "").replacingOccurrences(of: ".md", with: "")
            #expect(spot.path.hasPrefix("controls/") && !Self.controlsWithDocuments.contains(id) && id != "7.4", "\(spot)")
            #expect(!run.folder.exists(spot.path), "control-missing on a file that exists: \(spot)")
        }
        let unexpected = run.findings.filter { !planned.contains($0) && !missing.contains($0) }
        #expect(unexpected.isEmpty, "findings nobody planted: \(unexpected.map(\.description))")
    }

    @Test func cleanDocumentsProduceNoFindings() throws {
        let run = try Self.lint()
        let plantedPaths = Set(Self.expectations.map(\.path))
        for path in Self.cleanDocuments {
            #expect(run.folder.exists(path), "the clean document \(path) is not in the fixture")
            #expect(!plantedPaths.contains(path), "\(path) is listed as clean but has a defect planted")
            #expect(run.at(path).isEmpty, "false alarms in \(path): \(run.at(path).map(\.description))")
        }
    }

    @Test func lintWritesNothingAndDoesNotFollowTheLinkOut() throws {
        let run = try Self.lint()
        #expect(run.result.status == 1)
        #expect(!run.result.stdout.contains("SALARIES"), "the link leaving the folder was followed")
        #expect(!run.result.stdout.contains("lol, lol"), "the alias bomb was expanded into the output")
        #expect(run.folder.snapshot() == run.before, "lint changed the folder")
    }

    @Test func theAcquiredISMSHasNoPeopleRegistry() throws {
        let run = try Self.lint("acquired")
        #expect(run.result.status == 1, "\(run.result.stderr)")
        let found = Set(run.findings)
        for spot in Self.acquiredExpectations {
            let reported = found.contains(spot)
            #expect(reported, "not reported: \(spot); reported there: \(run.at(spot.path).map(\.description))")
        }
        // The main ISMS ignores acquired/, and this run reads only acquired/.
        #expect(run.findings.allSatisfy { $0.path.hasPrefix("acquired/") }, "\(run.findings.filter { !$0.path.hasPrefix("acquired/") }.prefix(5))")
        #expect(run.folder.snapshot() == run.before, "lint changed the folder")
    }
}
