import Foundation
import GitKit
import ISMSHistory
import ISMSModel
import ISMSReport

/// `isms soa`: the Statement of Applicability from the control documents, the people registry, the documents they
/// link to, and (in a repository) the commit that last changed each control file — from one history walk.
public enum SoACommand {
    public enum Format: String, CaseIterable, Sendable { case md, csv, json, html }

    public struct Options {
        public var path: String = "."
        public var format: Format = .md
        public var today: Day
        public init(today: Day) { self.today = today }
    }

    public typealias Output = CommandOutput

    public static func run(_ o: Options) throws -> Output {
        let reading = try ISMSReading.read(o.path)
        let workspace = reading.workspace, isms = reading.isms
        var notices = [reading.truncationNotice("a control's last change may be older than shown")].compactMap { $0 }
        var git: GitState = .notInGit
        if let repo = reading.repository {
            if let head = reading.head, let history = reading.history {
                let commit = try gitCall { try repo.commit(head) }
                let day = CommitIdentity(name: "", email: "", time: commit.committer.time, offsetMinutes: commit.committer.offsetMinutes).day
                // Which control files differ from HEAD (edited, or never committed): the SoA says so per row.
                let tree = try gitCall { try commit.tree() }
                let changed: (String) -> Bool = { path in
                    guard let entry = try? tree.entry(at: path), let blob = try? repo.blobData(entry.oid) else { return true }
                    let url = workspace.source.url(forDisplayPath: path)
                    return (try? Data(contentsOf: url)) != blob.data
                }
                git = .commit(id: head.short, date: day.description, history: history, changed: changed)
            } else {
                git = .noCommits
            }
        }
        let soa = build(isms, today: o.today, git: git)
        for doc in isms.documents(.control) {
            guard let id = doc.id, !isms.catalog.contains(id), !AnnexACatalog.isCustomControlID(id) else { continue }
            notices.append("\(doc.path): control id '\(id)' is neither an ISO/IEC 27001:2022 Annex A control nor a custom C-… control: it is not in the SoA (`isms lint` says why; `isms transition` maps 2013 ids)")
        }
        let text: String
        switch o.format {
        case .md: text = SoAReport.markdown(soa)
        case .csv: text = SoAReport.csv(soa)
        case .json: text = SoAReport.json(soa)
        case .html: text = SoAReport.html(soa)
        }
        return Output(text: text, notices: notices, exitCode: 0)
    }

    /// What git says about the working tree the ISMS was read from.
    public enum GitState {
        case notInGit
        case noCommits
        /// HEAD's short id and date, the history up to it, and whether a file (display path) differs from HEAD.
        case commit(id: String, date: String, history: ChangeHistory, changed: (String) -> Bool)
    }

    /// The SoA rows: every Annex A control of the catalog in numeric order, then custom `C-…` controls. Pure apart from
    /// the `changed` probe in `git`.
    public static func build(_ isms: ISMS, today: Day, git: GitState) -> StatementOfApplicability {
        let catalog = isms.catalog
        let annexA = catalog.controls.map(\.id).sorted(by: AnnexACatalog.numericOrder)
        let custom = Set(isms.documents(.control).compactMap(\.id).filter(AnnexACatalog.isCustomControlID)).sorted(by: AnnexACatalog.numericOrder)

        // Reverse links: documents that name a control (policy and procedure annex_a, risk and evidence controls).
        var linkedBy: [String: [DocumentType: [Document]]] = [:]
        for doc in isms.documents {
            guard let type = doc.type else { continue }
            let named: [String]
            switch type {
            case .policy, .procedure: named = doc.strings("annex_a")
            case .risk, .evidence: named = doc.strings("controls")
            default: continue
            }
            for id in Set(named) { linkedBy[id, default: [:]][type, default: []].append(doc) }
        }

        // Last change per control file, from the one walk (renames followed).
        let controlDocs = (annexA + custom).compactMap { isms.control($0) }
        var last: [String: StatementOfApplicability.LastChange] = [:]
        if case .commit(_, _, let history, _) = git {
            for entry in RevisionHistory.all(paths: controlDocs.map(\.path), in: history) {
                guard let r = entry.revisions.first else { continue }
                last[entry.path] = .init(commit: r.commit.shortID, date: r.commit.committer.day.description, version: r.change.after?.version)
            }
        }

        func link(_ id: String) -> StatementOfApplicability.Link {
            let doc = isms.document(id: id)
            return .init(id: id, title: doc?.title, url: doc?.type == .evidence ? doc?.string("location") : nil)
        }
        func links(_ forward: [String], reverse: [Document]) -> [StatementOfApplicability.Link] {
            var seen: Set<String> = []
            var out: [StatementOfApplicability.Link] = []
            for id in forward where seen.insert(id).inserted { out.append(link(id)) }
            for doc in reverse.sorted(by: { ($0.id ?? $0.path) < ($1.id ?? $1.path) }) {
                guard let id = doc.id, seen.insert(id).inserted else { continue }
                out.append(.init(id: id, title: doc.title, url: doc.type == .evidence ? doc.string("location") : nil))
            }
            return out
        }

        let rows = (annexA + custom).map { id -> StatementOfApplicability.Row in
            let entry = catalog.control(id)
            guard let doc = isms.control(id) else {
                return .init(id: id, theme: entry?.theme ?? "Custom", title: entry?.title ?? id, applicable: "undecided", justification: nil,
                             implementation: "missing", owner: nil, ownerName: nil, policies: [], risks: [], evidence: [], path: nil,
                             lastChange: nil, lastChangeNote: nil, uncommitted: false)
            }
            let applicable: String
            switch doc.bool("applicable") { case true?: applicable = "yes"; case false?: applicable = "no"; case nil: applicable = "undecided" }
            let reverse = linkedBy[id] ?? [:]
            let change = last[doc.path]
            var note: String?
            var uncommitted = false
            switch git {
            case .notInGit: note = "not in git"
            case .noCommits: note = "not committed"; uncommitted = true
            case .commit(_, _, _, let changed):
                uncommitted = changed(doc.path)
                if change == nil { note = "not committed" }
            }
            return .init(id: id, theme: entry?.theme ?? "Custom", title: entry?.title ?? doc.title ?? id, applicable: applicable,
                         justification: doc.string("justification"), implementation: doc.string("implementation"),
                         owner: doc.owner, ownerName: doc.owner.flatMap { isms.people.person($0)?.name },
                         policies: links(doc.strings("policies"), reverse: (reverse[.policy] ?? []) + (reverse[.procedure] ?? [])),
                         risks: links(doc.strings("risks"), reverse: reverse[.risk] ?? []),
                         evidence: links(doc.strings("evidence"), reverse: reverse[.evidence] ?? []),
                         path: doc.path, lastChange: change, lastChangeNote: note, uncommitted: uncommitted)
        }
        var commit: String?, commitDate: String?, commitNote: String?
        switch git {
        case .notInGit: commitNote = "the working tree (not in git)"
        case .noCommits: commitNote = "the working tree (no commits yet)"
        case .commit(let id, let date, _, _): commit = id; commitDate = date
        }
        return StatementOfApplicability(organisation: isms.configuration.organisation, today: today, commit: commit, commitDate: commitDate,
                                        commitNote: commitNote, rows: rows)
    }
}
