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

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
    /// 0 no error findings · 1 error findings.
    public var exitCode: Int32 { errorCount > 0 ? 1 : 0 }
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
    public init(path: String = ".", today: Day, revision: String? = nil) {
        self.path = path
        self.today = today
        self.revision = revision
    }
}

public enum Linter {
    public static func lint(_ options: LintOptions) throws -> LintReport {
        let workspace = try Workspace.locate(options.path)
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
            }
        } else {
            if options.revision != nil || options.staged {
                throw ToolFailure("\(options.path) is not in a git repository: --rev and --staged need one")
            }
            source = workspace.source
        }
        // At a revision or in the index, the configuration is the one stored there too.
        var configuration = workspace.configuration
        if options.revision != nil || options.staged, let path = workspace.configuration.path,
           let stored = try source.file(at: path), case .bytes(let data) = stored.content {
            configuration = try Configuration.parse(String(decoding: data, as: UTF8.self), path: path)
        }
        let isms = try ISMSLoader.load(from: source, configuration: configuration, rootPath: workspace.rootPath)
        var history: ChangeHistory?
        if let repo = workspace.repository, options.history {
            if let head {
                var hopts = HistoryReader.Options(root: workspace.rootPath, head: head, configuration: configuration)
                hopts.useCache = true
                var h = try gitCall { try HistoryReader.read(repo, hopts) }
                if let file = options.approvalsFile { try ApprovalSources.fromFile(&h, data: try readFile(file), path: file) }
                if let signers = options.allowedSigners { try gitCall { try SignatureVerifier(allowedSigners: signers).apply(&h, repository: repo) } }
                ChangeAssessment.remember(ChangeControlLedger.settle(&h, configuration), for: isms)
                h.fixes = FixResolver.resolve(isms, repository: repo, head: head)
                history = h
            } else {
                notices.append("the repository has no commits yet: change-control checks start with the first commit")
            }
        }
        var findings = LintEngine().run(RuleContext(isms: isms, today: options.today, history: history))
        if let focus = workspace.focus {
            findings = findings.filter { $0.path == focus || $0.path.hasPrefix(focus + "/") }
        }
        if workspace.repository == nil {
            notices.append("\(workspace.rootPath.isEmpty ? "." : workspace.rootPath) is not in a git repository: change-control, history and independence-from-history checks were skipped")
        }
        return LintReport(findings: findings, documentCount: isms.documents.count, notices: notices)
    }
}
