import Foundation
import Testing
import TestSupport

/// The CI examples in docs/ci and the composite action at the repository root: valid against the schemas GitHub and
/// GitLab use (check-jsonschema's vendored copies), in an order that works on a cache hit, pinned, and with the
/// action's own steps run here as a runner would run them.
@Suite(.serialized) struct CIExamplesTests {
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for dir in path.split(separator: ":").map(String.init) + ["/root/.pyenv/shims", "/usr/local/bin", "/usr/bin"] {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
    static var checkJSONSchema: String? { tool("check-jsonschema") }

    /// A YAML file as JSON (python3's yaml module, which check-jsonschema's environment also has).
    static func yaml(_ relative: String) throws -> [String: Any] {
        let file = RepositoryFiles.root.appendingPathComponent(relative).path
        let r = try runProcess("/usr/bin/env", ["python3", "-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", file])
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: RepositoryFiles.root.appendingPathComponent(relative), encoding: .utf8)
    }

    @Test(.enabled(if: checkJSONSchema != nil, "check-jsonschema is not installed (scripts/setup.sh --test installs it with pip): the CI examples were not validated"))
    func examplesValidateAgainstTheVendoredSchemas() throws {
        let tool = try #require(Self.checkJSONSchema)
        for (file, schema) in [("docs/ci/github-actions.yml", "vendor.github-workflows"), ("action.yml", "vendor.github-actions"), ("docs/ci/gitlab-ci.yml", "vendor.gitlab-ci")] {
            let r = try runProcess(tool, ["--builtin-schema", schema, RepositoryFiles.root.appendingPathComponent(file).path])
            #expect(r.status == 0, "\(file) against \(schema): \(r.stdout)\(r.stderr)")
        }
        // The validator does reject a broken workflow (so a pass means something).
        let bad = TemporaryFolder("bad-workflow")
        bad.write("w.yml", "name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n        whith: {fetch-depth: 0}\n")
        #expect(try runProcess(tool, ["--builtin-schema", "vendor.github-workflows", bad.url.appendingPathComponent("w.yml").path]).status != 0)
    }

    @Test func githubExampleWorksOnACacheHitAndIsPinned() throws {
        let workflow = try Self.yaml("docs/ci/github-actions.yml")
        let permissions = try #require(workflow["permissions"] as? [String: String])
        #expect(permissions["actions"] == "read" && permissions["security-events"] == "write", "\(permissions)")
        let job = try #require((workflow["jobs"] as? [String: Any])?["isms"] as? [String: Any])
        let steps = try #require(job["steps"] as? [[String: Any]])
        let uses = steps.compactMap { $0["uses"] as? String }
        #expect(uses.first == "actions/checkout@v4")
        #expect((steps.first?["with"] as? [String: Any])?["fetch-depth"] as? Int == 0)
        // isms comes from the composite action pinned to a release tag; nothing is cloned or cached into the workspace.
        let isms = try #require(uses.first { $0.hasPrefix("isms-tool/isms@") })
        #expect(isms.range(of: #"@v[0-9]+\.[0-9]+\.[0-9]+$"#, options: .regularExpression) != nil, "\(isms)")
        let scripts = steps.compactMap { $0["run"] as? String }.joined(separator: "\n")
        #expect(!scripts.contains("git clone"))
        #expect(!uses.contains { $0.hasPrefix("actions/cache") }, "the action caches its own build")
        // Exit 2 (the tool failed) is not hidden by the SARIF step; 1 (findings) lets the upload run.
        #expect(!scripts.contains("|| true"))

        // The action: the cache key is computed from the action's files after the runner fetched them, the cache
        // restores only .build into the action's own folder, and the build comes after the restore.
        let action = try Self.yaml("action.yml")
        let runs = try #require(action["runs"] as? [String: Any])
        #expect(runs["using"] as? String == "composite")
        let actionSteps = try #require(runs["steps"] as? [[String: Any]])
        let names = actionSteps.map { ($0["name"] as? String ?? "") }
        let key = try #require(names.firstIndex { $0.hasPrefix("Cache key") })
        let cache = try #require(actionSteps.firstIndex { ($0["uses"] as? String)?.hasPrefix("actions/cache@") == true })
        let build = try #require(names.firstIndex { $0 == "Build isms" })
        #expect(key < cache && cache < build)
        let cacheWith = try #require(actionSteps[cache]["with"] as? [String: Any])
        #expect(cacheWith["path"] as? String == "${{ github.action_path }}/.build")
        #expect((cacheWith["key"] as? String)?.contains("steps.key.outputs.key") == true)
    }

