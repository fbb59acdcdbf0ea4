import Foundation
import Testing
import TestSupport

/// Clause 9.2 / 10.2 checks that need git history, on real repositories made with the git CLI and linted by the built
/// binary: an auditor who wrote or approved a change to what they audit (including under an address the registry
/// learnt only later), fixes that lead nowhere, corrective actions verified by whoever wrote them — and the clean
/// counterparts, which must stay silent.
@Suite(.serialized) struct IndependenceTests {
    static let ourRules: Set<String> = [
        "auditor-owns-scope", "auditor-team-process", "auditor-changed-scope",
        "finding-verification-not-independent", "finding-fix-unresolved", "finding-audit-mismatch",
    ]

    static func people(bobEmails: String = "[bob@example.com]", version: String = "1.0") -> String {
        """
        ---
        id: PEOPLE
        type: people
        title: People and roles
        owner: alice
        approver: carol
        version: "\(version)"
        status: approved
        effective: 2026-01-05
        review_every: 12 months
        last_reviewed: 2026-01-05
        people:
          - id: alice
            name: Alice Adams
            emails: [alice@example.com]
            roles: [ciso]
            teams: [security]
          - id: bob
            name: Bob Brown
            emails: \(bobEmails)
            roles: [engineer]
            teams: [engineering]
          - id: carol
            name: Carol Clark
            emails: [carol@example.com]
            roles: [top-management]
            teams: [leadership]
          - id: dave
            name: Dave Dunn
            emails: [dave@example.com]
            roles: [internal-auditor]
            teams: [finance]
        ---
        # People
        """
    }

    static func policy(version: String, body: String = "Access is granted by role.") -> String {
        """
        ---
        id: POL-AC
        type: policy
        title: Access control policy
        owner: alice
        approver: carol
        version: "\(version)"
        status: approved
        effective: 2026-01-05
        review_every: 12 months
        last_reviewed: 2026-01-05
        ---
        # Access control

        \(body)
        """
    }

    static func audit(_ id: String = "AUD-2026-1", status: String = "complete", auditors: String, dates: String = "start: 2026-04-13\nend: 2026-04-14", extra: String = "") -> String {
        """
        ---
        id: \(id)
        type: audit
        title: Internal audit of access control
        owner: alice
        kind: internal
        status: \(status)
        auditors: [\(auditors)]
        \(dates)
        scope:
          documents: [POL-AC]
        \(extra)
        ---
        # Internal audit \(id)
        """
    }

    static func finding(_ id: String, owner: String = "alice", fixedBy: String, verifiedBy: String = "dave") -> String {
        """
        ---
        id: \(id)
        type: finding
        title: Leavers keep access to the CRM
        owner: \(owner)
        audit: AUD-2026-1
        severity: minor
        control: "5.18"
        status: verified
        raised: 2026-04-14
        due: 2026-06-30
        closed: 2026-05-04
        root_cause: No leaver checklist for SaaS tools.
        corrective_action: The offboarding script removes CRM access.
        fixed_by: \(fixedBy)
        verified_by: \(verifiedBy)
        verified_on: 2026-05-20
        ---
        # Leavers keep access to the CRM
        """
    }

    static let alice = ("Alice Adams", "alice@example.com")
    static let carolTrailer = "\n\nApproved-by: Carol Clark <carol@example.com>"

    struct Repo {
        let dir = TemporaryFolder("isms-independence")

        /// isms.yml, the people registry and the access control policy, committed by alice on 2026-01-05.
        init(bobEmails: String = "[bob@example.com]") throws {
            try GitCLI.initRepository(dir)
            dir.write("isms.yml", "version: 1\nchange_control:\n  since: 2026-01-06\n")
            dir.write("people.md", IndependenceTests.people(bobEmails: bobEmails))
            dir.write("policies/access-control.md", IndependenceTests.policy(version: "1.0"))
            try GitCLI.commitAll(dir, "Initial ISMS", date: "2026-01-05T09:00:00Z", author: IndependenceTests.alice)
        }

