import Foundation
import Testing
import TestSupport

/// `isms transition` on an ISMS still written against ISO/IEC 27001:2013: renames, merges, a split, new controls, a
/// retired id, and every place that names a 2013 control — and silence on an ISMS that is already 2022.
@Suite(.serialized) struct TransitionTests {
    static let people = """
    ---
    id: PEOPLE
    type: people
    title: People
    owner: alice
    approver: alice
    version: "1.0"
    status: approved
    effective: 2024-01-05
    review_every: 12 months
    last_reviewed: 2024-01-05
    people:
      - {id: alice, name: Alice Adams, emails: [alice@example.com], roles: [ciso, top-management]}
    ---
    """

    static func control(_ id: String, _ title: String) -> String {
        """
        ---
        id: "\(id)"
        type: control
        title: \(title)
        owner: alice
        approver: alice
        version: "1.0"
        status: approved
        effective: 2024-01-05
        review_every: 12 months
        last_reviewed: 2024-01-05
        applicable: true
        implementation: implemented
        justification: Needed.
        ---
        # \(id) \(title)
        """
    }

    static let policy = """
    ---
    id: POL-LOG
    type: policy
    title: Logging policy
    owner: alice
    approver: alice
    version: "1.0"
    status: approved
    effective: 2024-01-05
    review_every: 12 months
    last_reviewed: 2024-01-05
    annex_a: [A.9.2.1, "5.15"]
    ---
    # Logging

    Events are logged as A.12.4.1 requires.
    Clause 6.1.2, control A.5.15 and section A.1 are not 2013 control ids.
    """

    static let risk = """
    ---
    id: R-1
    type: risk
    title: Stale accounts
    owner: alice
    status: treated
    likelihood: 2
    impact: 3
    treatment: mitigate
    controls:
      - "9.2.2"
      - A.18.2.3
    ---
    """

    static func makeISMS() -> TemporaryFolder {
        let dir = TemporaryFolder("isms-transition")
        dir.write("isms/isms.yml", "version: 1\nframework: iso27001:2013\norganisation: Old Co\n")
        dir.write("isms/people.md", people)
        dir.write("isms/controls/A.9.2.1.md", control("A.9.2.1", "User registration and de-registration"))
        dir.write("isms/controls/A.9.2.5.md", control("A.9.2.5", "Review of user access rights"))
        dir.write("isms/controls/A.9.2.6.md", control("A.9.2.6", "Removal or adjustment of access rights"))
        dir.write("isms/controls/12.6.1.md", control("12.6.1", "Management of technical vulnerabilities"))
        dir.write("isms/controls/A.18.2.3.md", control("A.18.2.3", "Technical compliance review"))
        dir.write("isms/controls/A.9.9.9.md", control("A.9.9.9", "A control 2013 never had"))
        dir.write("isms/controls/5.15.md", control("5.15", "Access control"))
        dir.write("isms/policies/logging.md", policy)
        dir.write("isms/risks/R-1.md", risk)
        return dir
    }

