import Foundation
import ISMSModel

/// `path:line:col: severity: message [rule-id]`, one line per finding, then a one-line summary. Pure.
public enum TextReporter {
    /// `summary: false` (--quiet): the finding lines only.
    public static func render(_ findings: [Finding], documentCount: Int, color: Bool, summary withSummary: Bool = true) -> String {
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        var out = ""
        for f in findings {
            let sev = f.severity ?? .error
            let label: String
            switch sev {
            case .error: label = paint("error", "1;31")
            case .warning: label = paint("warning", "1;33")
            case .info: label = paint("info", "1;36")
            }
            // History findings name their commit in the message; JSON carries it as a field.
            out += "\(f.path):\(f.line):\(f.column): \(label): \(f.message) [\(f.rule)]\n"
        }
        if withSummary { out += summary(findings, documentCount: documentCount) + "\n" }
        return out
    }

    public static func summary(_ findings: [Finding], documentCount: Int) -> String {
        let e = findings.filter { $0.severity == .error }.count
        let w = findings.filter { $0.severity == .warning }.count
        let i = findings.filter { $0.severity == .info }.count
        let docs = "\(documentCount) document\(documentCount == 1 ? "" : "s")"
        if findings.isEmpty { return "no findings in \(docs)" }
        func n(_ k: Int, _ w: String) -> String { "\(k) \(w)\(k == 1 ? "" : "s")" }
        return "\(n(e, "error")), \(n(w, "warning")), \(i) info in \(docs)"
    }
}

/// A JSON array of findings: rule, severity, path, line, column, message (and commit when there is one). Pure.
public enum JSONReporter {
    public static func render(_ findings: [Finding]) -> String {
        var out = "[\n"
        for (i, f) in findings.enumerated() {
            var fields = [
                "\"rule\": \(quote(f.rule))",
                "\"severity\": \(quote((f.severity ?? .error).rawValue))",
                "\"path\": \(quote(f.path))",
                "\"line\": \(f.line)",
                "\"column\": \(f.column)",
                "\"message\": \(quote(f.message))",
            ]
            if let c = f.commit { fields.append("\"commit\": \(quote(c))") }
            out += "  {" + fields.joined(separator: ", ") + "}" + (i + 1 < findings.count ? ",\n" : "\n")
        }
        return out + "]\n"
    }

    /// A JSON string literal.
    public static func quote(_ s: String) -> String {
        // Most strings need no escape: copy them whole instead of scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) { return "\"" + s + "\"" }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