        @discardableResult
        func commit(_ files: [String: String], by author: (String, String), on day: String, _ message: String) throws -> String {
            for (path, text) in files { dir.write(path, text) }
            return try GitCLI.commitAll(dir, message, date: "\(day)T12:00:00Z", author: author)
        }

        func git(_ arguments: [String]) throws { try GitCLI.run(arguments, in: dir.url) }

        func lint(_ extra: [String] = []) throws -> Lint {
            let r = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", "2026-06-01"] + extra, in: dir.url)
            #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], "\(r.stdout.prefix(300)) \(r.stderr)")
            return Lint(result: r, all: json)
        }
    }

    struct Lint {
        var result: ProcessResult
        var all: [[String: Any]]
        /// Findings of the rules under test.
        var ours: [[String: Any]] { all.filter { IndependenceTests.ourRules.contains($0["rule"] as? String ?? "") } }
        func of(_ rule: String) -> [[String: Any]] { all.filter { $0["rule"] as? String == rule } }
        func describe(_ list: [[String: Any]]) -> String {
            list.map { "\($0["path"] ?? ""):\($0["line"] ?? 0):\($0["column"] ?? 0) \($0["rule"] ?? "") \($0["message"] ?? "")" }.joined(separator: "\n")
        }
    }

    /// Line and column of `token` on the first line of `text` that contains `key` (1-based).
    static func position(of token: String, after key: String, in text: String) -> (Int, Int) {
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(key) {
            let from = line.range(of: key)!.upperBound
            let at = line.range(of: token, range: from..<line.endIndex)!.lowerBound
            return (i + 1, line.distance(from: line.startIndex, to: at) + 1)
        }
        Issue.record("\(key) not found")
        return (0, 0)
    }

    static let scopeItem = position(of: "POL-AC", after: "documents:", in: audit(auditors: "bob"))

    // MARK: auditor-changed-scope

    /// bob changes the policy under his GitHub noreply address, which the registry did not list at the time; it is
    /// added later. He then audits the policy. Identity is the registry as it is now, so the conflict is found.
    @Test func aConflictBehindASecondAddressIsFound() throws {
        let repo = try Repo()
        let change = try repo.commit(["policies/access-control.md": Self.policy(version: "1.1", body: "Administrators use hardware keys.")],
                                     by: ("bob", "42+bob@users.noreply.github.com"), on: "2026-03-02", "Require hardware keys for admins" + Self.carolTrailer)
        try repo.commit(["people.md": Self.people(bobEmails: "[bob@example.com, 42+bob@users.noreply.github.com]", version: "1.1")],
                        by: Self.alice, on: "2026-03-20", "Add bob's GitHub address" + Self.carolTrailer)
        try repo.commit(["audits/AUD-2026-1.md": Self.audit(auditors: "bob")], by: Self.alice, on: "2026-04-15", "Record audit AUD-2026-1")

        let lint = try repo.lint()
        let found = lint.of("auditor-changed-scope")
        #expect(found.count == 1, "\(lint.describe(lint.all))")
        let f = try #require(found.first)
        #expect(f["path"] as? String == "audits/AUD-2026-1.md")
        #expect(f["line"] as? Int == Self.scopeItem.0 && f["column"] as? Int == Self.scopeItem.1, "\(lint.describe(found))")
        #expect(f["severity"] as? String == "error")
        #expect(f["commit"] as? String == String(change.prefix(7)))
        let message = f["message"] as? String ?? ""
        for part in ["auditor bob", "42+bob@users.noreply.github.com", String(change.prefix(7)), "2026-03-02", "POL-AC", "policies/access-control.md"] {
            #expect(message.contains(part), "\(part) missing from: \(message)")
        }
        #expect(lint.result.status == 1)
    }

