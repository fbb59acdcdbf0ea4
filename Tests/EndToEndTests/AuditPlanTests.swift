import Foundation
import Testing
import TestSupport

/// `isms audit plan`, run as a user runs it: on the example ISMS, on a three-person company, and in a real repository
/// whose history shows who changed what.
@Suite(.serialized) struct AuditPlanTests {
    // MARK: A three-person company

    static let people = """
    ---
    id: PEOPLE
    type: people
    title: People and roles
    owner: alice
    approver: carol
    version: "1.0"
    status: draft
    review_every: 12 months
    people:
      - id: alice
        name: Alice Adams
        emails: [alice@example.com]
        roles: [ciso]
        teams: [security]
      - id: bob
        name: Bob Brown
        emails: [bob@example.com]
        roles: [engineer, internal-auditor]
        teams: [engineering]
      - id: carol
        name: Carol Clark
        emails: [carol@example.com]
        roles: [top-management, internal-auditor]
        teams: [leadership]
    ---
    # People
    """

    static func document(_ id: String, type: String, owner: String, approver: String, _ extra: String = "") -> String {
        """
        ---
        id: \(id)
        type: \(type)
        title: \(id) document
        owner: \(owner)
        approver: \(approver)
        version: "1.0"
        status: draft
        review_every: 12 months
        \(extra)
        ---
        # \(id)
        """
    }

    static func control(_ id: String, owner: String, approver: String, applicable: Bool = true) -> String {
        document(id, type: "control", owner: owner, approver: approver,
                 "applicable: \(applicable)\njustification: Treats R-001.\nimplementation: implemented")
    }

    /// Alice owns most things and audits nothing; Bob and Carol hold internal-auditor.
    static func smallCompany(certification: String = "2026-01-10") -> TemporaryFolder {
        let dir = TemporaryFolder("audit-plan")
        dir.write("isms.yml", "version: 1\norganisation: Tiny Ltd\ncertification:\n  date: \(certification)\n  cycle_years: 3\n")
        dir.write("people.md", people)
        dir.write("controls/5.1.md", control("5.1", owner: "alice", approver: "carol"))       // bob may audit it
        dir.write("controls/8.8.md", control("8.8", owner: "bob", approver: "alice"))         // carol may
        dir.write("controls/5.15.md", control("5.15", owner: "carol", approver: "role:top-management")) // bob may
        dir.write("controls/7.8.md", control("7.8", owner: "alice", approver: "carol", applicable: false))
        dir.write("controls/5.2.md", control("5.2", owner: "carol", approver: "bob"))         // nobody: carol owns, bob approves
        dir.write("policies/is.md", document("POL-IS", type: "policy", owner: "carol", approver: "bob", "level: top"))  // clause 5.2: nobody
        dir.write("audits/programme.md", document("AP", type: "audit-programme", owner: "alice", approver: "carol", "audits: [AUD-2026-01]"))
        dir.write("audits/AUD-2026-01.md", """
        ---
        id: AUD-2026-01
        type: audit
        title: Internal audit 2026-01
        owner: alice
        kind: internal
        status: complete
        auditors: [bob]
        start: 2026-03-02
        scope:
          controls: [5.15]
          clauses: [4, 7.5]
        ---
        # Internal audit 2026-01
        """)
        dir.write("audits/AUD-2026-02.md", """
        ---
        id: AUD-2026-02
        type: audit
        title: Internal audit 2026-02
        owner: alice
        kind: internal
        status: planned
        auditors: [carol]
        start: 2026-10-05
        scope:
          controls: [8.8]
          clauses: [10]
        ---
        # Internal audit 2026-02
        """)
        return dir
    }