    @Test func gitlabExampleFailsOnAPIErrorsAndIsPinned() throws {
        let text = try Self.text("docs/ci/gitlab-ci.yml")
        let curls = text.components(separatedBy: "curl ").dropFirst()
        #expect(curls.count == 2)
        for c in curls { #expect(c.hasPrefix("--fail"), "curl without --fail: \(c.prefix(60))") }
        let job = try #require(try Self.yaml("docs/ci/gitlab-ci.yml")["isms"] as? [String: Any])
        let version = try #require((job["variables"] as? [String: Any])?["ISMS_VERSION"] as? String)
        #expect(version.range(of: #"^v[0-9]+\.[0-9]+\.[0-9]+$"#, options: .regularExpression) != nil)
        let before = try #require(job["before_script"] as? [String])
        let clone = try #require(before.first { $0.contains("git clone") })
        #expect(clone.contains("--branch \"$ISMS_VERSION\"") && clone.contains(" /opt/isms"), "cloned pinned, outside the project: \(clone)")
        #expect((job["cache"] as? [String: Any]).map { ($0["paths"] as? [String]) == [".isms-build/"] } == true)
    }

    /// The action's own shell steps, run as the runner runs them (GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_PATH),
    /// with the built isms standing in for the release build: the key is computed, and `args` reach isms intact
    /// from the repository root of an ISMS kept in a subfolder.
    @Test func actionStepsRunAsTheRunnerRunsThem() throws {
        let action = try Self.yaml("action.yml")
        let steps = try #require((action["runs"] as? [String: Any])?["steps"] as? [[String: Any]])
        func script(_ prefix: String) throws -> String {
            try #require(steps.first { ($0["name"] as? String)?.hasPrefix(prefix) == true }?["run"] as? String)
        }
        let runnerFiles = TemporaryFolder("runner")
        let output = runnerFiles.write("output", ""), pathFile = runnerFiles.write("path", "")
        var env = GitCLI.environment()
        env["GITHUB_ACTION_PATH"] = RepositoryFiles.root.path
        env["GITHUB_OUTPUT"] = output.path
        env["GITHUB_PATH"] = pathFile.path
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let key = try runProcess("/bin/bash", ["-e", "-c", try script("Cache key")], environment: env)
        #expect(key.status == 0, "\(key.stderr)")
        let written = try String(contentsOf: output, encoding: .utf8)
        #expect(written.range(of: #"^key=isms-build-[A-Za-z]+-[a-z0-9_]+-[0-9a-f]{16}\n$"#, options: .regularExpression) != nil, "\(written)")

        // The run step calls $GITHUB_ACTION_PATH/.build/release/isms: point a stand-in action folder at the built binary.
        let standIn = TemporaryFolder("action")
        try FileManager.default.createDirectory(at: standIn.url.appendingPathComponent(".build/release"), withIntermediateDirectories: true)
        standIn.symlink(".build/release/isms", to: ISMSBinary.url.path)
        let repo = try ISMSDiscoveryTests.repository()
        env["GITHUB_ACTION_PATH"] = standIn.path
        env["GITHUB_WORKSPACE"] = repo.path
        env["HOME"] = runnerFiles.path   // git config --global writes here, not in the user's home
        env["GIT_CONFIG_GLOBAL"] = runnerFiles.url.appendingPathComponent("gitconfig").path
        env["ISMS_ARGS"] = "lint --format github --today 2026-03-01 --no-history"
        let run = try runProcess("/bin/bash", ["-e", "-c", try script("Run isms")], in: repo.url, environment: env)
        #expect(run.status == 1, "the subfolder ISMS has error findings: \(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("::error file=isms/"), "annotations for the ISMS found below the root: \(run.stdout)")
        env["ISMS_ARGS"] = "check --range 'HEAD..HEAD' --format github"
        #expect(try runProcess("/bin/bash", ["-e", "-c", try script("Run isms")], in: repo.url, environment: env).status == 0)
    }
}