    /// The same history audited by dave, who wrote and approved nothing: no independence finding at all.
    @Test func theSameHistoryAuditedBySomeoneElseIsClean() throws {
        let repo = try Repo()
        try repo.commit(["policies/access-control.md": Self.policy(version: "1.1", body: "Administrators use hardware keys.")],
                        by: ("bob", "42+bob@users.noreply.github.com"), on: "2026-03-02", "Require hardware keys for admins" + Self.carolTrailer)
        try repo.commit(["people.md": Self.people(bobEmails: "[bob@example.com, 42+bob@users.noreply.github.com]", version: "1.1")],
                        by: Self.alice, on: "2026-03-20", "Add bob's GitHub address" + Self.carolTrailer)
        try repo.commit(["audits/AUD-2026-1.md": Self.audit(auditors: "dave")], by: Self.alice, on: "2026-04-15", "Record audit AUD-2026-1")
        let lint = try repo.lint()
        #expect(lint.ours.isEmpty, "\(lint.describe(lint.ours))")
    }

    /// An approval counts as involvement too: from a trailer, and from the approvals file exported from the forge.
    @Test func anAuditorWhoApprovedTheChangeIsFound() throws {
        let repo = try Repo()
        let viaTrailer = try repo.commit(["policies/access-control.md": Self.policy(version: "1.1", body: "Administrators use hardware keys.")],
                                         by: Self.alice, on: "2026-03-02", "Require hardware keys for admins" + Self.carolTrailer)
        let viaFile = try repo.commit(["policies/access-control.md": Self.policy(version: "1.2", body: "Administrators use hardware keys. Keys are registered.")],
                                      by: Self.alice, on: "2026-03-09", "Register keys")
        try repo.commit(["audits/AUD-2026-1.md": Self.audit(auditors: "carol")], by: Self.alice, on: "2026-04-15", "Record audit AUD-2026-1")

        let trailerOnly = try repo.lint()
        let first = trailerOnly.of("auditor-changed-scope")
        #expect(first.map { $0["commit"] as? String } == [String(viaTrailer.prefix(7))], "\(trailerOnly.describe(first))")
        #expect((first.first?["message"] as? String)?.contains("Approved-by trailer") == true)

        let approvals = TemporaryFolder("approvals")
        approvals.write("approvals.json", #"[{"commit": "\#(viaFile)", "approvers": ["carol@example.com"], "reference": "https://github.com/example/isms/pull/7"}]"#)
        let withFile = try repo.lint(["--approvals", approvals.url.appendingPathComponent("approvals.json").path])
        let both = withFile.of("auditor-changed-scope")
        #expect(Set(both.compactMap { $0["commit"] as? String }) == [String(viaTrailer.prefix(7)), String(viaFile.prefix(7))], "\(withFile.describe(both))")
        #expect(both.contains { ($0["message"] as? String)?.contains("pull/7") == true })
    }

    /// The policy was renamed after bob's change: its history is followed back from the current path.
    @Test func renamesAreFollowedBack() throws {
        let repo = try Repo()
        let change = try repo.commit(["policies/access-control.md": Self.policy(version: "1.1", body: "Administrators use hardware keys.")],
                                     by: ("Bob Brown", "bob@example.com"), on: "2026-03-02", "Require hardware keys for admins" + Self.carolTrailer)
        try repo.git(["mv", "policies/access-control.md", "policies/ac-policy.md"])
        try repo.commit([:], by: Self.alice, on: "2026-03-09", "Shorter name")
        try repo.commit(["audits/AUD-2026-1.md": Self.audit(auditors: "bob")], by: Self.alice, on: "2026-04-15", "Record audit AUD-2026-1")
        let lint = try repo.lint()
        let found = lint.of("auditor-changed-scope")
        #expect(found.map { $0["commit"] as? String } == [String(change.prefix(7))], "\(lint.describe(lint.all))")
        #expect((found.first?["message"] as? String)?.contains("policies/ac-policy.md") == true)
    }

    /// The look-back: the audit's period when given, else since the previous audit of the same item, else
    /// independence.lookback before the start.
    @Test func theLookBackDecidesWhatCounts() throws {
        let repo = try Repo()
        try repo.commit(["policies/access-control.md": Self.policy(version: "1.1", body: "Administrators use hardware keys.")],
                        by: ("Bob Brown", "bob@example.com"), on: "2026-03-02", "Require hardware keys for admins" + Self.carolTrailer)

        // A period that starts after the change.
        try repo.commit(["audits/AUD-2026-1.md": Self.audit(auditors: "bob", dates: "start: 2026-05-18\nend: 2026-05-19\nperiod: {from: 2026-03-16, to: 2026-05-15}")],
                        by: Self.alice, on: "2026-05-20", "Record audit AUD-2026-1")
        var lint = try repo.lint()
        #expect(lint.ours.isEmpty, "\(lint.describe(lint.ours))")

        // No period: dave's audit of the policy after the change resets the look-back for bob's later audit…
        try repo.commit(["audits/AUD-2026-0.md": Self.audit("AUD-2026-0", auditors: "dave", dates: "start: 2026-03-09\nend: 2026-03-10"),
                         "audits/AUD-2026-1.md": Self.audit(auditors: "bob", dates: "start: 2026-05-18\nend: 2026-05-19")],
                        by: Self.alice, on: "2026-05-21", "Record both audits")
        lint = try repo.lint()
        #expect(lint.ours.isEmpty, "\(lint.describe(lint.ours))")

        // …but only an audit that took place does.
        try repo.commit(["audits/AUD-2026-0.md": Self.audit("AUD-2026-0", status: "planned", auditors: "dave", dates: "start: 2026-03-09\nend: 2026-03-10")],
                        by: Self.alice, on: "2026-05-22", "AUD-2026-0 did not happen")
        lint = try repo.lint()
        #expect(lint.of("auditor-changed-scope").count == 1, "\(lint.describe(lint.all))")

        // A one-month look-back from configuration leaves the change out again.
        try repo.commit(["isms.yml": "version: 1\nchange_control:\n  since: 2026-01-06\nindependence:\n  lookback: 1 month\n"],
                        by: Self.alice, on: "2026-05-23", "Shorter look-back")
        lint = try repo.lint()
        #expect(lint.ours.isEmpty, "\(lint.describe(lint.ours))")
    }

    /// A recorded justification accepted by someone who is not an auditor turns the conflict into info; one the auditor
    /// approved himself does not.
    @Test func anApprovedJustificationMakesItInfo() throws {
        let repo = try Repo()
        try repo.commit(["policies/access-control.md": Self.policy(version: "1.1", body: "Administrators use hardware keys.")],
                        by: ("Bob Brown", "bob@example.com"), on: "2026-03-02", "Require hardware keys for admins" + Self.carolTrailer)
        let note = "independence_note: Bob only reworded one sentence; dave re-performed his sample."
        try repo.commit(["audits/AUD-2026-1.md": Self.audit(auditors: "bob", extra: note + "\nindependence_approved_by: carol")],
                        by: Self.alice, on: "2026-04-15", "Record audit AUD-2026-1")
        var lint = try repo.lint()
        var found = lint.of("auditor-changed-scope")
        #expect(found.count == 1 && found.first?["severity"] as? String == "info", "\(lint.describe(found))")
        #expect((found.first?["message"] as? String)?.contains("approved by carol") == true)

        try repo.commit(["audits/AUD-2026-1.md": Self.audit(auditors: "bob", extra: note + "\nindependence_approved_by: bob")],
                        by: Self.alice, on: "2026-04-16", "Record audit AUD-2026-1")
        lint = try repo.lint()
        found = lint.of("auditor-changed-scope")
        #expect(found.count == 1 && found.first?["severity"] as? String == "error", "\(lint.describe(found))")
        #expect((found.first?["message"] as? String)?.contains("does not count") == true)
    }

    // MARK: fixed_by

    /// Fixes on the main line, on a branch never merged, and nowhere; a fix verified by the person who wrote it
    /// (under a second address).
    @Test func fixCommitsAreResolvedThroughTheRepository() throws {
        let repo = try Repo(bobEmails: "[bob@example.com, 42+bob@users.noreply.github.com]")
        try repo.commit(["audits/AUD-2026-1.md": Self.audit(auditors: "dave")], by: Self.alice, on: "2026-04-15", "Record audit AUD-2026-1")
        let fix = try repo.commit(["scripts/offboard.sh": "#!/bin/sh\ncrm-admin disable \"$1\"\n"],
                                  by: ("bob", "42+bob@users.noreply.github.com"), on: "2026-04-20", "Remove CRM access when offboarding")
        try repo.git(["checkout", "-q", "-b", "experiment"])
        let unmerged = try repo.commit(["scripts/offboard.sh": "#!/bin/sh\necho todo\n"], by: Self.alice, on: "2026-04-21", "Try another way")
        try repo.git(["checkout", "-q", "main"])
        let files = [
            "findings/F-1.md": Self.finding("F-1", fixedBy: fix, verifiedBy: "bob"),                   // verified by its author
            "findings/F-2.md": Self.finding("F-2", fixedBy: unmerged),                                  // not reachable from HEAD
            "findings/F-3.md": Self.finding("F-3", fixedBy: "deadbeefdeadbeef"),                        // no such commit
            "findings/F-4.md": Self.finding("F-4", fixedBy: String(fix.prefix(7))),                     // fine: short id on main
            "findings/F-5.md": Self.finding("F-5", fixedBy: "https://github.com/example/isms/pull/9"),  // fine
            "findings/F-6.md": Self.finding("F-6", fixedBy: "\"PR #9\""),                                // fine
            "findings/F-7.md": Self.finding("F-7", fixedBy: "Jira OPS-12"),                             // not a reference
        ]
        try repo.commit(files, by: Self.alice, on: "2026-05-20", "Record the findings")
        let lint = try repo.lint()
        func spots(_ rule: String) -> [String] { lint.of(rule).map { "\($0["path"]!):\($0["line"]!)" }.sorted() }
        #expect(spots("finding-verification-not-independent") == ["findings/F-1.md:16"], "\(lint.describe(lint.ours))")
        #expect(spots("finding-fix-unresolved") == ["findings/F-2.md:15", "findings/F-3.md:15", "findings/F-7.md:15"], "\(lint.describe(lint.ours))")
        let messages = lint.of("finding-fix-unresolved").compactMap { $0["message"] as? String }
        #expect(messages.contains { $0.contains("F-2") && $0.contains("not reachable from HEAD") })
        #expect(messages.contains { $0.contains("F-3") && $0.contains("not a commit of this repository") })
        #expect((lint.of("finding-verification-not-independent").first?["message"] as? String)?.contains("42+bob@users.noreply.github.com") == true)
        #expect(spots("finding-audit-mismatch").isEmpty)
        #expect(spots("auditor-changed-scope").isEmpty)
    }

    /// Outside git the history checks are skipped (and lint says so): commit ids are not judged, other values still are.
    @Test func outsideGitOnlyTheFileChecksRun() throws {
        let dir = TemporaryFolder("isms-no-git")
        dir.write("isms.yml", "version: 1\n")
        dir.write("people.md", Self.people())
        dir.write("policies/access-control.md", Self.policy(version: "1.0"))
        dir.write("audits/AUD-2026-1.md", Self.audit(auditors: "dave"))
        dir.write("findings/F-1.md", Self.finding("F-1", fixedBy: "deadbeefdeadbeef"))
        dir.write("findings/F-2.md", Self.finding("F-2", fixedBy: "Jira OPS-12"))
        let r = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", "2026-06-01"], in: dir.url)
        #expect(r.stderr.contains("not in a git repository"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let ours = json.filter { Self.ourRules.contains($0["rule"] as? String ?? "") }.map { "\($0["rule"]!) \($0["path"]!)" }
        #expect(ours == ["finding-fix-unresolved findings/F-2.md"], "\(ours)")
    }
}
