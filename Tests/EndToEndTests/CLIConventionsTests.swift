import Foundation
import Testing
import TestSupport

/// One vocabulary and the usual switches across commands: md/markdown, --quiet, --strict, SARIF helpUri into
/// docs/rules.md, approval errors that name who can approve, and the pre-commit manifest's filters and stages.
@Suite(.serialized) struct CLIConventionsTests {
    /// An ISMS whose only findings are warnings (the rules it would break are turned down in isms.yml).
    static func warningsOnly() -> TemporaryFolder {
        let dir = TemporaryFolder("isms-warnings")
        dir.write("isms.yml", """
        version: 1
        rules:
          mandatory-document-missing: warning
          people-registry-missing: warning
          programme-coverage-gap: warning
          control-missing: off
        """)
        return dir
    }

    @Test func mdAndMarkdownNameTheSameFormatEverywhere() throws {
        let dir = try ISMSDiscoveryTests.repository()
        try GitCLI.run(["tag", "audit-2026"], in: dir.url)
        let commands: [[String]] = [
            ["lint", "--today", "2026-03-01"], ["check", "--range", "HEAD..HEAD", "--today", "2026-03-01"], ["history", "--all"],
            ["soa", "--today", "2026-03-01"], ["audit", "plan", "--today", "2026-03-01"], ["transition"], ["diff", "--since", "audit-2026"], ["rules"],
        ]
        for args in commands {
            let md = try ISMSBinary.run(args + ["--format", "md"], in: dir.url)
            let markdown = try ISMSBinary.run(args + ["--format", "markdown"], in: dir.url)
            let upper = try ISMSBinary.run(args + ["--format", "Markdown"], in: dir.url)
            #expect(md.status != 2 && markdown.status == md.status, "\(args): \(md.stderr)\(markdown.stderr)")
            #expect(md.stdout == markdown.stdout && upper.stdout == md.stdout, "\(args)")
            #expect(!md.stdout.isEmpty, "\(args)")
        }
        #expect(try ISMSBinary.run(["soa", "--format", "pdf"], in: dir.url).status == 2)
    }

    @Test func quietPrintsOnlyFindings() throws {
        let dir = Self.warningsOnly()
        let loud = try ISMSBinary.run(["lint"], in: dir.url)
        let quiet = try ISMSBinary.run(["lint", "--quiet"], in: dir.url)
        #expect(loud.stderr.contains("note:"), "outside git, lint says history checks were skipped")
        #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
        #expect(quiet.status == loud.status)
        #expect(loud.lines.last?.contains("warnings") == true)
        #expect(quiet.lines == Array(loud.lines.dropLast()), "the finding lines, without the summary")
        let clean = try ISMSDiscoveryTests.repository()
        let soa = try ISMSBinary.run(["soa", "--quiet", "--today", "2026-03-01"], in: clean.url)
        #expect(soa.status == 0 && soa.stderr.isEmpty && !soa.stdout.isEmpty, "\(soa.stderr)")
        let created = try ISMSBinary.run(["new", "policy", "--id", "POL-X", "--title", "X", "--quiet"], in: clean.url)
        #expect(created.status == 0 && created.stdout.isEmpty)
    }

    @Test func strictMakesWarningsFail() throws {
        let dir = Self.warningsOnly()
        let plain = try ISMSBinary.run(["lint", "--quiet"], in: dir.url)
        #expect(plain.status == 0, "warnings alone do not fail: \(plain.stdout)")
        #expect(plain.stdout.contains(": warning: "))
        let strict = try ISMSBinary.run(["lint", "--quiet", "--strict"], in: dir.url)
        #expect(strict.status == 1)
        #expect(strict.stdout == plain.stdout)
        // info never fails, even strict.
        dir.write("isms.yml", """
        version: 1
        rules:
          mandatory-document-missing: info
          people-registry-missing: info
          programme-coverage-gap: info
          control-missing: off
        """)
        #expect(try ISMSBinary.run(["lint", "--strict"], in: dir.url).status == 0)
        // check takes --strict too.
        let repo = try ISMSDiscoveryTests.repository()
        #expect(try ISMSBinary.run(["check", "--range", "HEAD..HEAD", "--strict"], in: repo.url).status == 0)
    }

