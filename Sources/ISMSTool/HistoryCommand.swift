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
        /// Judge commit signatures (OpenPGP through the gpg keyring; SSH needs `allowedSigners`).
        public var verifySignatures = false
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
        // Every document's history, asked again over the same history and documents: the last answer, read back.
        // The object database as it is before anything is read (what the abbreviations will be unique among).
        let objects = o.document == nil && o.approvalsFile == nil && !o.verifySignatures && !repo.isBare ? repo.objectDatabaseStamp() : nil
        var listed: [SourceFile]?
        var memo: HistoryResultMemo?
        if let objects, HistoryResultMemo.isKept(in: repo, format: o.format) {
            let files = try ISMSLoader.files(of: workspace.source, configuration: workspace.configuration, rootPath: workspace.rootPath)
            listed = files
            trace.mark("listed \(files.count) documents")
            memo = HistoryResultMemo(repository: repo, objects: objects, head: head, format: o.format, workspace: workspace, files: files)
            trace.mark("inputs digested")
            if let text = memo?.output(in: repo) {
                trace.mark("output read back (\(files.count) documents)")
                return Output(text: text, notices: [], exitCode: 0)
            }
        }
        // Only the documents' front matter is shown: their bodies are not parsed. They are listed and parsed on another
        // thread while the history is read (the two are independent), through a libgit2 handle of their own.
        let load = { [listed] (source: WorkingTreeSource) -> (ISMS, [SourceFile]) in
            let files = try listed ?? ISMSLoader.files(of: source, configuration: workspace.configuration, rootPath: workspace.rootPath)
            return (try ISMSLoader.load(files, from: source, configuration: workspace.configuration, rootPath: workspace.rootPath, parseBody: false), files)
        }
        let loading = separateSource(workspace.source, of: repo).map { source in BackgroundWork { try load(source) } }
        let loadedFirst = loading == nil ? try load(workspace.source) : nil
        let reading = Result { try gitCall { try HistoryReader.readWritingCacheInBackground(repo, .init(root: workspace.rootPath, head: head, configuration: workspace.configuration)) } }
        // The cache is written while the command goes on; it is complete before the command returns, whatever it returns.
        let cacheWrite = (try? reading.get())?.1
        defer { cacheWrite?.join() }
        // The documents' error before the history's, as when they were loaded first.
        let (isms, files) = try loadedFirst ?? loading!.wait()
        trace.mark("loaded \(isms.documents.count) documents")
        // Digested now, while the read files are at hand (the output is kept at the end if it has no notices).
        if memo == nil, let objects { memo = HistoryResultMemo(repository: repo, objects: objects, head: head, format: o.format, workspace: workspace, files: files) }
        var history = try reading.get().0
        if let file = o.approvalsFile { try ApprovalSources.fromFile(&history, data: try readFile(file), path: file) }
        if o.verifySignatures { try gitCall { try SignatureVerifier(allowedSigners: o.allowedSigners).apply(&history, repository: repo) } }
        trace.mark("history walked")
        // What the read freed goes back to the system: freed by other threads, it sat in their malloc arenas, where
        // what is built next could not reuse it (the peak was the sum).
        FreedMemory.release()

        var docs: [Document]
        // Deleted documents are part of the audit trail: their last version, the deletion, and everything before.
        let deleted = deletedDocuments(history, present: isms.documents)
        var deletedRows: [DocumentRevisions] = []
        // isms.yml is a controlled document too: its revisions are listed with --all, or asked for by name.
        let configPath = HistoryReader.configurationPath(root: workspace.rootPath, configuration: workspace.configuration)
        var showConfiguration = o.document == nil
        if let wanted = o.document, wanted == configPath || wanted == Configuration.fileName || wanted == workspace.configuration.path {
            showConfiguration = true
            docs = []
        } else if let wanted = o.document {
            let asPath = workspace.source.displayPath(URL(fileURLWithPath: wanted, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL)
            docs = isms.documents.filter { $0.id == wanted || $0.path == asPath || $0.path == wanted }
            if docs.isEmpty {
                let gone = deleted.filter { $0.facts.id == wanted || $0.path == asPath || $0.path == wanted }
                if gone.isEmpty { throw ToolFailure("no document with id or path '\(wanted)' in \(workspace.rootPath.isEmpty ? "the ISMS" : workspace.rootPath), now or in its history") }
                deletedRows = gone.map { ($0, []) }.map { d, _ in DocumentRevisions(path: d.path, id: d.facts.id, title: (d.facts.title ?? "") + " (deleted)", rows: []) }
            }
        } else {
            let controlled = Set(workspace.configuration.changeControl.controlledTypes)
            docs = isms.documents.filter { $0.type.map(controlled.contains) ?? false }
            deletedRows = deleted.filter { $0.facts.documentType.map(controlled.contains) ?? false }
                .map { DocumentRevisions(path: $0.path, id: $0.facts.id, title: ($0.facts.title ?? "") + " (deleted)", rows: []) }
        }
        trace.mark("history read")
        // The present documents' lines and the deleted ones', followed in one pass over the graph, on another thread
        // while change control is settled: the lines do not depend on it (only the commits' authority does, below).
        let following = BackgroundWork { [history, docs, deletedRows] in
            revisions(of: docs.map(\.path), andDeleted: deletedRows.map(\.path), in: history)
        }
        let ledger = ChangeControlLedger.settle(&history, workspace.configuration)
        trace.mark("ledger settled")
        let followed = try following.wait()
        trace.mark("lines followed")
        // Written by now, before the rows are built: the write's buffers and the rows' side by side were more than a
        // cold run's peak memory may be.
        cacheWrite?.join()
        trace.mark("cache written")
        let assessments = ledger.assessments
        trace.mark("assessed \(assessments.count) changes")
        // Per commit: whether change control judges it, and its assessments (indices): one lookup per row.
        var judged: [String: (checked: Bool, assessments: [Int])] = [:]
        judged.reserveCapacity(history.commits.count)
        for c in history.checkedCommits { judged[c.id] = (true, []) }
        for (k, a) in assessments.enumerated() { judged[a.commit.id, default: (false, [])].assessments.append(k) }
        func assessment(_ commit: String, _ matches: (ChangeAssessment) -> Bool) -> ChangeAssessment? {
            guard let k = judged[commit]?.assessments.first(where: { matches(assessments[$0]) }) else { return nil }
            return assessments[k]
        }

        // The commits as settled (the authority the ledger grants), for the lines followed before it was.
        var settled: [String: CommitRecord] = [:]
        settled.reserveCapacity(history.commits.count)
        for c in history.commits { settled[c.id] = c }
        let all = followed
        let allowance = workspace.configuration.changeControl.reviewBackdateDays
        // Every document's rows, the present documents' then the deleted ones', built on every core.
        let rows = rowsInParallel(all.present + all.deleted) { r, days in
            let r = settled[r.commit.id].map { DocumentRevision(commit: $0, change: r.change) } ?? r
            let commit = judged[r.commit.id]
            let path = r.change.path
            let a = commit?.assessments.first { assessments[$0].change.path == path }.map { assessments[$0] }
            return row(r, a, exempt: commit?.checked != true, allowance: allowance, days: &days)
        }
        var result = zip(docs, rows).map { doc, rows in DocumentRevisions(path: doc.path, id: doc.id, title: doc.title, rows: rows) }
        for (var d, rows) in zip(deletedRows, rows.dropFirst(docs.count)) {
            d.rows = rows
            result.append(d)
        }
        if showConfiguration {
            let rows: [RevisionRow] = history.commits.compactMap { c in
                guard let cc = c.configurationChange else { return nil }
                let a = assessment(c.id) { $0.isConfigurationChange }
                let checked = judged[c.id]?.checked == true
                let kind: DocumentChange.Kind = !cc.existedBefore ? .added : cc.after == nil && cc.problem == nil ? .deleted : .modified
                var r = row(DocumentRevision(commit: c, change: a?.change ?? DocumentChange(kind: kind, path: cc.path, oldPath: nil, before: nil, after: nil)),
                            a, exempt: !checked, allowance: allowance)
                if a?.needsApproval != true && checked { r.verdict = "no approval needed (set-up: no approval recorded in the history yet)" }
                if let move = history.sinceMoves.first(where: { $0.commit.id == c.id }) {
                    r.verdict += "; SINCE MOVED: \(move.from ?? "none") → \(move.to ?? "none") would exempt \(move.uncovered.count) commit\(move.uncovered.count == 1 ? "" : "s") already under change control"
                }
                if let problem = cc.problem { r.verdict += "; UNREADABLE (\(problem)): not in force" }
                return r
            }
            if !rows.isEmpty || o.document != nil {
                result.append(DocumentRevisions(path: configPath, id: nil, title: "ISMS configuration", rows: rows))
            }
        }
        trace.mark("rows")
        defer { trace.mark("rendered") }
        // A shallow clone's history is cut short: the output itself says so, not only stderr.
        let truncation = history.isTruncated ? "history is truncated at \(history.shallowBoundary.map { String($0.prefix(7)) }.joined(separator: ", ")) (a shallow clone): earlier revisions are missing" : nil
        var text: String
        switch o.format {
        case .text: text = (truncation.map { "TRUNCATED: \($0)\n\n" } ?? "") + RevisionTable.text(result)
        case .md: text = (truncation.map { "> **Truncated:** \($0).\n\n" } ?? "") + RevisionTable.markdown(result)
        case .json: text = RevisionTable.json(result, truncated: truncation)
        }
        var notices: [String] = []
        var code: Int32 = 0
        if history.isTruncated {
            notices.append("history is truncated at \(history.shallowBoundary.map { String($0.prefix(7)) }.joined(separator: ", ")) (a shallow clone): earlier revisions are missing. Fetch the full history: `git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout")
            code = 2
        }
        if !history.missingObjects.isEmpty {
            // What could be read is printed above; what could not is named, with the fix.
            notices += history.missingObjects.prefix(20).map(\.message)
            if history.missingObjects.count > 20 { notices.append("… and \(history.missingObjects.count - 20) more missing objects") }
            code = 2
        }
        if let memo, code == 0, notices.isEmpty {
            memo.keep(text, sinceRevisions: HistoryResultMemo.sinceRevisions(history, workspace.configuration, in: repo))
        }
        var output = Output(text: text, notices: notices, exitCode: code)
        output.retained = [isms, history, ledger, result, judged, all, deleted, settled]
        return output
    }

    /// A handle of the working tree's source of its own, for reading the documents on another thread while `repository`
    /// reads the history (a libgit2 handle is used by one thread at a time); nil when there is none to be had just
    /// like it (a bare repository, or the repository reopened elsewhere): then the documents are read first.
    static func separateSource(_ source: WorkingTreeSource, of repository: Repository) -> WorkingTreeSource? {
        guard source.repository === repository, !repository.isBare,
              let own = try? Repository.open(at: repository.gitdir), own.workdir == repository.workdir, own.gitdir == repository.gitdir
        else { return nil }
        return WorkingTreeSource(root: source.root, repository: own, displayBase: source.base)
    }

    /// Each list's rows, in order, built in contiguous runs of lists of about the same number of rows, on every core;
    /// each run names its days itself.
    static func rowsInParallel(_ lists: [[DocumentRevision]], runs: Int = 16,
                               _ row: (DocumentRevision, inout DayNames) -> RevisionRow) -> [[RevisionRow]] {
        let total = lists.reduce(0) { $0 + $1.count }
        let runs = max(1, min(runs, lists.count, total / 64))
        // Where each run starts: the first list at or after its share of the rows.
        var starts = [0]
        var seen = 0
        for (i, list) in lists.enumerated() where starts.count < runs {
            if seen >= total * starts.count / runs, i > starts[starts.count - 1] { starts.append(i) }
            seen += list.count
        }
        starts.append(lists.count)
        var out = [[RevisionRow]](repeating: [], count: lists.count)
        out.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            DispatchQueue.concurrentPerform(iterations: starts.count - 1) { run in
                var days = DayNames()
                for i in starts[run]..<starts[run + 1] { out[i] = lists[i].map { row($0, &days) } }
            }
        }
        return out
    }

    /// Days as printed, each formatted once (a history has tens of thousands of rows on a few thousand days).
    struct DayNames {
        private var names: [Day: String] = [:]
        mutating func name(_ day: Day) -> String {
            if let known = names[day] { return known }
            let name = day.description
            names[day] = name
            return name
        }
    }

    static func row(_ r: DocumentRevision, _ a: ChangeAssessment?, exempt: Bool, allowance: Int = 30) -> RevisionRow {
        var days = DayNames()
        return row(r, a, exempt: exempt, allowance: allowance, days: &days)
    }

    static func row(_ r: DocumentRevision, _ a: ChangeAssessment?, exempt: Bool, allowance: Int, days: inout DayNames) -> RevisionRow {
        let c = r.commit
        let author = c.authority.person(email: c.author.email)
        var verdict: String
        let verdicts = a?.verdicts(allowance: allowance) ?? []
        if exempt {
            verdict = "before change control (since)"
        } else if let a, a.needsApproval || !verdicts.isEmpty {
            verdict = verdicts.count == 1 ? verdicts[0] : verdicts.joined(separator: "; ")
        } else if r.change.isPureRename {
            verdict = "renamed (no change of content)"
        } else {
            verdict = "no approval needed (\(r.change.after?.status ?? r.change.before?.status ?? "not controlled"))"
        }
        let approved = (a?.valid ?? []).map { v in
            (c.authority.person(email: v.email)?.id ?? v.email,
             a.map { !$0.unverified.isEmpty && $0.unverified.contains(v) } == true ? v.source.description + " (unverified)" : v.source.description)
        }

        switch c.signature {
        case .good(let who): verdict += "; signed by \(who)"
        case .unsigned: verdict += "; UNSIGNED"
        case .bad(let why): verdict += "; BAD SIGNATURE (\(why))"
        case .notChecked: break
        }
        return RevisionRow(date: days.name(c.committer.day), commit: c.shortID, kind: r.change.kind.rawValue,
                           versionBefore: r.change.before?.version, versionAfter: r.change.after?.version,
                           statusBefore: r.change.before?.status, statusAfter: r.change.after?.status,
                           author: author?.id ?? "unknown <\(c.author.email)>", authorKnown: author != nil,
                           approvedBy: approved, verdict: verdict, subject: c.subject, path: r.change.path)
    }

    /// Documents whose last change in the history is a deletion and that are not in the ISMS now.
    static func deletedDocuments(_ history: ChangeHistory, present: [Document]) -> [(path: String, facts: DocumentFacts)] {
        let paths = Set(present.map(\.path)), ids = Set(present.compactMap(\.id))
        var seen: Set<String> = []
        var out: [(String, DocumentFacts)] = []
        for c in history.commits {   // newest first: the first change seen of a path is its last
            for change in c.changes where seen.insert(change.path).inserted || change.oldPath.map({ seen.insert($0).inserted }) == true {
                guard change.kind == .deleted, !paths.contains(change.path), let facts = change.before,
                      facts.id.map({ !ids.contains($0) }) ?? true else { continue }
                out.append((change.path, facts))
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// A deleted document's revisions: its deletion, then its revisions before it (following renames).
    static func revisionsOfDeleted(_ path: String, in history: ChangeHistory) -> [DocumentRevision] {
        revisionsOfDeleted([path], in: history)[0]
    }

    /// Each deleted document's revisions, from one pass over the history for all of them (one pass each, copying
    /// the history, was half of a warm `history --all` with a hundred deleted documents).
    static func revisionsOfDeleted(_ paths: [String], in history: ChangeHistory) -> [[DocumentRevision]] {
        revisions(of: [], andDeleted: paths, in: history).deleted
    }

    /// The revisions of the documents now at `present` and of the deleted documents at `deleted` (see
    /// `revisionsOfDeleted`), from one pass over the history's graph for both.
    static func revisions(of present: [String], andDeleted paths: [String], in history: ChangeHistory) -> (present: [[DocumentRevision]], deleted: [[DocumentRevision]]) {
        let wanted = Set(paths)
        var deletion: [String: (commit: Int, change: DocumentChange)] = [:]
        for (i, c) in history.commits.enumerated() {   // newest first: the first deletion seen is the last
            for change in c.changes where change.kind == .deleted && wanted.contains(change.path) && deletion[change.path] == nil {
                deletion[change.path] = (i, change)
            }
        }
        let found = paths.compactMap { p in deletion[p].map { (path: p, commit: $0.commit, change: $0.change) } }
        // The history as it stood at each deletion's parent: the same rename-following index, from there.
        let (now, before) = RevisionIndex(history).revisions(of: present, beforeDeletions: found.map { ($0.path, $0.commit) })
        var byPath: [String: [DocumentRevision]] = [:]
        for (k, f) in found.enumerated() { byPath[f.path] = [DocumentRevision(commit: history.commits[f.commit], change: f.change)] + before[k] }
        return (now, paths.map { byPath[$0] ?? [] })
    }
}
