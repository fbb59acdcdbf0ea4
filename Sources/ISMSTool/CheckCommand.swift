import Foundation
import GitKit
import ISMSHistory
import ISMSModel
import ISMSRules

/// `isms check`: where isms runs in a workflow — before a commit (what is staged), on its message (approvals), and on a
/// pull request (every commit of BASE..HEAD, with authority read from BASE).
public enum CheckCommand {
    public enum Mode {
        case staged
        case commitMessage(String)
        case range(String)
    }

    public struct Options {
        public var path = "."
        public var mode: Mode = .staged
        public var today: Day
        public var approvalsFile: String?
        public var allowedSigners: String?
        /// Judge commit signatures (OpenPGP through the gpg keyring; SSH needs `allowedSigners`).
        public var verifySignatures = false
        /// Report findings anywhere in the ISMS, not only in the files the change touches (staged checks).
        public var everything = false
        /// Staged checks lint only the documents they report on (cross-document rules still see every document). Off
        /// lints everything and then keeps the same findings: the tests compare the two.
        public var focused = true
        /// Staged checks keep parsed documents by blob id under .git/isms (see ParseCache). Off parses every document.
        public var parseCache = true
        public init(today: Day) { self.today = today }
    }

    public static func run(_ o: Options) throws -> LintReport {
        var o = o
        // A push hook gets all-zero ids for a branch it creates (OLD) or deletes (NEW).
        if case .range(let spec) = o.mode, let push = PushRange(spec) {
            switch push {
            case .deletion: return LintReport(findings: [], documentCount: 0, notices: ["\(spec): a branch deletion changes no document; nothing to check"])
            case .creation(let head): o.mode = .range("HEAD.." + head)
            }
        }
        // In a bare repository (a server's pre-receive hook) the ISMS is found in the tree of the range's head.
        var revision: String?
        if case .range(let spec) = o.mode, let head = spec.components(separatedBy: spec.contains("...") ? "..." : "..").dropFirst().first {
            revision = head.isEmpty ? "HEAD" : head
        }
        let workspace = try Workspace.locate(o.path, revision: revision)
        guard let repo = workspace.repository else {
            throw ToolFailure("\(o.path) is not in a git repository: `isms check` checks staged changes, commit messages and commit ranges (use `isms lint` for a folder)")
        }
        let report: LintReport
        switch o.mode {
        case .staged: report = try staged(workspace, repo, o, message: nil)
        case .commitMessage(let file): report = try staged(workspace, repo, o, message: try messageText(file))
        case .range(let spec): report = try range(spec, workspace, repo, o)
        }
        if let damage = CorruptObjectReport.take() { throw ToolFailure(damage) }
        return report
    }

    // MARK: Staged changes and commit messages

    static func messageText(_ file: String) throws -> String {
        let text = String(decoding: try readFile(file), as: UTF8.self)
        // git strips comment lines and everything below the scissors line before committing; so do we.
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# ------------------------ >8 ------------------------") { break }
            if line.hasPrefix("#") { continue }
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }

    /// The committing user, as git will record them.
    static func committer(_ repo: Repository) -> (name: String, email: String) {
        let env = ProcessInfo.processInfo.environment
        let email = env["GIT_AUTHOR_EMAIL"] ?? env["EMAIL"] ?? repo.configString("user.email") ?? ""
        let name = env["GIT_AUTHOR_NAME"] ?? repo.configString("user.name") ?? ""
        return (name, email)
    }