    @Test func sarifRulesLinkToTheirSectionOfTheRuleReference() throws {
        let page = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        let generated = try ISMSBinary.run(["explain", "--all"])
        #expect(generated.status == 0)
        #expect(page == generated.stdout, "docs/rules.md is stale: run `make rules-doc`")
        let dir = Self.warningsOnly()
        let sarif = try ISMSBinary.run(["lint", "--format", "sarif"], in: dir.url)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.count >= 70)
        for rule in rules {
            let id = try #require(rule["id"] as? String)
            let uri = try #require(rule["helpUri"] as? String, "\(id) has no helpUri")
            #expect(uri.hasSuffix("docs/rules.md#\(id)") && uri.hasPrefix("https://"), "\(uri)")
            #expect(page.contains("\n## \(id)\n"), "docs/rules.md has no section for \(id)")
        }
        #expect(try ISMSBinary.run(["explain"]).status == 2)
        #expect(try ISMSBinary.run(["explain", "template-text-left", "--all"]).status == 2)
    }

    @Test func approvalErrorsNameWhoCanApprove() throws {
        let dir = try HookTests.repository()
        dir.write("policies/access-control.md", HookTests.policy(version: "1.1", body: "MFA everywhere."))
        let r = try HookTests.commit(dir, "Require MFA")
        let out = r.stdout + r.stderr
        #expect(r.status != 0)
        #expect(out.contains("[change-unapproved]"), "\(out)")
        // The approver is role:top-management; carol holds it.
        #expect(out.contains("role:top-management (Carol <carol@example.com>)"), "\(out)")
        #expect(!out.contains("0000000"), "\(out)")
        let own = try HookTests.commit(dir, "Require MFA\n\nApproved-by: Bob <bob@example.com>")
        #expect((own.stdout + own.stderr).contains("Carol <carol@example.com>"), "\(own.stdout)\(own.stderr)")
        let wrong = try HookTests.commit(dir, "Require MFA\n\nApproved-by: Alice <alice@example.com>")
        #expect((wrong.stdout + wrong.stderr).contains("[approval-unauthorised]"))
        #expect((wrong.stdout + wrong.stderr).contains("It can be approved by role:top-management (Carol <carol@example.com>)"), "\(wrong.stdout)\(wrong.stderr)")
    }

    @Test func preCommitManifestFiltersFilesAndNamesStages() throws {
        let manifest = try String(contentsOf: RepositoryFiles.root.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        let hooks = manifest.components(separatedBy: "\n- id: ").dropFirst()
        #expect(hooks.count == 6)
        for hook in hooks {
            #expect(hook.contains("\n  stages: ["), "\(hook)")
            if hook.contains("--commit-msg") {
                #expect(hook.contains("stages: [commit-msg]") && hook.contains("always_run: true"))
            } else {
                #expect(hook.contains("\n  files: ") && hook.contains("\n  types: [text]") && !hook.contains("always_run"), "\(hook)")
            }
        }
        guard let tool = PreCommitFrameworkTests.preCommit else {
            Issue.record("pre-commit is not installed: run scripts/setup.sh --test (pip install pre-commit)")
            return
        }
        // From the root of a repository whose ISMS is in a subfolder: a staged change to it is checked ...
        let dir = try ISMSDiscoveryTests.repository()
        dir.write("isms/policies/access-control.md", HookTests.policy(version: "1.0", body: "Shared admin accounts are allowed."))
        try GitCLI.run(["add", "-A"], in: dir.url)
        let bad = try runProcess(tool, ["try-repo", RepositoryFiles.root.path, "isms-check-system", "--verbose"], in: dir.url, environment: PreCommitFrameworkTests.environment)
        #expect(bad.status != 0 && bad.stdout.contains("version-not-bumped"), "\(bad.stdout)\(bad.stderr)")
        // ... and a commit with no Markdown or YAML in it does not run isms at all.
        try GitCLI.run(["reset", "-q", "--hard"], in: dir.url)
        dir.write("src/main.c", "int main(void) { return 0; }\n")
        try GitCLI.run(["add", "-A"], in: dir.url)
        let skipped = try runProcess(tool, ["try-repo", RepositoryFiles.root.path, "isms-check-system", "--verbose"], in: dir.url, environment: PreCommitFrameworkTests.environment)
        #expect(skipped.status == 0, "\(skipped.stdout)\(skipped.stderr)")
        #expect(skipped.stdout.contains("Skipped"), "\(skipped.stdout)")
    }
}
