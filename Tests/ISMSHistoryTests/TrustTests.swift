import Foundation
import Testing
import TestSupport

/// Issue 9: change records an auditor can trust, tried as a hostile insider would, on real repositories.
@Suite(.serialized) struct TrustTests {
    static let alice = ("Alice", "alice@example.com"), bob = ("Bob", "bob@example.com"), carol = ("Carol", "carol@example.com")
    static let dave = ("Dave", "dave@example.com"), ops = ("Ops", "ops@example.com")
    static let config = "version: 1\nchange_control:\n  since: 2026-01-06\n"

    static func people(version: String = "1.0", extra: String = "") -> String {
        """
        ---
        id: PEOPLE
        type: people
        title: People
        owner: alice
        approver: carol
        version: "\(version)"
        status: approved
        effective: 2026-01-05
        review_every: 12 months
        last_reviewed: 2026-01-05
        people:
          - {id: alice, name: Alice, emails: [alice@example.com], roles: [ciso]}
          - {id: bob, name: Bob, emails: [bob@example.com], roles: [engineer]}
          - {id: carol, name: Carol, emails: [carol@example.com], roles: [top-management]}
          - {id: dave, name: Dave, emails: [dave@example.com], roles: [engineer]}
        \(extra)---
        """
    }

    static func policy(_ id: String = "POL-1", version: String, body: String = "Rules.", status: String = "approved", approver: String = "role:top-management") -> String {
        "---\nid: \(id)\ntype: policy\ntitle: Policy \(id)\nowner: alice\napprover: \(approver)\nversion: \"\(version)\"\nstatus: \(status)\neffective: 2026-01-05\nreview_every: 12 months\nlast_reviewed: 2026-01-05\n---\n# \(id)\n\n\(body)\n"
    }

    /// isms.yml, the people registry and one approved policy, imported before `since`.
    static func repository(config: String = config) throws -> TemporaryFolder {
        let dir = TemporaryFolder("isms-trust")
        try GitCLI.initRepository(dir)
        dir.write("isms.yml", config)
        dir.write("people.md", people())
        dir.write("policies/p1.md", policy(version: "1.0"))
        try GitCLI.commitAll(dir, "Import", date: "2026-01-05T10:00:00Z", author: alice)
        return dir
    }

