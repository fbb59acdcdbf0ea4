import Foundation
import ISMSModel

/// One row of a document's revision history, as an auditor reads it.
public struct RevisionRow: Sendable {
    public var date: String
    public var commit: String
    public var kind: String
    public var versionBefore: String?
    public var versionAfter: String?
    public var statusBefore: String?
    public var statusAfter: String?
    public var author: String
    public var authorKnown: Bool
    /// Approvals that count, each with how it was proven.
    public var approvedBy: [(who: String, source: String)]
    /// "approved", "no approval needed (draft)", or what is missing.
    public var verdict: String
    public var subject: String
    public var path: String

    public init(date: String, commit: String, kind: String, versionBefore: String?, versionAfter: String?, statusBefore: String?, statusAfter: String?,
                author: String, authorKnown: Bool, approvedBy: [(who: String, source: String)], verdict: String, subject: String, path: String) {
        self.date = date; self.commit = commit; self.kind = kind; self.versionBefore = versionBefore; self.versionAfter = versionAfter
        self.statusBefore = statusBefore; self.statusAfter = statusAfter; self.author = author; self.authorKnown = authorKnown
        self.approvedBy = approvedBy; self.verdict = verdict; self.subject = subject; self.path = path
    }

    var version: String {
        switch (versionBefore, versionAfter) {
        case let (b?, a?) where b != a: return "\(b) → \(a)"
        case let (_, a?): return a
        case let (b?, nil): return b
        default: return "–"
        }
    }
    var status: String {
        switch (statusBefore, statusAfter) {
        case let (b?, a?) where b != a: return "\(b) → \(a)"
        case let (_, a?): return a
        case let (b?, nil): return "\(b) → deleted"
        default: return "–"
        }
    }
}

public struct DocumentRevisions: Sendable {
    public var path: String
    public var id: String?
    public var title: String?
    public var rows: [RevisionRow]
    public init(path: String, id: String?, title: String?, rows: [RevisionRow]) {
        self.path = path; self.id = id; self.title = title; self.rows = rows
    }
}

/// `isms history` in text, Markdown (the revision table for the audit pack) and JSON. Pure.
public enum RevisionTable {
    public static func text(_ docs: [DocumentRevisions]) -> String {
        var out = ""
        for d in docs {
            out += "\(d.path)  \(d.id ?? "")  \(d.title ?? "")\n"
            if d.rows.isEmpty { out += "  (no commits)\n" }
            for r in d.rows {
                let approvals = r.approvedBy.isEmpty ? "" : "  approved by " + r.approvedBy.map { "\($0.who) [\($0.source)]" }.joined(separator: ", ")
                out += "  \(r.date)  \(r.commit)  \(r.kind.padding(toLength: 8, withPad: " ", startingAt: 0))  v\(r.version)  \(r.status)  by \(r.author)\(approvals)  — \(r.verdict) — \(r.subject)\n"
            }
            out += "\n"
        }
        return out
    }

    public static func markdown(_ docs: [DocumentRevisions]) -> String {
        func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = ""
        for d in docs {
            out += "## \(cell(d.id ?? d.path)) \(cell(d.title ?? ""))\n\n`\(d.path)` — revision history from git\n\n"
            out += "| Version | Date | Commit | Change | Status | Author | Approved by | Control |\n|---|---|---|---|---|---|---|---|\n"
            for r in d.rows {
                let approved = r.approvedBy.map { "\($0.who) (\($0.source))" }.joined(separator: "; ")
                out += "| \(cell(r.version)) | \(r.date) | `\(r.commit)` | \(cell(r.subject)) | \(cell(r.status)) | \(cell(r.author)) | \(cell(approved.isEmpty ? "–" : approved)) | \(cell(r.verdict)) |\n"
            }
            out += "\n"
        }
        return out
    }

    /// `truncated`: why the history is incomplete (a shallow clone); said in every document, so no reader can miss it.
    public static func json(_ docs: [DocumentRevisions], truncated: String? = nil) -> String {
        let q = JSONReporter.quote
        func opt(_ s: String?) -> String { s.map(q) ?? "null" }
        var items: [String] = []
        for d in docs {
            let rows = d.rows.map { r in
                let approvals = r.approvedBy.map { "{\"who\": \(q($0.who)), \"source\": \(q($0.source))}" }.joined(separator: ", ")
                return "      {\"date\": \(q(r.date)), \"commit\": \(q(r.commit)), \"kind\": \(q(r.kind)), \"path\": \(q(r.path)), \"version_before\": \(opt(r.versionBefore)), \"version_after\": \(opt(r.versionAfter)), \"status_before\": \(opt(r.statusBefore)), \"status_after\": \(opt(r.statusAfter)), \"author\": \(q(r.author)), \"author_known\": \(r.authorKnown), \"approved_by\": [\(approvals)], \"verdict\": \(q(r.verdict)), \"subject\": \(q(r.subject))}"
            }
            let cut = truncated.map { "\"history_truncated\": \(q($0)), " } ?? ""
            items.append("  {\"path\": \(q(d.path)), \"id\": \(opt(d.id)), \"title\": \(opt(d.title)), \(cut)\"revisions\": [\n" + rows.joined(separator: ",\n") + (rows.isEmpty ? "" : "\n") + "    ]}")
        }
        return "[\n" + items.joined(separator: ",\n") + (items.isEmpty ? "" : "\n") + "]\n"
    }
}
