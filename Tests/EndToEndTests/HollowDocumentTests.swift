import Foundation
import Testing
import TestSupport

/// Documents that exist but say nothing yet are not "ready": lint reports them and the audit pack's dashboard agrees.
@Suite(.serialized) struct HollowDocumentTests {
    static func approved(_ id: String, _ type: String, _ title: String, _ extra: String = "", body: String) -> String {
        """
        ---
        id: \(id)
        type: \(type)
        title: \(title)
        owner: alice
        approver: carol
        version: "1.0"
        status: approved
        effective: 2026-01-05
        review_every: 12 months
        last_reviewed: 2026-01-05
        \(extra)
        ---
        # \(title)

        \(body)
        """
    }

    static let placeholderScope = approved("SCOPE", "scope", "Scope of the ISMS", "clauses: [4.3]", body: """
    ## Organisational units and locations

    State which parts of Example Ltd the ISMS covers: teams, offices, remote working.

    ## Exclusions

    What is out of scope, and why.
    """)

    static let methodology = approved("RM", "risk-methodology", "Risk methodology", """
    clauses: [6.1.2, 6.1.3, 8.2, 8.3]
    scales:
      likelihood: {min: 1, max: 5}
      impact: {min: 1, max: 5}
    acceptance_threshold: 8
    """, body: "Likelihood times impact.")

    static let templateInputs = """
    inputs:
      a: Status of actions from previous management reviews.
      b: Changes in external and internal issues.
      c: Changes in needs and expectations of interested parties.
      d: Feedback on information security performance.
      e: Feedback from interested parties.
      f: Results of risk assessment and status of the risk treatment plan.
      g: Opportunities for continual improvement.
    """

    static func review(_ fields: String) -> String {
        "---\nid: MR-2026-1\ntype: management-review\ntitle: Management review 2026\nowner: alice\nstatus: complete\ndate: 2026-02-20\nattendees: [alice, carol]\n\(fields)\n---\n# Management review\n"
    }

    static func hollowISMS() throws -> TemporaryFolder {
        let dir = TemporaryFolder("isms-hollow")
        try GitCLI.initRepository(dir)
        dir.write("isms/isms.yml", "version: 1\norganisation: Example Ltd\nchange_control:\n  since: 2026-01-06\n")
        dir.write("isms/people.md", HookTests.people)
        dir.write("isms/scope.md", placeholderScope)
        dir.write("isms/risk-methodology.md", methodology)
        dir.write("isms/reviews/MR-2026-1.md", review(templateInputs + "\ndecisions: []"))
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: ("Alice", "alice@example.com"))
        return dir
    }

    /// The dashboard's state for one clause of the Stage 1 table.
    static func dashboardState(_ index: String, clause: String) -> String? {
        guard let row = index.components(separatedBy: "<tr>").first(where: { $0.hasPrefix("<td>\(clause)</td>") }) else { return nil }
        for s in ["ready", "attention", "missing"] where row.contains(">\(s)<") { return s }
        return nil
    }

    static func pack(_ dir: TemporaryFolder) throws -> String {
        let out = dir.url.appendingPathComponent("pack-out")
        try? FileManager.default.removeItem(at: out)
        let r = try ISMSBinary.run(["report", "--out", out.path, "--today", "2026-03-01"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        try? FileManager.default.removeItem(at: out)
        return index
    }

    @Test func hollowDocumentsAreFindingsAndNotReady() throws {
        let dir = try Self.hollowISMS()
        let r = try ISMSBinary.run(["lint", "--today", "2026-03-01", "--format", "json"], in: dir.url)
        #expect(r.status == 1)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        func rules(_ path: String) -> Set<String> { Set(json.filter { $0["path"] as? String == path }.compactMap { $0["rule"] as? String }) }
        #expect(rules("isms/scope.md").contains("template-text-left"), "\(r.stdout)")
        #expect(rules("isms/risk-methodology.md").contains("risk-register-empty"), "\(r.stdout)")
        #expect(rules("isms/reviews/MR-2026-1.md").isSuperset(of: ["review-decisions-missing", "review-inputs-missing"]), "\(r.stdout)")
        let scopeFinding = json.first { $0["rule"] as? String == "template-text-left" }
        #expect(scopeFinding?["line"] as? Int == 18, "at the first placeholder line: \(String(describing: scopeFinding))")

        let index = try Self.pack(dir)
        for clause in ["4.3", "8.2", "8.3", "9.3"] {
            #expect(Self.dashboardState(index, clause: clause) == "attention", "\(clause) is hollow, not ready")
        }

        // Filled in: the same clauses are ready, and lint has nothing to say about them.
        dir.write("isms/scope.md", Self.approved("SCOPE", "scope", "Scope of the ISMS", "clauses: [4.3]", body: "All of Example Ltd: the Bristol office and remote staff in the UK."))
        dir.write("isms/risks/R-001.md", "---\nid: R-001\ntype: risk\ntitle: Stolen laptop\nowner: alice\nstatus: open\nlikelihood: 2\nimpact: 3\n---\n# R-001\n")
        dir.write("isms/reviews/MR-2026-1.md", Self.review(HollowTestsText.realInputs + "decisions: [Keep the scope.]"))
        let clean = try ISMSBinary.run(["lint", "--today", "2026-03-01", "--no-history", "--format", "json"], in: dir.url)
        for rule in ["template-text-left", "risk-register-empty", "review-decisions-missing", "review-inputs-missing"] {
            #expect(!clean.stdout.contains("\"\(rule)\""), "\(rule): \(clean.stdout)")
        }
        let after = try Self.pack(dir)
        for clause in ["4.3", "8.2", "8.3", "9.3"] {
            #expect(Self.dashboardState(after, clause: clause) == "ready", "\(clause) after filling in")
        }
    }

    /// A fresh `isms init`: its scope and policy are placeholders, and there are no risks yet.
    @Test func aFreshInitIsNotReady() throws {
        let dir = TemporaryFolder("isms-init")
        #expect(try ISMSBinary.run(["init", ".", "--organisation", "Acme"], in: dir.url).status == 0)
        let r = try ISMSBinary.run(["lint", "--format", "json", "--no-history"], in: dir.url)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
        let hollow = Set(json.filter { ($0["rule"] as? String).map { ["template-text-left", "risk-register-empty"].contains($0) } ?? false }.compactMap { $0["path"] as? String })
        #expect(hollow.contains("scope.md") && hollow.contains("risk-methodology.md"), "\(hollow)")
        #expect(hollow.contains { $0.hasPrefix("policies/") }, "\(hollow)")
        // Undecided controls are reported once, by applicability-undecided, not again as template text.
        #expect(!hollow.contains { $0.hasPrefix("controls/") })
    }
}

enum HollowTestsText {
    static let realInputs = """
    inputs:
      a: All actions from 2025 are closed.
      b: A new payroll supplier.
      c: Customers ask for SSO.
      d: Objectives on target.
      e: Survey rated security 4.5 of 5.
      f: Reassessment covers 14 risks.
      g: Automate access reviews.

    """
}
