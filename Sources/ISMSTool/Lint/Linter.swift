import Foundation
import GitKit
import ISMSHistory
import ISMSModel
import ISMSRules

/// Turns libgit2's failures into the tool's own (exit 2) with the plain message GitError carries.
func gitCall<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as GitError { throw ToolFailure(e.message) }
}

func readFile(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else { throw ToolFailure("\(path): cannot read the file") }
    return data
}

/// The outcome of a lint run, ready for a reporter.
public struct LintReport: Sendable {
    public var findings: [Finding]
    public var documentCount: Int
    /// Things the user should know that are not findings (a check that could not run, and why).
    public var notices: [String]
    /// With `LintOptions.recordBaseline`: every finding as a baseline entry (for `isms baseline --write`).
    public var baselineEntries: [Baseline.Entry] = []

    public init(findings: [Finding], documentCount: Int, notices: [String]) {
        self.findings = findings; self.documentCount = documentCount; self.notices = notices
    }

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    /// 0 no error findings · 1 error findings.
    public var exitCode: Int32 { errorCount > 0 ? 1 : 0 }
    /// --strict: warnings fail too (info never does).
    public func exitCode(strict: Bool) -> Int32 {
        guard strict else { return exitCode }
        return findings.contains { $0.severity == .error || $0.severity == .warning } ? 1 : 0
    }
}

public struct LintOptions {
    public var path: String
    public var today: Day
    /// Lint the ISMS as it is in this commit instead of the working tree.
    public var revision: String?
    /// Lint what is staged (the index) instead of the working tree.
    public var staged = false
    /// Read history and run the change-control rules (when the ISMS is in a git repository).
    public var history = true
    public var approvalsFile: String?
    /// Verify SSH signatures of changes against this allowed-signers file.
    public var allowedSigners: String?
    /// Judge commit signatures (OpenPGP through the gpg keyring; SSH needs `allowedSigners`).
    public var verifySignatures = false
    /// Leave out the findings the ISMS's baseline (isms-baseline.json) accepts, and report its stale entries.
    public var useBaseline = true
    /// Return every finding as a baseline entry too (`isms baseline --write`).
    public var recordBaseline = false
    public init(path: String = ".", today: Day, revision: String? = nil) {
        self.path = path
        self.today = today
        self.revision = revision
    }
}

public enum Linter {
    public static func lint(_ options: LintOptions) throws -> LintReport {
        let workspace = try Workspace.locate(options.path, revision: options.revision)
        var notices: [String] = []
        let source: DocumentSource
        var head: ObjectID?
        if let repo = workspace.repository {
            head = try gitCall { try repo.headCommitID() }
            if let rev = options.revision {
                let id = try gitCall { try repo.resolveCommit(rev) }
                head = id
                source = try gitCall { try GitSources.commit(id, in: repo, root: workspace.rootPath) }
            } else if options.staged {
                source = try gitCall { try GitSources.index(of: repo, root: workspace.rootPath) }
            } else {
                source = workspace.source
                if let sparse = workspace.source.sparseCheckoutNotice() { notices.append(sparse) }
            }
        } else {
            if options.revision != nil || options.staged {
                throw ToolFailure("\(options.path) is not in a git repository: --rev and --staged need one")
            }
            source = workspace.source
        }
        // At a revision or in the index, the configuration is the one stored there too: at a revision with its
        // templates folder from the same tree; in the index with the working tree's templates (what will be committed).
        var configuration = workspace.configuration
        if let path = workspace.configuration.path, let repo = workspace.repository {
            if options.revision != nil, let id = head {
                let tree = try gitCall { try repo.commit(id).tree() }
                configuration = try StoredConfiguration.read(at: path, in: tree, repo) ?? configuration
            } else if options.staged, let stored = try source.file(at: path), case .bytes(let data) = stored.content {
                configuration = try Configuration.parse(String(decoding: data, as: UTF8.self), path: path)
                if configuration.templates.folder == workspace.configuration.templates.folder {
                    configuration.templates.fromFolder = workspace.configuration.templates.fromFolder
                    configuration.templates.folderMissing = workspace.configuration.templates.folderMissing
                }
            }
        }
        let isms = try ISMSLoader.load(from: source, configuration: configuration, rootPath: workspace.rootPath)
        var history: ChangeHistory?
        if let repo = workspace.repository, options.history {
            if let head {
                var hopts = HistoryReader.Options(root: workspace.rootPath, head: head, configuration: configuration)
                hopts.useCache = true
                var h = try gitCall { try HistoryReader.read(repo, hopts) }
                if let file = options.approvalsFile { try ApprovalSources.fromFile(&h, data: try readFile(file), path: file) }
                if options.verifySignatures { try gitCall { try SignatureVerifier(allowedSigners: options.allowedSigners).apply(&h, repository: repo) } }
                ChangeAssessment.remember(ChangeControlLedger.settle(&h, configuration), for: isms)
                h.fixes = FixResolver.resolve(isms, repository: repo, head: head)
                history = h
            } else {
                notices.append("the repository has no commits yet: change-control checks start with the first commit")
            }
        }
        var findings = LintEngine().run(RuleContext(isms: isms, today: options.today, history: history))
        var entries: [Baseline.Entry] = []
        if options.recordBaseline { entries = Baseline.entries(for: findings, source: source, root: workspace.rootPath) }
        // At a revision, the baseline committed with it (a bare repository has no other).
        let baseline = options.revision != nil ? try Baseline.load(for: workspace, at: head) : try Baseline.load(for: workspace)
        if options.useBaseline, let baseline {
            let outcome = baseline.apply(findings, source: source, root: workspace.rootPath)
            findings = outcome.findings + baseline.staleFindings(outcome.stale)
            if outcome.suppressed > 0 {
                notices.append("\(outcome.suppressed) finding\(outcome.suppressed == 1 ? "" : "s") accepted in \(baseline.path) not shown")
            }
        }
        if let focus = workspace.focus {
            findings = findings.filter { $0.path == focus || $0.path.hasPrefix(focus + "/") }
        }
        if !workspace.hasConfigurationFile {
            notices.append("no isms.yml: the built-in defaults are in use, and findings about the ISMS as a whole point at where it would be (\(workspace.rootPath.isEmpty ? "" : workspace.rootPath + "/")isms.yml); `isms init` writes one")
        }
        if workspace.repository == nil {
            notices.append("\(workspace.rootPath.isEmpty ? "." : workspace.rootPath) is not in a git repository: change-control, history and independence-from-history checks were skipped")
        }
        if let damage = CorruptObjectReport.take() { throw ToolFailure(damage) }
        var report = LintReport(findings: findings, documentCount: isms.documents.count, notices: notices)
        report.baselineEntries = entries
        return report
    }

    /// `isms baseline --write`: records every current finding as accepted, beside isms.yml. Refuses to replace an
    /// existing baseline without `force` (a rewrite accepts everything found today, so it should be deliberate).
    public static func writeBaseline(_ options: LintOptions, force: Bool) throws -> (path: String, count: Int) {
        let workspace = try Workspace.locate(options.path)
        guard workspace.hasConfigurationFile else {
            throw ToolFailure("the baseline is kept beside isms.yml, and there is none: start the ISMS with `isms init`")
        }
        var o = options
        o.useBaseline = false
        o.recordBaseline = true
        o.path = workspace.configDirectory.path
        let report = try lint(o)
        let url = workspace.configDirectory.appendingPathComponent(Baseline.fileName)
        try workspace.writeInside([(url, Baseline.render(report.baselineEntries))], force: force)
        return (workspace.source.displayPath(url), report.baselineEntries.count)
    }
}
