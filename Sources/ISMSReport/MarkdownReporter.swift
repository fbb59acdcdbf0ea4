import Foundation
import ISMSModel

/// A pull-request comment (GitHub-flavoured Markdown): a heading with the counts, then a table of findings — errors
/// first, then warnings, then info, each by location (`path:line`, the path alone for a file-level finding) — capped at `maxRows` with a "… and N more" line. Pure.
///
/// The first line is a hidden marker (`marker`) so a CI step can find and update its earlier comment instead of adding
/// one per push. Everything taken from findings is escaped: it renders as the text it is, never as markup or HTML.
public enum MarkdownReporter {
    public static let marker = "<!-- isms-pr-comment -->"

    public static func render(_ findings: [Finding], documentCount: Int? = nil, maxRows: Int = 50) -> String {
        let ordered = ReportOrdering.bySeverity(findings)
        let count = { (s: Severity) in ordered.filter { ($0.severity ?? .error) == s }.count }
        let (e, w, i) = (count(.error), count(.warning), count(.info))
        let docs = documentCount.map { " in \($0) document\($0 == 1 ? "" : "s")" } ?? ""
        var out = marker + "\n"
        if ordered.isEmpty {
            return out + "### ✅ isms: No findings\(docs)\n"
        }
        let headline = e > 0 ? icon(.error) : w > 0 ? icon(.warning) : icon(.info)
        out += "### \(headline) isms: \(counts(e, w, i))\(docs)\n\n"
        let shown = ordered.prefix(max(0, maxRows))
        if !shown.isEmpty {
            out += "| Severity | Location | Rule | Message |\n|---|---|---|---|\n"
            for f in shown {
                let s = f.severity ?? .error
                out += "| \(icon(s)) \(s.rawValue) | \(codeSpan(f.line >= 1 ? "\(f.path):\(f.line)" : f.path)) | \(codeSpan(f.rule)) | \(cell(f.message)) |\n"
            }
        }
        let rest = ordered.dropFirst(shown.count)
        if !rest.isEmpty {
            let c = { (s: Severity) in rest.filter { ($0.severity ?? .error) == s }.count }
            let parts = [(c(.error), "error"), (c(.warning), "warning"), (c(.info), "info")].filter { $0.0 > 0 }
                .map { "\($0.0) \($0.1)\($0.0 == 1 || $0.1 == "info" ? "" : "s")" }
            out += (shown.isEmpty ? "" : "\n") + "… and \(rest.count) more (\(parts.joined(separator: ", "))).\n"
        }
        return out
    }

    public static func icon(_ severity: Severity) -> String {
        switch severity {
        case .error: return "❌"
        case .warning: return "⚠️"
        case .info: return "ℹ️"
        }
    }

    static func counts(_ e: Int, _ w: Int, _ i: Int) -> String {
        func n(_ k: Int, _ word: String) -> String { "\(k) \(word)\(k == 1 ? "" : "s")" }
        return "\(n(e, "error")), \(n(w, "warning")), \(i) info"
    }

    /// Table-cell text: HTML-significant characters as entities (no tag or entity of the message is ever interpreted),
    /// Markdown punctuation backslash-escaped (no emphasis, link, code span or strike-through), `|` escaped so it
    /// cannot split the cell, line breaks as `<br>`.
    public static func cell(_ s: String) -> String {
        var out = ""
        var previousCR = false
        for u in s.unicodeScalars {
            defer { previousCR = u == "\r" }
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "~", "|": out += "\\" + String(u)
            case "\r": out += "<br>"
            case "\n": if !previousCR { out += "<br>" }
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// An inline code span that shows `s` literally inside a table cell: a fence longer than any run of backticks in
    /// it, `|` escaped (GFM reads it before the span), line breaks as spaces.
    public static func codeSpan(_ s: String) -> String {
        var content = ""
        var longest = 0, run = 0
        for u in s.unicodeScalars {
            if u == "`" { run += 1; longest = max(longest, run) } else { run = 0 }
            switch u {
            case "|": content += "\\|"
            case "\r", "\n": content += " "
            default: content.unicodeScalars.append(u)
            }
        }
        let fence = String(repeating: "`", count: longest + 1)
        return longest > 0 ? "\(fence) \(content) \(fence)" : "\(fence)\(content)\(fence)"
    }
}
