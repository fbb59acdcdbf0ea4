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
    /// Written into one string as it goes (tens of thousands of rows: no row strings joined afterwards).
    public static func json(_ docs: [DocumentRevisions], truncated: String? = nil) -> String {
        var out = "[\n"
        out.reserveCapacity(docs.reduce(0) { $0 + 160 + $1.rows.count * 480 })
        func q(_ s: String) {
            // Most strings need no escape: appended whole.
            if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out += "\""; out += s; out += "\""
            } else {
                out += JSONReporter.quote(s)
            }
        }
        func opt(_ s: String?) { if let s { q(s) } else { out += "null" } }
        let cut = truncated
        for (k, d) in docs.enumerated() {
            out += "  {\"path\": "; q(d.path); out += ", \"id\": "; opt(d.id); out += ", \"title\": "; opt(d.title); out += ", "
            if let cut { out += "\"history_truncated\": "; q(cut); out += ", " }
            out += "\"revisions\": [\n"
            for (i, r) in d.rows.enumerated() {
                out += "      {\"date\": "; q(r.date); out += ", \"commit\": "; q(r.commit); out += ", \"kind\": "; q(r.kind)
                out += ", \"path\": "; q(r.path); out += ", \"version_before\": "; opt(r.versionBefore); out += ", \"version_after\": "; opt(r.versionAfter)
                out += ", \"status_before\": "; opt(r.statusBefore); out += ", \"status_after\": "; opt(r.statusAfter)
                out += ", \"author\": "; q(r.author); out += ", \"author_known\": "; out += r.authorKnown ? "true" : "false"
                out += ", \"approved_by\": ["
                for (j, a) in r.approvedBy.enumerated() {
                    if j > 0 { out += ", " }
                    out += "{\"who\": "; q(a.who); out += ", \"source\": "; q(a.source); out += "}"
                }
                out += "], \"verdict\": "; q(r.verdict); out += ", \"subject\": "; q(r.subject); out += "}"
                out += i == d.rows.count - 1 ? "\n" : ",\n"
            }
            out += "    ]}"
            out += k == docs.count - 1 ? "\n" : ",\n"
        }
        out += "]\n"
        return out
    }
}