    static func findings(_ r: ProcessResult) throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] ?? []
    }

    static func lint(_ dir: TemporaryFolder) throws -> (result: ProcessResult, findings: [[String: Any]]) {
        let r = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", "2026-02-01"], in: dir.url)
        return (r, try findings(r))
    }

    static func short(_ dir: TemporaryFolder, _ rev: String = "HEAD") throws -> String {
        try GitCLI.run(["rev-parse", "--short=7", rev], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: 1. The configuration is a controlled document, and takes effect only from the commit that makes it

    @Test func aPullRequestThatOnlyEditsTheConfigurationIsReported() throws {
        let dir = try Self.repository()
        // Change control is in operation (an approved change): the set-up, where isms.yml may change freely, is over.
        dir.write("policies/p1.md", Self.policy(version: "1.1", body: "Approved."))
        try GitCLI.commitAll(dir, "Approved change\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-07T10:00:00Z", author: Self.bob)
        try GitCLI.run(["checkout", "-q", "-b", "pr"], in: dir.url)
        dir.write("isms.yml", Self.config + "rules:\n  change-unapproved: off\n")
        try GitCLI.commitAll(dir, "Quieter lint", date: "2026-01-10T10:00:00Z", author: Self.bob)
        let relax = try Self.short(dir)
        let r = try ISMSBinary.run(["check", "--range", "main..pr", "--format", "json", "--today", "2026-01-11"], in: dir.url)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let f = try Self.findings(r)
        #expect(f.contains { $0["rule"] as? String == "change-unapproved" && $0["path"] as? String == "isms.yml" && $0["commit"] as? String == relax }, "\(f)")

        // Merged anyway, then a policy is changed without approval: the unapproved configuration does not take effect.
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        try GitCLI.run(["merge", "-q", "--ff-only", "pr"], in: dir.url)
        dir.write("policies/p1.md", Self.policy(version: "1.2", body: "Weaker."))
        try GitCLI.commitAll(dir, "Weaken POL-1", date: "2026-01-12T10:00:00Z", author: Self.bob)
        let weaken = try Self.short(dir)
        let (_, lf) = try Self.lint(dir)
        #expect(lf.contains { $0["rule"] as? String == "change-unapproved" && $0["commit"] as? String == weaken }, "\(lf)")
        #expect(lf.contains { $0["rule"] as? String == "change-unapproved" && $0["commit"] as? String == relax && $0["path"] as? String == "isms.yml" }, "\(lf)")
        // The document's revision table shows the unapproved change, and isms.yml's table the unapproved configuration.
        let h = try ISMSBinary.run(["history", "POL-1"], in: dir.url)
        #expect(h.stdout.contains("NOT APPROVED"), "\(h.stdout)")
        let c = try ISMSBinary.run(["history", "isms.yml"], in: dir.url)
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains("\(relax)") && c.stdout.contains("NOT APPROVED: no approval"), "\(c.stdout)")
    }

    @Test func anApprovedConfigurationChangeTakesEffectFromItsCommitOnly() throws {
        let dir = try Self.repository()
        dir.write("policies/p1.md", Self.policy(version: "1.1", body: "Unapproved."))
        try GitCLI.commitAll(dir, "Unapproved edit", date: "2026-01-08T10:00:00Z", author: Self.bob)
        let early = try Self.short(dir)
        // Carol (top-management, the default config approver) approves turning the rule down to a warning.
        dir.write("isms.yml", Self.config + "rules:\n  change-unapproved: warning\n")
        try GitCLI.commitAll(dir, "Rule to warning\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-09T10:00:00Z", author: Self.alice)
        dir.write("policies/p1.md", Self.policy(version: "1.2", body: "Unapproved again."))
        try GitCLI.commitAll(dir, "Another unapproved edit", date: "2026-01-10T10:00:00Z", author: Self.bob)
        let late = try Self.short(dir)
        let (_, f) = try Self.lint(dir)
        let unapproved = f.filter { $0["rule"] as? String == "change-unapproved" }
        #expect(unapproved.first { $0["commit"] as? String == early }?["severity"] as? String == "error", "\(unapproved)")
        #expect(unapproved.first { $0["commit"] as? String == late }?["severity"] as? String == "warning", "\(unapproved)")
        #expect(!f.contains { $0["path"] as? String == "isms.yml" && $0["rule"] as? String != "change-control-since-moved" && ($0["rule"] as? String ?? "").hasPrefix("change") }, "the approved change is not reported: \(f)")
    }

    @Test func movingSinceLaterIsReportedAndErasesNothing() throws {
        let dir = try Self.repository()
        dir.write("policies/p1.md", Self.policy(version: "1.1", body: "Unapproved."))
        try GitCLI.commitAll(dir, "Unapproved edit", date: "2026-01-10T10:00:00Z", author: Self.bob)
        let edit = try Self.short(dir)
        // Even approved, moving `since` past a checked commit is reported, and the commit stays judged.
        dir.write("isms.yml", "version: 1\nchange_control:\n  since: 2099-01-01\n")
        try GitCLI.commitAll(dir, "Adopt later\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-12T10:00:00Z", author: Self.alice)
        let move = try Self.short(dir)
        let (_, f) = try Self.lint(dir)
        #expect(f.contains { $0["rule"] as? String == "change-unapproved" && $0["commit"] as? String == edit }, "\(f)")
        #expect(f.contains { $0["rule"] as? String == "change-control-since-moved" && $0["commit"] as? String == move && $0["path"] as? String == "isms.yml" }, "\(f)")
        let h = try ISMSBinary.run(["history", "--all"], in: dir.url)
        #expect(h.stdout.contains("NOT APPROVED"), "\(h.stdout)")
        #expect(h.stdout.contains("SINCE MOVED: 2026-01-06 → 2099-01-01"), "\(h.stdout)")
    }

    @Test func beforeAnyApprovalTheSetUpMayAdjustSince() throws {
        // Documents and configuration imported over two commits, the second fixing `since`: nobody has approved
        // anything yet, so this is adoption, not erasure.
        let dir = try Self.repository(config: "version: 1\nchange_control:\n  since: 2025-01-01\n")
        dir.write("isms.yml", "version: 1\nchange_control:\n  since: 2026-01-06\n")
        dir.write("policies/p2.md", Self.policy("POL-2", version: "1.0"))
        try GitCLI.commitAll(dir, "Import the rest", date: "2026-01-05T11:00:00Z", author: Self.alice)
        dir.write("policies/p1.md", Self.policy(version: "1.1", body: "Approved."))
        try GitCLI.commitAll(dir, "First approved change\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-07T10:00:00Z", author: Self.bob)
        let (_, f) = try Self.lint(dir)
        #expect(!f.contains { $0["commit"] != nil }, "\(f.filter { $0["commit"] != nil })")
    }

    @Test func theCommitMsgHookJudgesAStagedConfigurationChange() throws {
        let dir = try Self.repository()
        dir.write("isms.yml", Self.config + "rules:\n  change-unapproved: off\n")
        try GitCLI.run(["add", "-A"], in: dir.url)
        let env = ["GIT_AUTHOR_NAME": "Bob", "GIT_AUTHOR_EMAIL": "bob@example.com"]
        dir.write(".git/MSG", "Quieter lint\n")
        let bare = try ISMSBinary.run(["check", "--commit-msg", ".git/MSG", "--format", "json", "--today", "2026-01-10"], in: dir.url, environment: env)
        #expect(bare.status == 1, "\(bare.stdout)\(bare.stderr)")
        #expect(try Self.findings(bare).contains { $0["rule"] as? String == "change-unapproved" && $0["path"] as? String == "isms.yml" }, "\(bare.stdout)")
        dir.write(".git/MSG", "Quieter lint\n\nApproved-by: Carol <carol@example.com>\n")
        let ok = try ISMSBinary.run(["check", "--commit-msg", ".git/MSG", "--format", "json", "--today", "2026-01-10"], in: dir.url, environment: env)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        // Dave is no config approver (top-management is).
        dir.write(".git/MSG", "Quieter lint\n\nApproved-by: Dave <dave@example.com>\n")
        let dave = try ISMSBinary.run(["check", "--commit-msg", ".git/MSG", "--format", "json", "--today", "2026-01-10"], in: dir.url, environment: env)
        #expect(try Self.findings(dave).contains { $0["rule"] as? String == "approval-unauthorised" && $0["path"] as? String == "isms.yml" }, "\(dave.stdout)")
    }

    @Test func aSinceCommitOutsideTheHistoryIsAnError() throws {
        let dir = try Self.repository()
        try GitCLI.run(["checkout", "-q", "-b", "elsewhere"], in: dir.url)
        dir.write("README.md", "# elsewhere\n")
        let other = try GitCLI.commitAll(dir, "Elsewhere", date: "2026-01-07T10:00:00Z", author: Self.alice)
        try GitCLI.run(["checkout", "-q", "main"], in: dir.url)
        dir.write("isms.yml", "version: 1\nchange_control:\n  since: \(other)\n")
        let r = try ISMSBinary.run(["lint", ".", "--today", "2026-02-01"], in: dir.url)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("not HEAD or an ancestor"), "\(r.stderr)")
        dir.write("isms.yml", "version: 1\nchange_control:\n  since: 0123456789abcdef\n")
        let unknown = try ISMSBinary.run(["history"], in: dir.url)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("change_control.since"), "\(unknown.stderr)")
    }

    // MARK: 3. Authority only from approved registry versions

    @Test func anUnapprovedRegistryChangeGrantsNoAuthority() throws {
        let dir = try Self.repository()
        // Bob adds `ops` with the top-management role, without approval.
        dir.write("people.md", Self.people(version: "1.1", extra: "  - {id: ops, name: Ops, emails: [ops@example.com], roles: [top-management]}\n"))
        try GitCLI.commitAll(dir, "Add ops", date: "2026-01-10T10:00:00Z", author: Self.bob)
        // Later, bob changes the policy "approved by ops".
        dir.write("policies/p1.md", Self.policy(version: "1.1", body: "Everyone is an admin."))
        try GitCLI.commitAll(dir, "Widen access\n\nApproved-by: Ops <ops@example.com>", date: "2026-01-12T10:00:00Z", author: Self.bob)
        let widen = try Self.short(dir)
        let (_, f) = try Self.lint(dir)
        #expect(f.contains { $0["commit"] as? String == widen && ($0["rule"] as? String == "approval-unauthorised") }, "\(f)")
        let h = try ISMSBinary.run(["history", "POL-1"], in: dir.url)
        #expect(!h.stdout.contains("approved by ops"), "\(h.stdout)")
        #expect(h.stdout.contains("NOT APPROVED"), "\(h.stdout)")

        // The same registry change, approved by carol, does give ops authority.
        let ok = try Self.repository()
        ok.write("people.md", Self.people(version: "1.1", extra: "  - {id: ops, name: Ops, emails: [ops@example.com], roles: [top-management]}\n"))
        try GitCLI.commitAll(ok, "Add ops\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-10T10:00:00Z", author: Self.bob)
        ok.write("policies/p1.md", Self.policy(version: "1.1", body: "Everyone is an admin."))
        try GitCLI.commitAll(ok, "Widen access\n\nApproved-by: Ops <ops@example.com>", date: "2026-01-12T10:00:00Z", author: Self.bob)
        let (_, okf) = try Self.lint(ok)
        #expect(!okf.contains { $0["commit"] != nil }, "no change-control finding: \(okf.filter { $0["commit"] != nil })")
    }

    // MARK: 4. check --range: authority at each commit's parent, from approved versions only

    @Test func aRangeHonoursAnApprovedHandOverAndJudgesDeletionsByTheLastApprover() throws {
        let dir = try Self.repository()
        try GitCLI.run(["checkout", "-q", "-b", "pr"], in: dir.url)
        // Carol approves giving dave the top-management role, then dave approves a policy change.
        dir.write("people.md", Self.people(version: "1.1").replacingOccurrences(of: "emails: [dave@example.com], roles: [engineer]", with: "emails: [dave@example.com], roles: [engineer, top-management]"))
        try GitCLI.commitAll(dir, "Hand over to dave\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-10T10:00:00Z", author: Self.alice)
        dir.write("policies/p1.md", Self.policy(version: "1.1", body: "Reviewed by dave."))
        try GitCLI.commitAll(dir, "Change POL-1\n\nApproved-by: Dave <dave@example.com>", date: "2026-01-11T10:00:00Z", author: Self.bob)
        // A document created and deleted inside the range, each approved by its approver (carol).
        dir.write("policies/p2.md", Self.policy("POL-2", version: "1.0", approver: "carol"))
        try GitCLI.commitAll(dir, "Add POL-2\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-12T10:00:00Z", author: Self.bob)
        try GitCLI.run(["rm", "-q", "policies/p2.md"], in: dir.url)
        try GitCLI.commitAll(dir, "Drop POL-2\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-13T10:00:00Z", author: Self.bob)
        let r = try ISMSBinary.run(["check", "--range", "main..pr", "--format", "json", "--today", "2026-01-14"], in: dir.url)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(!r.stdout.contains("approver: none"), "\(r.stdout)")

        // An unapproved hand-over inside the range grants nothing.
        let bad = try Self.repository()
        try GitCLI.run(["checkout", "-q", "-b", "pr"], in: bad.url)
        bad.write("people.md", Self.people(version: "1.1").replacingOccurrences(of: "emails: [dave@example.com], roles: [engineer]", with: "emails: [dave@example.com], roles: [engineer, top-management]"))
        try GitCLI.commitAll(bad, "Hand over to dave", date: "2026-01-10T10:00:00Z", author: Self.alice)
        bad.write("policies/p1.md", Self.policy(version: "1.1", body: "Reviewed by dave."))
        try GitCLI.commitAll(bad, "Change POL-1\n\nApproved-by: Dave <dave@example.com>", date: "2026-01-11T10:00:00Z", author: Self.bob)
        let change = try Self.short(bad)
        let br = try ISMSBinary.run(["check", "--range", "main..pr", "--format", "json", "--today", "2026-01-14"], in: bad.url)
        #expect(br.status == 1)
        #expect(try Self.findings(br).contains { $0["rule"] as? String == "approval-unauthorised" && $0["commit"] as? String == change }, "\(br.stdout)")
    }
}

