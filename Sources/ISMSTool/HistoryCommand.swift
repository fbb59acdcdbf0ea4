import Foundation
import GitKit
import ISMSHistory
import ISMSModel
import ISMSReport
import ISMSRules

/// `isms history`: every controlled document's revisions from one walk, with authors and approvals proven from git.
public enum HistoryCommand {
    public enum Format: String, CaseIterable, Sendable { case text, json, md }

    public struct Options {
        public var path: String = "."
        /// A document path or id; nil for every document.
        public var document: String?
        public var format: Format = .text
        public var approvalsFile: String?
        public var allowedSigners: String?
        public init() {}
    }

    public typealias Output = CommandOutput

    public static func run(_ o: Options) throws -> Output {
        let workspace = try Workspace.locate(o.path)
        guard let repo = workspace.repository else {
            throw ToolFailure("\(o.path) is not in a git repository: history needs one (`git init`, or run inside the repository)")
        }
        guard let head = try gitCall({ try repo.headCommitID() }) else {
            return Output(text: "the repository has no commits yet: there is no history to show\n", notices: [], exitCode: 0)
        }
        let trace = Trace()
        let isms = try ISMSLoader.load(from: workspace.source, configuration: workspace.configuration, rootPath: workspace.rootPath)
        trace.mark("loaded \(isms.documents.count) documents")
        var history = try gitCall { try HistoryReader.read(repo, .init(root: workspace.rootPath, head: head, configuration: workspace.configuration)) }
        if let file = o.approvalsFile { try ApprovalSources.fromFile(&history, data: try readFile(file), path: file) }
        if let signers = o.allowedSigners { try gitCall { try SignatureVerifier(allowedSigners: signers).apply(&history, repository: repo) } }
        ChangeControlLedger.settle(&history, workspace.configuration)

        var docs: [Document]
        if let wanted = o.document {
            let asPath = workspace.source.displayPath(URL(fileURLWithPath: wanted, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL)
            docs = isms.documents.filter { $0.id == wanted || $0.path == asPath || $0.path == wanted }
            if docs.isEmpty { throw ToolFailure("no document with id or path '\(wanted)' in \(workspace.rootPath.isEmpty ? "the ISMS" : workspace.rootPath)") }
        } else {
            let controlled = Set(workspace.configuration.changeControl.controlledTypes)
            docs = isms.documents.filter { $0.type.map(controlled.contains) ?? false }
        }
        trace.mark("history read")
        let assessments = ChangeAssessment.assess(history, workspace.configuration)
        trace.mark("assessed \(assessments.count) changes")
        var verdicts: [String: [ChangeAssessment]] = [:]
        for a in assessments { verdicts[a.commit.id, default: []].append(a) }

        let all = RevisionHistory.all(paths: docs.map(\.path), in: history)
        let checked = Set(history.checkedCommits.map(\.id))
        let result = zip(docs, all).map { doc, entry in
            DocumentRevisions(path: doc.path, id: doc.id, title: doc.title, rows: entry.revisions.map { r in row(r, verdicts[r.commit.id]?.first { $0.change.path == r.change.path }, exempt: !checked.contains(r.commit.id)) })
        }
        trace.mark("rows")
        defer { trace.mark("rendered") }
        let text: String
        switch o.format {
        case .text: text = RevisionTable.text(result)
        case .md: text = RevisionTable.markdown(result)
        case .json: text = RevisionTable.json(result)
        }
        var notices: [String] = []
        var code: Int32 = 0
        if history.isTruncated {
            notices.append("history is truncated at \(history.shallowBoundary.map { String($0.prefix(7)) }.joined(separator: ", ")) (a shallow clone): earlier revisions are missing. Fetch the full history: `git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout")
            code = 2
        }
        return Output(text: text, notices: notices, exitCode: code)
    }

    static func row(_ r: DocumentRevision, _ a: ChangeAssessment?, exempt: Bool) -> RevisionRow {
        let c = r.commit
        let author = c.authority.person(email: c.author.email)
        var verdict: String
        if exempt {
            verdict = "before change control (since)"
        } else if let a, a.needsApproval {
            if !a.valid.isEmpty { verdict = "approved" }
            else if a.commit.approvals.isEmpty { verdict = "NOT APPROVED: no approval" }
            else if !a.unauthorised.isEmpty { verdict = "NOT APPROVED: " + a.unauthorised.map(\.reason).joined(separator: "; ") }
            else { verdict = "NOT APPROVED: approved only by its author" }
        } else if r.change.isPureRename {
            verdict = "renamed (no change of content)"
        } else {
            verdict = "no approval needed (\(r.change.after?.status ?? r.change.before?.status ?? "not controlled"))"
        }
        let approved = (a?.valid ?? []).map { (c.authority.person(email: $0.email)?.id ?? $0.email, $0.source.description) }

        switch c.signature {
        case .good(let who): verdict += "; signed by \(who)"
        case .unsigned: verdict += "; UNSIGNED"
        case .bad(let why): verdict += "; BAD SIGNATURE (\(why))"
        case .notChecked: break
        }
        return RevisionRow(date: c.committer.day.description, commit: c.shortID, kind: r.change.kind.rawValue,
                           versionBefore: r.change.before?.version, versionAfter: r.change.after?.version,
                           statusBefore: r.change.before?.status, statusAfter: r.change.after?.status,
                           author: author?.id ?? "unknown <\(c.author.email)>", authorKnown: author != nil,
                           approvedBy: approved, verdict: verdict, subject: c.subject, path: r.change.path)
    }
}
