import Foundation
import GitKit
import ISMSHistory
import ISMSModel
import ISMSReport

/// `isms diff --since REV|TAG|DATE`: the surveillance delta between a past revision and HEAD.
public enum DiffCommand {
    public enum Format: String, CaseIterable, Sendable { case text, json, md }

    public static func run(path: String, since: String, to: String?, format: Format) throws -> String {
        let workspace = try Workspace.locate(path)
        guard let repo = workspace.repository else { throw ToolFailure("\(path) is not in a git repository: diff compares two revisions") }
        guard let head = try gitCall({ try repo.headCommitID() }) else { throw ToolFailure("the repository has no commits yet: there is nothing to compare") }
        let target = try to.map { t in try gitCall { try repo.resolveCommit(t) } } ?? head
        let base = try resolve(since, in: repo, from: target)
        let old = try ISMSLoader.load(from: try gitCall { try GitSources.commit(base, in: repo, root: workspace.rootPath) }, configuration: workspace.configuration, rootPath: workspace.rootPath)
        let new = try ISMSLoader.load(from: try gitCall { try GitSources.commit(target, in: repo, root: workspace.rootPath) }, configuration: workspace.configuration, rootPath: workspace.rootPath)
        let describe = { (id: ObjectID) -> String in
            let c = try? repo.commit(id)
            return "\(id.short)" + (c.map { " (\(CommitIdentity(name: "", email: "", time: $0.committer.time, offsetMinutes: $0.committer.offsetMinutes).day))" } ?? "")
        }
        let delta = SurveillanceDelta.compare(old: old, new: new, from: describe(base), to: describe(target))
        switch format {
        case .text: return delta.text()
        case .md: return delta.markdown()
        case .json: return delta.json()
        }
    }

    /// A date means the last commit on the first-parent line made on or before that day; anything else is a revision.
    static func resolve(_ since: String, in repo: Repository, from head: ObjectID) throws -> ObjectID {
        guard let day = Day(since) else {
            if Day.looksLikeDate(since) { throw ToolFailure("--since \(since) is not a real date") }
            return try gitCall { try repo.resolveCommit(since) }
        }
        var current: ObjectID? = head
        while let id = current {
            let c = try gitCall { try repo.commit(id) }
            let when = CommitIdentity(name: "", email: "", time: c.committer.time, offsetMinutes: c.committer.offsetMinutes).day
            if when <= day { return id }
            current = c.parentIDs.first
        }
        throw ToolFailure("no commit on or before \(since) (the history starts later\(repo.isShallow ? ", or this shallow clone does not reach back that far: fetch the full history" : ""))")
    }
}