    static func line(of needle: String, in text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }! + 1
    }

    func run(_ dir: TemporaryFolder, _ format: String) throws -> String {
        let r = try ISMSBinary.run(["transition", "--in", "isms", "--format", format], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test func plansRenamesMergesSplitsNewControlsAndRetirement() throws {
        let dir = Self.makeISMS()
        let plan = try JSONSerialization.jsonObject(with: Data(try run(dir, "json").utf8)) as! [String: Any]
        #expect(plan["complete"] as? Bool == false)
        #expect(plan["framework"] as? String == "iso27001:2013")

        let mappings = plan["mappings"] as! [[String: Any]]
        #expect(mappings.map { $0["id_2013"] as! String } == ["A.9.2.1", "A.9.2.2", "A.9.2.5", "A.9.2.6", "A.9.9.9", "A.12.4.1", "A.12.6.1", "A.18.2.3"])
        func successors(_ id: String) -> [String] {
            (mappings.first { $0["id_2013"] as? String == id }!["successors"] as! [[String: Any]]).map { $0["id"] as! String }
        }
        #expect(successors("A.9.2.1") == ["5.16"])
        #expect(successors("A.9.2.2") == ["5.18"])
        #expect(successors("A.12.4.1") == ["8.15"])
        #expect(successors("A.18.2.3") == ["5.36", "8.8"])
        #expect(successors("A.9.9.9") == [])
        #expect(mappings.first { $0["id_2013"] as? String == "A.18.2.3" }!["references"] as? Int == 3)   // its id, its heading and the risk

        let actions = plan["actions"] as! [[String: Any]]
        func of(_ kind: String) -> [[String: Any]] { actions.filter { $0["action"] as? String == kind } }
        func to(_ a: [String: Any]) -> [String] { (a["to"] as! [[String: Any]]).map { $0["id"] as! String } }

        let renames = of("rename")
        #expect(renames.count == 1)
        #expect(renames.first?["from"] as? [String] == ["A.9.2.1"])
        #expect(renames.first.map(to) == ["5.16"])
        #expect(renames.first?["to_paths"] as? [String] == ["isms/controls/5.16.md"])
        #expect(renames.first?["command"] as? String == "git mv isms/controls/A.9.2.1.md isms/controls/5.16.md")

        let merges = of("merge")
        #expect(merges.map(to) == [["5.18"], ["8.8"]])
        #expect(merges.map { $0["from"] as! [String] } == [["A.9.2.5", "A.9.2.6"], ["A.12.6.1", "A.18.2.3"]])
        #expect(merges.last?["from_paths"] as? [String] == ["isms/controls/12.6.1.md", "isms/controls/A.18.2.3.md"])
        #expect(merges.last?["to_paths"] as? [String] == ["isms/controls/8.8.md"])

        let splits = of("split")
        #expect(splits.count == 1)
        #expect(splits.first?["from"] as? [String] == ["A.18.2.3"])
        #expect(splits.first.map(to) == ["5.36", "8.8"])
        #expect(splits.first?["to_paths"] as? [String] == ["isms/controls/5.36.md", "isms/controls/8.8.md"])

        #expect(of("create").flatMap(to) == ["5.7", "5.23", "5.30", "7.4", "8.9", "8.10", "8.11", "8.12", "8.16", "8.23", "8.28"])
        #expect(of("create").first?["command"] as? String == "isms new control --id 5.7 --in isms")
        #expect(of("retire").map { $0["from"] as! [String] } == [["A.9.9.9"]])

        // Every place, file:line:col; the 2022 ids, A.5.15 (a 2022 id with the prefix) and clause 6.1.2 are not 2013.
        let refs = plan["references"] as! [[String: Any]]
        let where_ = refs.map { "\($0["path"]!):\($0["line"]!) \($0["field"]!) \($0["written"]!)" }
        let policyLine = Self.line(of: "annex_a:", in: Self.policy), bodyLine = Self.line(of: "A.12.4.1", in: Self.policy)
        #expect(where_.contains("isms/policies/logging.md:\(policyLine) annex_a A.9.2.1"))
        #expect(where_.contains("isms/policies/logging.md:\(bodyLine) body A.12.4.1"))
        #expect(where_.contains("isms/risks/R-1.md:\(Self.line(of: "9.2.2", in: Self.risk)) controls 9.2.2"))
        #expect(where_.contains("isms/risks/R-1.md:\(Self.line(of: "A.18.2.3", in: Self.risk)) controls A.18.2.3"))
        #expect(where_.contains("isms/controls/12.6.1.md:2 id 12.6.1"))
        #expect(refs.filter { $0["path"] as? String == "isms/policies/logging.md" }.count == 2)
        #expect(!refs.contains { ($0["written"] as? String)?.contains("5.15") == true || $0["written"] as? String == "6.1.2" })
        let body = refs.first { $0["field"] as? String == "body" && $0["path"] as? String == "isms/policies/logging.md" }!
        #expect(body["column"] as? Int == 22)
        #expect(body["successors"] as? [String] == ["8.15"])

        let missing = (plan["still_missing"] as! [[String: Any]]).map { $0["id"] as! String }
        #expect(missing.count == 93 - 1 - 4 - 11)
        #expect(!missing.contains("5.16") && !missing.contains("8.8") && !missing.contains("5.15") && !missing.contains("5.7"))

        // The text an administrator follows, and Markdown for the audit file.
        let text = try run(dir, "text")
        #expect(text.contains("$ git mv isms/controls/A.9.2.1.md isms/controls/5.16.md"))
        #expect(text.contains("isms/policies/logging.md:\(bodyLine):22: body: A.12.4.1 → write 8.15"))
        #expect(text.contains("A.18.2.3 Technical compliance review → 5.36 Compliance with policies, rules and standards for information security; 8.8 Management of technical vulnerabilities"))
        #expect(text.contains("framework is 'iso27001:2013'"))
        let md = try run(dir, "md")
        #expect(md.contains("## Split (one 2013 control → several 2022 controls) (1)"))
        #expect(md.contains("| `isms/risks/R-1.md:\(Self.line(of: "9.2.2", in: Self.risk))` | controls | 9.2.2 | write 5.18 |"))

        // Every other command still refuses a 2013 configuration, and points here.
        let lint = try ISMSBinary.run(["lint", "isms"], in: dir.url)
        #expect(lint.status == 2)
        #expect(lint.stderr.contains("isms transition"))
    }

    @Test func a2022ISMSHasNothingToTransition() throws {
        let r = try ISMSBinary.run(["transition", "--in", "Policies"], in: RepositoryFiles.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("nothing to transition"))
        let json = try ISMSBinary.run(["transition", "--in", "Policies", "--format", "json"], in: RepositoryFiles.root)
        let plan = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(plan["complete"] as? Bool == true)
        #expect((plan["actions"] as! [Any]).isEmpty && (plan["references"] as! [Any]).isEmpty)
    }

    @Test func toolFailuresExitTwo() throws {
        #expect(try ISMSBinary.run(["transition", "--in", "/no/such/folder"]).status == 2)
        #expect(try ISMSBinary.run(["transition", "--format", "html"]).status == 2)
        let dir = TemporaryFolder()
        dir.write("isms.yml", "version: 1\nframework: iso27001:2005\n")
        let r = try ISMSBinary.run(["transition", "--in", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("iso27001:2005"))
    }
}