    static func json(_ r: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout.prefix(400)) \(r.stderr)")
    }

    /// Every planned item (controls and clauses) of a JSON plan: id → (audit, auditor or nil, already_in ids).
    static func items(_ plan: [String: Any]) throws -> [String: (audit: String, auditor: String?, already: [String])] {
        var out: [String: (String, String?, [String])] = [:]
        for audit in try #require(plan["audits"] as? [[String: Any]]) {
            let id = try #require(audit["id"] as? String)
            for key in ["controls", "clauses"] {
                for item in try #require(audit[key] as? [[String: Any]]) {
                    let already = (item["already_in"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                    out["\(key == "controls" ? "control" : "clause") \(try #require(item["id"] as? String))"] = (id, item["auditor"] as? String, already)
                }
            }
        }
        return out
    }

    @Test func aThreePersonCompanyGetsIndependentAuditorsOrPlainAdvice() throws {
        let dir = Self.smallCompany()
        let r = try ISMSBinary.run(["audit", "plan", "--in", dir.path, "--format", "json", "--today", "2026-06-01"])
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try Self.json(r)
        let cycle = try #require(plan["cycle"] as? [String: Any])
        #expect(cycle["start"] as? String == "2026-01-10")
        #expect(cycle["end"] as? String == "2029-01-10")
        let audits = try #require(plan["audits"] as? [[String: Any]])
        // 2026-06-01 to 2029-01-10: five six-month periods, the last 40 days joining the one before.
        #expect(audits.count == 5, "\(audits.map { $0["window"] ?? "" })")
        let firstWindow = try #require(audits.first?["window"] as? [String: String])
        #expect(firstWindow["from"] == "2026-06-01" && firstWindow["to"] == "2026-11-30")
        let lastWindow = try #require(audits.last?["window"] as? [String: String])
        #expect(lastWindow["to"] == "2029-01-09")

        let items = try Self.items(plan)
        // Covered by the complete audit: 5.15, clauses 4.1–4.4 and 7.5. Not applicable: 7.8.
        for covered in ["control 5.15", "clause 4.1", "clause 4.4", "clause 7.5", "control 7.8"] { #expect(items[covered] == nil, "\(covered)") }
        #expect(items.count == 4 + 23 - 6, "\(items.keys.sorted())")
        // Independence: never what one owns or approves.
        #expect(items["control 5.1"]?.auditor == "bob")      // carol approves it
        #expect(items["control 8.8"]?.auditor == "carol")    // bob owns it
        #expect(items["control 5.2"]?.auditor == nil)        // carol owns, bob approves
        #expect(items["clause 5.2"]?.auditor == nil)         // the top-level policy: the same
        #expect(items["clause 9.2"]?.auditor == "bob")       // the programme is approved by carol
        // Kept in the planned audit's window, with the audit noted.
        #expect(items["control 8.8"]?.already == ["AUD-2026-02"])
        #expect(items["clause 10.1"]?.audit == "PLAN-1" && items["clause 10.1"]?.already == ["AUD-2026-02"])
        // Clauses and governance controls spread over the audits, not piled into one.
        let clauses = items.filter { $0.key.hasPrefix("clause") }
        let perAudit = Dictionary(grouping: clauses.values, by: \.audit).mapValues(\.count)
        #expect(perAudit.count == 5, "\(perAudit)")
        #expect((perAudit.values.max() ?? 0) - (perAudit.values.min() ?? 0) <= 1, "\(perAudit)")
        // Load balanced: within one item of each other over what each may audit.
        let loads = Dictionary(grouping: items.values.compactMap(\.auditor), by: { $0 }).mapValues(\.count)
        #expect(Set(loads.keys) == ["bob", "carol"], "\(loads)")

        let unassignable = try #require(plan["unassignable"] as? [[String: Any]])
        let reasons = Dictionary(uniqueKeysWithValues: unassignable.compactMap { u in (u["item"] as? String).map { ($0, u["reason"] as? String ?? "") } })
        #expect(Set(reasons.keys) == ["control 5.2", "clause 5.2"], "\(reasons)")
        let reason = try #require(reasons["control 5.2"])
        #expect(reason.contains("carol owns 5.2") && reason.contains("bob approves 5.2"), "\(reason)")
        #expect(reason.contains("external: true") && reason.contains("internal-auditor") && reason.contains("organisation"), "\(reason)")
    }

    @Test func textSaysPlainlyWhenNoIndependentAuditorExists() throws {
        let dir = Self.smallCompany()
        let r = try ISMSBinary.run(["audit", "plan", "--today", "2026-06-01"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Certification cycle 2026-01-10 to 2029-01-10"), "\(r.stdout)")
        #expect(r.stdout.contains("No independent auditor exists for 2 items"), "\(r.stdout)")
        #expect(r.stdout.contains("engage an external auditor"), "\(r.stdout)")
        #expect(r.stdout.contains("[already in AUD-2026-02 (planned)]"), "\(r.stdout)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    @Test func markdownIsTables() throws {
        let dir = Self.smallCompany()
        let r = try ISMSBinary.run(["audit", "plan", "--in", dir.path, "--format", "md", "--today", "2026-06-01"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("| Proposed audit | From | To | Auditors | Controls | Clauses |"), "\(r.stdout)")
        #expect(r.stdout.contains("| Item | Title | Auditor | Already in |"))
        #expect(r.stdout.contains("## No independent auditor"))
        #expect(r.stdout.contains("| control 5.2 |"))
    }

    @Test func anExternalAuditorResolvesIt() throws {
        let dir = Self.smallCompany()
        dir.write("people.md", Self.people.replacingOccurrences(of: "---\n# People", with: """
              - id: acme-audit
                name: Acme Assurance LLP
                external: true
                organisation: Acme Assurance LLP
                emails: [audit@acme.example]
                roles: [internal-auditor]
            ---
            # People
            """))
        let plan = try Self.json(try ISMSBinary.run(["audit", "plan", "--in", dir.path, "--format", "json", "--today", "2026-06-01"]))
        #expect((plan["unassignable"] as? [Any])?.isEmpty == true, "\(plan["unassignable"] ?? "")")
        let items = try Self.items(plan)
        #expect(items["control 5.2"]?.auditor == "acme-audit")
        #expect(items["clause 5.2"]?.auditor == "acme-audit")
    }

    @Test func noAuditorAtAll() throws {
        let dir = Self.smallCompany()
        dir.write("people.md", Self.people.replacingOccurrences(of: "engineer, internal-auditor", with: "engineer")
            .replacingOccurrences(of: "top-management, internal-auditor", with: "top-management"))
        let plan = try Self.json(try ISMSBinary.run(["audit", "plan", "--in", dir.path, "--format", "json", "--today", "2026-06-01"]))
        let unassignable = try #require(plan["unassignable"] as? [[String: Any]])
        #expect(unassignable.count == 21)
        #expect((unassignable.first?["reason"] as? String)?.contains("nobody in the people registry holds the role internal-auditor") == true)
    }

    // MARK: History

    @Test func whoChangedOrApprovedADocumentDoesNotAuditIt() throws {
        let dir = Self.smallCompany()
        try GitCLI.initRepository(dir)
        try GitCLI.commitAll(dir, "Import the ISMS", date: "2026-01-12T09:00:00Z", author: ("Alice Adams", "alice@example.com"))
        // Bob edits 5.1 (which he could otherwise audit); carol approves it, as she always could not.
        dir.write("controls/5.1.md", Self.control("5.1", owner: "alice", approver: "carol") + "\nPolicies are reviewed yearly.\n")
        try GitCLI.commitAll(dir, "Yearly review of 5.1\n\nApproved-by: Carol Clark <carol@example.com>", date: "2026-04-01T09:00:00Z", author: ("Bob Brown", "bob@example.com"))
        let plan = try Self.json(try ISMSBinary.run(["audit", "plan", "--format", "json", "--today", "2026-06-01"], in: dir.url))
        let items = try Self.items(plan)
        #expect(items["control 5.1"]?.auditor == nil)
        let unassignable = try #require(plan["unassignable"] as? [[String: Any]])
        let reason = try #require(unassignable.first { $0["item"] as? String == "control 5.1" }?["reason"] as? String)
        #expect(reason.contains("bob changed 5.1 on 2026-04-01"), "\(reason)")
        #expect(items["control 8.8"]?.auditor == "carol")
        let notes = try #require(plan["notes"] as? [String])
        #expect(notes.contains { $0.contains("from 2025-06-01 to 2026-06-01") }, "\(notes)")

        // A year later, Bob's change is out of the look-back.
        let later = try Self.json(try ISMSBinary.run(["audit", "plan", "--format", "json", "--today", "2027-05-01"], in: dir.url))
        #expect(try Self.items(later)["control 5.1"]?.auditor == "bob")
    }

    // MARK: The example ISMS, and failures

    @Test func theExampleISMS() throws {
        let r = try ISMSBinary.run(["audit", "plan", "--in", "Policies", "--format", "json", "--today", "2026-12-01"], in: RepositoryFiles.root)
        #expect(r.status == 0, "\(r.stderr)")
        let plan = try Self.json(r)
        let cycle = try #require(plan["cycle"] as? [String: Any])
        #expect(cycle["start"] as? String == "2025-06-20" && cycle["end"] as? String == "2028-06-20")
        #expect((plan["unassignable"] as? [Any])?.isEmpty == true, "\(plan["unassignable"] ?? "")")
        let items = try Self.items(plan)
        // Everything left is already in the planned internal audits, and stays with their independent auditors.
        #expect(items.values.allSatisfy { !$0.already.isEmpty }, "\(items.filter { $0.value.already.isEmpty }.keys.sorted())")
        #expect(items["control 8.34"]?.already == ["AUD-2027-01"] && items["control 8.34"]?.auditor == "george")
        #expect(items["control 5.29"]?.already == ["AUD-2027-02"] && items["control 5.29"]?.auditor == "northgate")
        let text = try ISMSBinary.run(["audit", "plan", "--in", "Policies", "--today", "2026-12-01"], in: RepositoryFiles.root)
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("Internal audit plan — Tallyhook Ltd\n"), "\(text.stdout.prefix(300))")
    }

    @Test func failuresExitTwo() throws {
        let missing = try ISMSBinary.run(["audit", "plan", "--in", "/no/such/folder"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file or folder"))
        let badDate = try ISMSBinary.run(["audit", "plan", "--today", "2026-02-30"])
        #expect(badDate.status == 2)
        let dir = TemporaryFolder()
        dir.write("isms.yml", "version: 1\ncertification:\n  date: 2026-02-30\n")
        let badConfig = try ISMSBinary.run(["audit", "plan", "--in", dir.path])
        #expect(badConfig.status == 2)
        #expect(badConfig.stderr.contains("isms.yml:3:9"), "\(badConfig.stderr)")
        #expect(try ISMSBinary.run(["audit", "plan", "--format", "xml"]).status == 2)
        let help = try ISMSBinary.run(["audit", "plan", "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE"))
    }

    @Test func planWritesNothing() throws {
        let dir = Self.smallCompany()
        let before = dir.snapshot()
        #expect(try ISMSBinary.run(["audit", "plan", "--in", dir.path, "--today", "2026-06-01"]).status == 0)
        #expect(dir.snapshot() == before)
    }
}
