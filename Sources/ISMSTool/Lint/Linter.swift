import Foundation
import ISMSModel
import ISMSRules

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
    public init(path: String = ".", today: Day) {
        self.path = path
        self.today = today
    }
}

public enum Linter {
    public static func lint(_ options: LintOptions) throws -> LintReport {
        let workspace = try Workspace.locate(options.path)
        let isms = try ISMSLoader.load(from: workspace.source, configuration: workspace.configuration, rootPath: workspace.rootPath)
        var findings = LintEngine().run(RuleContext(isms: isms, today: options.today))
        if let focus = workspace.focus {
            findings = findings.filter { $0.path == focus || $0.path.hasPrefix(focus + "/") }
        }
        var notices: [String] = []
        if workspace.repository == nil {
            notices.append("\(workspace.rootPath.isEmpty ? "." : workspace.rootPath) is not in a git repository: change-control, history and independence-from-history checks were skipped")
        }
        return LintReport(findings: findings, documentCount: isms.documents.count, notices: notices)
    }
}