    static func staged(_ workspace: Workspace, _ repo: Repository, _ o: Options, message: String?) throws -> LintReport {
        let head = try gitCall { try repo.headCommitID() }
        let root = workspace.rootPath
        let changes = try gitCall { try repo.stagedChanges(head: head, pathspec: root.isEmpty ? [] : [root]) }
        let isDocument = { (p: String) in p.hasSuffix(".md") || p.hasSuffix(".markdown") }
        let touched = changes.filter { ($0.newPath ?? $0.oldPath).map(isDocument) ?? false }
        let configTouched = changes.contains { ($0.newPath ?? "").hasSuffix(Configuration.fileName) }
        let commitMsgOnly = message != nil

        // Nothing of the ISMS is staged: nothing to check, and nothing to parse.
        if touched.isEmpty && !configTouched {
            return LintReport(findings: [], documentCount: 0, notices: [])
        }

        let isms = try ISMSLoader.load(from: try gitCall { try GitSources.index(of: repo, root: root) }, configuration: workspace.configuration, rootPath: root,
                                       cache: o.parseCache ? ParseCache(repo) : nil)
        let who = committer(repo)
        var record = CommitRecord(
            id: String(repeating: "0", count: 40), parents: head.map { [$0.hex] } ?? [],
            author: CommitIdentity(name: who.name, email: who.email, time: Int64(o.today.ordinal) * 86400, offsetMinutes: 0),
            committer: CommitIdentity(name: who.name, email: who.email, time: Int64(o.today.ordinal) * 86400, offsetMinutes: 0),
            subject: message.map { $0.split(separator: "\n").first.map(String.init) ?? "" } ?? "(staged changes)",
            trailers: message.map(Trailers.parse) ?? [], changes: [])
        let ignore = workspace.configuration.ignoreMatcher
        let prefix = root.isEmpty ? "" : root + "/"
        for c in touched {
            let path = c.newPath ?? c.oldPath ?? ""
            guard !ignore.matches(String(path.dropFirst(prefix.count))) else { continue }
            let kind: DocumentChange.Kind
            switch c.kind {
            case .added, .copied: kind = .added
            case .deleted: kind = .deleted
            case .renamed: kind = .renamed
            default: kind = .modified
            }
            let before = try c.oldID.map { try facts(repo, $0, path: c.oldPath ?? path) }
            let after = try c.newID.map { try facts(repo, $0, path: path) }
            record.changes.append(DocumentChange(kind: kind, path: path, oldPath: kind == .renamed ? c.oldPath : nil,
                                                 before: kind == .added ? nil : before, after: kind == .deleted ? nil : after))
        }
        // Authority is the registry at HEAD: the parent of the commit being made.
        // Only the registry is read at HEAD (the paths it has now, and before a rename in this commit).
        if let head {
            let tree = try gitCall { try repo.commit(head).tree() }
            var docs: [Document] = []
            let paths = Set(isms.documents(.people).map(\.path) + record.changes.filter { $0.before?.type == "people" }.map { $0.oldPath ?? $0.path })
            for path in paths.sorted() {
                guard let entry = try gitCall({ try tree.entry(at: path) }) else { continue }
                let (data, _) = try gitCall { try repo.blobData(entry.oid, limit: SourceFile.maximumSize) }
                docs.append(Document.load(SourceFile(path: path, content: .bytes(data)), parseBody: false))
            }
            record.authority = PeopleRegistry(documents: docs)
        }
        for t in record.trailers where workspace.configuration.changeControl.approvalTrailers.contains(where: { $0.lowercased() == t.key.lowercased() }) {
            let (name, email) = ApprovalSources.parseIdentity(t.value)
            record.approvals.append(Approval(name: name, email: email, source: .trailer(t.key)))
        }
        // A staged isms.yml is a change to a controlled document: judged against the configuration at HEAD.
        let configPath = HistoryReader.configurationPath(root: root, configuration: workspace.configuration)
        var atHead: Configuration?
        if configTouched, let head {
            func parse(_ blob: ObjectID?) throws -> (exists: Bool, config: Configuration?, problem: String?) {
                guard let blob else { return (false, nil, nil) }
                let text = String(decoding: try gitCall { try repo.blobData(blob, limit: SourceFile.maximumSize).data }, as: UTF8.self)
                do { return (true, try Configuration.parse(text, path: configPath), nil) } catch { return (true, nil, "\(error)") }
            }
            let before = try parse(try gitCall { try repo.commit(head).tree().entry(at: configPath)?.oid })
            let staged = changes.first { $0.newPath == configPath || $0.oldPath == configPath }
            let after = try parse(staged?.newPath == configPath ? staged?.newID : nil)
            atHead = before.config
            if let staged, staged.newID != staged.oldID || staged.newPath != staged.oldPath {
                record.configurationChange = ConfigurationChange(path: configPath, before: before.config, after: after.config, existedBefore: before.exists, problem: after.problem)
            }
        }
        var history = ChangeHistory(head: head?.hex, commits: [record], shallowBoundary: [], walkedCount: 1)
        history.approvalsPending = !commitMsgOnly
        history.judgeEveryCommit = true
        history.initialConfiguration = atHead
        ChangeControlLedger.settle(&history, workspace.configuration)

        let engine: LintEngine
        if commitMsgOnly {
            // The pre-commit hook already linted the documents; the message adds approvals, nothing else.
            engine = LintEngine(rules: RuleRegistry.all.filter { $0.description.family == .changeControl }.map { $0.init() })
        } else {
            engine = LintEngine()
        }
        // Findings are reported only on the files the change touches (unless --everything): only those are linted.
        let reported: Set<String>? = o.everything ? nil
            : Set(record.changes.flatMap { [$0.path, $0.oldPath].compactMap { $0 } } + (configTouched ? [workspace.configuration.path ?? "", configPath] : []))
        var findings = engine.run(RuleContext(isms: isms, today: o.today, history: history, focus: o.focused ? reported : nil))
        // The commit being made has no id yet: name it so, not by the placeholder id the record carries.
        let placeholder = record.shortID
        for i in findings.indices where findings[i].commit == placeholder {
            findings[i].message = findings[i].message.replacingOccurrences(of: "commit \(placeholder) ", with: "the commit being made ")
                .replacingOccurrences(of: " '(staged changes)'", with: "")
            findings[i].commit = nil
        }
        // Accepted findings (the baseline as committed at HEAD: a commit cannot accept its own) stay accepted; stale entries are lint's business (a commit-msg run sees
        // only change-control findings, so most entries would look stale there).
        if let baseline = try Baseline.load(for: workspace, at: head) {
            findings = baseline.apply(findings, source: try gitCall { try GitSources.index(of: repo, root: root) }, root: root).findings
        }
        if let reported {
            findings = findings.filter { reported.contains($0.path) }
        }
        return LintReport(findings: findings, documentCount: isms.documents.count, notices: [])
    }