/// Issue 9, point 2: what proves an approval. Real OpenPGP keys in a temporary keyring, real signed commits.
@Suite(.serialized) struct ApprovalProofTests {
    static let gpg = "/usr/bin/gpg"

    /// A keyring with bob's and carol's keys (made here, so trusted ultimately, as a team's verifier keyring would).
    static func keyring() throws -> TemporaryFolder {
        let home = TemporaryFolder("isms-gpg")
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home.path)
        for who in ["Bob <bob@example.com>", "Carol <carol@example.com>"] {
            let r = try runProcess(gpg, ["--batch", "--passphrase", "", "--quick-gen-key", who, "ed25519", "sign", "never"], environment: ["GNUPGHOME": home.path])
            #expect(r.status == 0, "\(r.stderr)")
        }
        return home
    }

    static func commit(_ dir: TemporaryFolder, _ message: String, date: String, author: (String, String), committer: (String, String)? = nil,
                       signingKey: String? = nil, home: TemporaryFolder) throws -> String {
        try GitCLI.run(["add", "-A"], in: dir.url)
        var env = ["GNUPGHOME": home.path]
        if let committer { env["GIT_COMMITTER_NAME"] = committer.0; env["GIT_COMMITTER_EMAIL"] = committer.1 }
        let sign = signingKey.map { ["-c", "gpg.program=\(gpg)", "-c", "user.signingkey=\($0)", "commit", "-S"] } ?? ["commit"]
        try GitCLI.run(sign + ["-q", "-m", message], in: dir.url, date: date, author: author, environment: env)
        return try GitCLI.run(["rev-parse", "--short=7", "HEAD"], in: dir.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func inStrictModeOnlyTheApproverProvesATrailer() throws {
        let home = try Self.keyring()
        let dir = try TrustTests.repository(config: TrustTests.config + "  approval_proof: signed\n")
        // 1. Bob writes "Approved-by: Carol" in his own signed commit: a forgery, signature or not.
        dir.write("policies/p1.md", TrustTests.policy(version: "1.1", body: "Forged."))
        let forged = try Self.commit(dir, "Forged approval\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-10T10:00:00Z",
                                     author: TrustTests.bob, signingKey: "bob@example.com", home: home)
        // 2. Bob's change, committed and signed by carol: carol's own act.
        dir.write("policies/p1.md", TrustTests.policy(version: "1.2", body: "Signed by carol."))
        let signed = try Self.commit(dir, "Carol signs\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-11T10:00:00Z",
                                     author: TrustTests.bob, committer: TrustTests.carol, signingKey: "carol@example.com", home: home)
        // 3. An unsigned commit whose pull request the forge records as approved by carol.
        dir.write("policies/p1.md", TrustTests.policy(version: "1.3", body: "Reviewed on the forge."))
        let forge = try Self.commit(dir, "Forge review\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-12T10:00:00Z", author: TrustTests.bob, home: home)
        // 4. An unsigned commit whose pull request the forge records without carol: the trailer cannot override that.
        dir.write("policies/p1.md", TrustTests.policy(version: "1.4", body: "Merged without review."))
        let overridden = try Self.commit(dir, "No review\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-13T10:00:00Z", author: TrustTests.bob, home: home)
        dir.write("approvals.json", """
        [{"commit": "\(forge)", "approvers": ["carol@example.com"], "reference": "https://example.com/pr/3"},
         {"commit": "\(overridden)", "approvers": [], "reference": "https://example.com/pr/4"}]
        """)
        dir.write("allowed_signers", "")
        let env = ["GNUPGHOME": home.path]
        // The oracle: git itself agrees carol's signature is good.
        #expect(try runProcess(GitCLI.path, ["-c", "gpg.program=\(Self.gpg)", "verify-commit", signed], in: dir.url, environment: GitCLI.environment().merging(env) { $1 }).status == 0)
        let r = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", "2026-02-01", "--verify-signatures", "--allowed-signers", "allowed_signers",
                                    "--approvals", "approvals.json"], in: dir.url, environment: env)
        let f = try TrustTests.findings(r)
        func approvalFindings(_ c: String) -> [[String: Any]] {
            f.filter { $0["commit"] as? String == c && ["approval-unauthorised", "change-unapproved", "change-self-approved"].contains($0["rule"] as? String ?? "") }
        }
        #expect(approvalFindings(forged).contains { ($0["message"] as? String ?? "").contains("not proven") }, "\(f)")
        #expect(approvalFindings(signed).isEmpty, "\(approvalFindings(signed))")
        #expect(approvalFindings(forge).isEmpty, "\(approvalFindings(forge))")
        #expect(approvalFindings(overridden).contains { ($0["message"] as? String ?? "").contains("https://example.com/pr/4") }, "\(f)")
        let h = try ISMSBinary.run(["history", "POL-1", "--verify-signatures", "--allowed-signers", "allowed_signers", "--approvals", "approvals.json"], in: dir.url, environment: env)
        #expect(h.stdout.contains("signed by carol@example.com"), "\(h.stdout)")
        // A team that signs with gpg alone needs no allowed-signers file: the same verdicts.
        let gpgOnly = try ISMSBinary.run(["lint", ".", "--format", "json", "--today", "2026-02-01", "--verify-signatures", "--approvals", "approvals.json"],
                                         in: dir.url, environment: env)
        let g = try TrustTests.findings(gpgOnly)
        #expect(g.filter { $0["commit"] as? String == signed && ["approval-unauthorised", "change-unapproved", "change-self-approved"].contains($0["rule"] as? String ?? "") }.isEmpty, "\(g)")
        #expect(g.contains { $0["commit"] as? String == forged && ($0["message"] as? String ?? "").contains("not proven") }, "\(g)")
    }

    @Test func inTheDefaultModeHistorySaysTheTrailerIsUnverified() throws {
        let dir = try TrustTests.repository()
        dir.write("policies/p1.md", TrustTests.policy(version: "1.1", body: "Claimed."))
        let claimed = try GitCLI.commitAll(dir, "Claimed approval\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-10T10:00:00Z", author: TrustTests.bob)
        dir.write("policies/p1.md", TrustTests.policy(version: "1.2", body: "Merged without review."))
        let overridden = try GitCLI.commitAll(dir, "No review\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-11T10:00:00Z", author: TrustTests.bob)
        dir.write("approvals.json", "[{\"commit\": \"\(overridden)\", \"approvers\": [\"alice@example.com\"], \"reference\": \"https://example.com/pr/9\"}]")
        for format in ["text", "md", "json"] {
            let h = try ISMSBinary.run(["history", "POL-1", "--format", format, "--approvals", "approvals.json"], in: dir.url)
            #expect(h.status == 0)
            #expect(h.stdout.contains("unverified"), "\(format): \(h.stdout)")
        }
        let json = try ISMSBinary.run(["history", "POL-1", "--format", "json", "--approvals", "approvals.json"], in: dir.url)
        let docs = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
        let rows = try #require(docs.first?["revisions"] as? [[String: Any]])
        let verdictOf = { (id: String) in rows.first { id.hasPrefix($0["commit"] as? String ?? "-") }?["verdict"] as? String ?? "" }
        #expect(verdictOf(claimed).contains("unverified trailer"), "\(rows)")
        #expect(verdictOf(overridden).contains("NOT APPROVED") && verdictOf(overridden).contains("pr/9"), "\(rows)")
        // The audit pack carries the same verdicts.
        let out = TemporaryFolder("isms-pack")
        let pack = try ISMSBinary.run(["report", "--out", out.path + "/pack", "--in", ".", "--today", "2026-02-01"], in: dir.url)
        #expect(pack.status != 2, "\(pack.stderr)")
        let md = FileManager.default.enumerator(atPath: out.path + "/pack")?.compactMap { $0 as? String }.filter { $0.hasSuffix(".md") || $0.hasSuffix(".html") } ?? []
        let texts = md.compactMap { try? String(contentsOfFile: out.path + "/pack/" + $0, encoding: .utf8) }
        #expect(texts.contains { $0.contains("unverified trailer") }, "\(md)")
    }
}

