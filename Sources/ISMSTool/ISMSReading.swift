import Foundation
import GitKit
import ISMSHistory
import ISMSModel
import ISMSRules

/// What a command prints, what it says on stderr, and its exit code.
public struct CommandOutput {
    public var text: String
    public var notices: [String]
    public var exitCode: Int32
    /// What the output was made from (a history of thousands of commits, its rows), handed to the caller so a process
    /// about to exit need not free it object by object first (a tenth of a warm `history --all`).
    public var retained: [Any] = []
    public init(text: String, notices: [String], exitCode: Int32) { self.text = text; self.notices = notices; self.exitCode = exitCode }
}

/// The ISMS in the working tree and, when it is in a repository with commits, its history from one walk: what the
/// auditor-facing commands (history, soa, audit plan) start from.
public struct ISMSReading {
    public let workspace: Workspace
    public let isms: ISMS
    public let head: ObjectID?
    public let history: ChangeHistory?

    public var repository: Repository? { workspace.repository }

    public static func read(_ path: String) throws -> ISMSReading {
        let workspace = try Workspace.locate(path)
        let isms = try ISMSLoader.load(from: workspace.source, configuration: workspace.configuration, rootPath: workspace.rootPath)
        guard let repo = workspace.repository, let head = try gitCall({ try repo.headCommitID() }) else {
            return ISMSReading(workspace: workspace, isms: isms, head: nil, history: nil)
        }
        var history = try gitCall { try HistoryReader.read(repo, .init(root: workspace.rootPath, head: head, configuration: workspace.configuration)) }
        ChangeControlLedger.settle(&history, workspace.configuration)
        return ISMSReading(workspace: workspace, isms: isms, head: head, history: history)
    }

    /// Said when the history stops at a shallow clone's boundary: `consequence` says what that means for the command.
    public func truncationNotice(_ consequence: String) -> String? {
        guard let h = history else { return nil }
        if !h.isTruncated, let first = h.missingObjects.first {
            // A partial clone: the rest was read; say what is missing and the fix.
            return "\(h.missingObjects.count) object\(h.missingObjects.count == 1 ? " is" : "s are") missing from this clone (first: \(first.path) in commit \(first.commit.prefix(12))): \(consequence). Fetch them: `git fetch --refetch`"
        }
        guard h.isTruncated else { return nil }
        return "history is truncated at \(h.shallowBoundary.map { String($0.prefix(7)) }.joined(separator: ", ")) (a shallow clone): \(consequence). Fetch the full history: `git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout"
    }
}
