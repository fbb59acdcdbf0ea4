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
    /// Written as bytes into one buffer as it goes (tens of thousands of rows: no row strings joined afterwards, and
    /// no string appends, each of which checked and grew the result).
    public static func json(_ docs: [DocumentRevisions], truncated: String? = nil) -> String {
        var out = JSONBytes()
        out.bytes.reserveCapacity(docs.reduce(0) { $0 + 160 + $1.rows.count * 480 })
        out.raw("[\n")
        for (k, d) in docs.enumerated() {
            out.raw("  {\"path\": "); out.quoted(d.path); out.raw(", \"id\": "); out.optional(d.id); out.raw(", \"title\": "); out.optional(d.title); out.raw(", ")
            if let truncated { out.raw("\"history_truncated\": "); out.quoted(truncated); out.raw(", ") }
            out.raw("\"revisions\": [\n")
            for (i, r) in d.rows.enumerated() {
                out.raw("      {\"date\": "); out.quoted(r.date); out.raw(", \"commit\": "); out.quoted(r.commit); out.raw(", \"kind\": "); out.quoted(r.kind)
                out.raw(", \"path\": "); out.quoted(r.path); out.raw(", \"version_before\": "); out.optional(r.versionBefore); out.raw(", \"version_after\": "); out.optional(r.versionAfter)
                out.raw(", \"status_before\": "); out.optional(r.statusBefore); out.raw(", \"status_after\": "); out.optional(r.statusAfter)
                out.raw(", \"author\": "); out.quoted(r.author); out.raw(", \"author_known\": "); out.raw(r.authorKnown ? "true" : "false")
                out.raw(", \"approved_by\": [")
                for (j, a) in r.approvedBy.enumerated() {
                    if j > 0 { out.raw(", ") }
                    out.raw("{\"who\": "); out.quoted(a.who); out.raw(", \"source\": "); out.quoted(a.source); out.raw("}")
                }
                out.raw("], \"verdict\": "); out.quoted(r.verdict); out.raw(", \"subject\": "); out.quoted(r.subject); out.raw("}")
                out.raw(i == d.rows.count - 1 ? "\n" : ",\n")
            }
            out.raw("    ]}")
            out.raw(k == docs.count - 1 ? "\n" : ",\n")
        }
        out.raw("]\n")
        return String(decoding: out.bytes, as: UTF8.self)
    }
}

/// JSON text as UTF-8 bytes.
struct JSONBytes {
    var bytes: [UInt8] = []

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// A string literal. Most strings need no escape: their bytes are copied whole.
    mutating func quoted(_ s: String) {
        let plain = s.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            for b in utf8 where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return false }
            bytes.append(UInt8(ascii: "\"")); bytes.append(contentsOf: utf8); bytes.append(UInt8(ascii: "\""))
            return true
        }
        if plain == true { return }
        if plain == nil, !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(UInt8(ascii: "\"")); bytes.append(contentsOf: s.utf8); bytes.append(UInt8(ascii: "\""))
            return
        }
        bytes.append(contentsOf: JSONReporter.quote(s).utf8)
    }

    mutating func optional(_ s: String?) {
        if let s { quoted(s) } else { raw("null") }
    }
}