/// Issue 9, point 5: the audit trail is complete, and says when it is not.
@Suite(.serialized) struct AuditTrailTests {
    @Test func deletedAndRetiredDocumentsAndEveryVerdictAreShown() throws {
        let dir = try TrustTests.repository()
        dir.write("policies/p2.md", TrustTests.policy("POL-2", version: "1.0"))
        dir.write("policies/p3.md", TrustTests.policy("POL-3", version: "1.0"))
        try GitCLI.commitAll(dir, "More policies", date: "2026-01-05T11:00:00Z", author: TrustTests.alice)
        try GitCLI.run(["rm", "-q", "policies/p2.md"], in: dir.url)
        try GitCLI.commitAll(dir, "Drop POL-2\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-10T10:00:00Z", author: TrustTests.bob)
        dir.write("policies/p3.md", TrustTests.policy("POL-3", version: "1.0", status: "retired"))
        try GitCLI.commitAll(dir, "Retire POL-3\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-11T10:00:00Z", author: TrustTests.bob)
        // Approved, but unversioned: lint flags it, so the table must too.
        dir.write("policies/p1.md", TrustTests.policy(version: "1.0", body: "Changed, same version."))
        let unversioned = try GitCLI.commitAll(dir, "Quiet edit\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-12T10:00:00Z", author: TrustTests.bob)

        let all = try ISMSBinary.run(["history", "--all", "--format", "json"], in: dir.url)
        #expect(all.status == 0, "\(all.stderr)")
        let docs = try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as! [[String: Any]]
        let ids = docs.compactMap { $0["id"] as? String }
        #expect(ids.contains("POL-2") && ids.contains("POL-3"), "\(ids)")
        let pol2 = try #require(docs.first { $0["id"] as? String == "POL-2" }?["revisions"] as? [[String: Any]])
        #expect(pol2.first?["kind"] as? String == "deleted" && pol2.count == 2, "\(pol2)")
        let one = try ISMSBinary.run(["history", "POL-2"], in: dir.url)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.contains("deleted") && one.stdout.contains("Drop POL-2"), "\(one.stdout)")
        let p1 = try #require(docs.first { $0["id"] as? String == "POL-1" }?["revisions"] as? [[String: Any]])
        let row = p1.first { unversioned.hasPrefix($0["commit"] as? String ?? "-") }
        #expect((row?["verdict"] as? String ?? "").contains("NOT VERSIONED"), "\(p1)")
    }

    @Test func aShallowCloneSaysSoInTheOutput() throws {
        let origin = try TrustTests.repository()
        origin.write("policies/p1.md", TrustTests.policy(version: "1.1", body: "Second."))
        try GitCLI.commitAll(origin, "Second\n\nApproved-by: Carol <carol@example.com>", date: "2026-01-10T10:00:00Z", author: TrustTests.bob)
        origin.write("README.md", "# later\n")
        try GitCLI.commitAll(origin, "Docs", date: "2026-01-11T10:00:00Z", author: TrustTests.bob)
        let clone = TemporaryFolder("isms-shallow")
        try GitCLI.run(["clone", "-q", "--depth", "1", "file://" + origin.path, clone.path + "/c"], in: clone.url)
        let repo = clone.url.appendingPathComponent("c")
        let text = try ISMSBinary.run(["history", "--all"], in: repo)
        #expect(text.stdout.contains("truncated"), "\(text.stdout)")
        let json = try ISMSBinary.run(["history", "--all", "--format", "json"], in: repo)
        #expect(json.stdout.contains("\"history_truncated\""), "\(json.stdout)")
        #expect((try? JSONSerialization.jsonObject(with: Data(json.stdout.utf8))) != nil)
    }
}
