import Foundation

/// Something wrong in the user's documents or history: what rule found it, where, and why, in plain words.
public struct Finding: Sendable, Hashable {
    public var rule: String
    /// nil until the engine applies the rule's default severity or the configuration's.
    public var severity: Severity?
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String
    /// The commit a history finding is about (short id), when there is one.
    public var commit: String?

    public init(rule: String, severity: Severity? = nil, path: String, position: SourcePosition, message: String, commit: String? = nil) {
        self.rule = rule
        self.severity = severity
        self.path = path
        line = position.line
        column = position.column
        self.message = message
        self.commit = commit
    }

    public var position: SourcePosition { SourcePosition(line: line, column: column) }

    /// Sorted by path, then line, then column, then rule: the order every reporter prints.
    public static func ordered(_ a: Finding, _ b: Finding) -> Bool {
        (a.path, a.line, a.column, a.rule, a.message) < (b.path, b.line, b.column, b.rule, b.message)
    }

    /// `findings` sorted by `ordered`, with each path and rule compared as strings once (their ranks), not at every
    /// comparison: a large ISMS has thousands of findings, and comparing their strings was a tenth of its lint.
    public static func inOrder(_ findings: [Finding]) -> [Finding] {
        func ranks(_ values: [String]) -> [String: Int] {
            var rank: [String: Int] = [:]
            for (i, v) in Array(Set(values)).sorted().enumerated() { rank[v] = i }
            return rank
        }
        let pathRank = ranks(findings.map(\.path)), ruleRank = ranks(findings.map(\.rule))
        let keys = findings.map { (pathRank[$0.path]!, $0.line, $0.column, ruleRank[$0.rule]!) }
        return findings.indices.sorted { i, j in
            keys[i] != keys[j] ? keys[i] < keys[j] : findings[i].message < findings[j].message
        }.map { findings[$0] }
    }
}