    static func facts(_ repo: Repository, _ blob: ObjectID, path: String) throws -> DocumentFacts {
        let (data, size) = try gitCall { try repo.blobData(blob, limit: SourceFile.maximumSize) }
        if size > SourceFile.maximumSize { var f = DocumentFacts(); f.unreadable = true; return f }
        return DocumentFacts.read(data, path: path)
    }

    // MARK: Pull requests

    static func range(_ spec: String, _ workspace: Workspace, _ repo: Repository, _ o: Options) throws -> LintReport {
        let parts = spec.components(separatedBy: spec.contains("...") ? "..." : "..")
        guard parts.count == 2, !parts[0].isEmpty else { throw ToolFailure("--range takes BASE..HEAD (e.g. origin/main..HEAD)") }
        let shallowHint = repo.isShallow ? " This is a shallow clone: fetch the full history (actions/checkout with fetch-depth: 0, or git fetch --unshallow)." : ""
        let base: ObjectID, head: ObjectID
        if parts[0] == "HEAD", try gitCall({ try repo.headCommitID() }) == nil {
            throw ToolFailure("\(spec): the repository has no commits yet, so a new branch has nothing to be compared with. Check its whole history with `isms lint --rev \(parts[1].isEmpty ? "HEAD" : parts[1])`")
        }
        do {
            base = try repo.resolveCommit(parts[0])
            head = try repo.resolveCommit(parts[1].isEmpty ? "HEAD" : parts[1])
        } catch let e as GitError { throw ToolFailure(e.message + shallowHint) }
        // A force-pushed branch need not descend from BASE: compare from where the two histories meet.
        let found: ObjectID?
        do { found = try repo.mergeBase(base, head) } catch let e as GitError { throw ToolFailure(e.message + shallowHint) }
        guard let mergeBase = found else {
            throw ToolFailure("\(parts[0]) and \(parts[1].isEmpty ? "HEAD" : parts[1]) share no history, so the changes between them cannot be told apart.\(shallowHint)")
        }
        let root = workspace.rootPath

        // Configuration, people, roles and approvers come from BASE: a pull request cannot grant itself authority.
        var configuration = Configuration()
        var baseHasConfiguration = false
        let configPath = (root.isEmpty ? "" : root + "/") + Configuration.fileName
        if let stored = try StoredConfiguration.read(at: workspace.configuration.path ?? configPath, in: try gitCall { try repo.commit(base).tree() }, repo) {
            configuration = stored
            baseHasConfiguration = true
        }
        let isms = try ISMSLoader.load(from: try gitCall { try GitSources.commit(head, in: repo, root: root) }, configuration: configuration, rootPath: root)

        var options = HistoryReader.Options(root: root, head: head, configuration: configuration)
        options.exclude = [mergeBase]
        // Every commit of the pull request is checked, whatever change_control.since says.
        options.judgeEveryCommit = true
        var history = try gitCall { try HistoryReader.read(repo, options) }
        if history.isTruncated {
            throw ToolFailure("the history between \(parts[0]) and \(parts[1].isEmpty ? "HEAD" : parts[1]) is cut short by a shallow clone, so its changes cannot be proven.\(shallowHint)")
        }
        // Authority is read at each commit's parent, from approved registry and configuration versions only (the
        // ledger): a pull request cannot grant itself authority, and a properly approved hand-over inside it counts.
        // The configuration at BASE governs the first commit; a change to it counts once approved.
        history.initialConfiguration = baseHasConfiguration ? configuration : nil
        if let file = o.approvalsFile { try ApprovalSources.fromFile(&history, data: try readFile(file), path: file) }
        if o.verifySignatures { try gitCall { try SignatureVerifier(allowedSigners: o.allowedSigners).apply(&history, repository: repo) } }
        ChangeAssessment.remember(ChangeControlLedger.settle(&history, configuration), for: isms)
        history.fixes = FixResolver.resolve(isms, repository: repo, head: head)
        var findings = LintEngine().run(RuleContext(isms: isms, today: o.today, history: history))
        if let baseline = try Baseline.load(for: workspace, at: base) {
            findings = baseline.apply(findings, source: try gitCall { try GitSources.commit(head, in: repo, root: root) }, root: root).findings
        }
        if !o.everything {
            // A pull request is judged on what it changes: its files, and the change records of its commits.
            let paths = Set(history.commits.flatMap { $0.changes.flatMap { [$0.path, $0.oldPath].compactMap { $0 } } })
            findings = findings.filter { paths.contains($0.path) || $0.commit != nil }
        }
        return LintReport(findings: findings, documentCount: isms.documents.count,
                          notices: ["checked \(history.commits.count) commit\(history.commits.count == 1 ? "" : "s") changing the ISMS in \(mergeBase.short)..\(head.short); authority read from \(parts[0]) (\(base.short))"])
    }
}

/// What a push hook passes for a branch it creates or deletes: git's all-zero object id on one side of OLD..NEW.
enum PushRange: Equatable {
    /// `0000…..NEW`: a new branch, judged against the repository's HEAD (the default branch) as a pull request would be.
    case creation(String)
    /// `OLD..0000…`: a deleted branch.
    case deletion

    init?(_ spec: String) {
        let parts = spec.components(separatedBy: "..")
        guard parts.count == 2 else { return nil }
        func isZero(_ s: String) -> Bool { (s.count == 40 || s.count == 64) && s.allSatisfy { $0 == "0" } }
        if isZero(parts[1]) { self = .deletion } else if isZero(parts[0]) { self = .creation(parts[1]) } else { return nil }
    }
}
