import Foundation
import ISMSModel

/// GitHub Actions workflow commands, one per finding, which the runner turns into annotations on the files:
/// `::error file=PATH,line=L,col=C,title=RULE::MESSAGE` (`warning`, `notice` for info), then the plain summary line.
/// Pure. Lines and columns below 1 become 1; an empty path leaves out `file`, `line` and `col`.
public enum GitHubReporter {
    public static func render(_ findings: [Finding], documentCount: Int) -> String {
        var out = ""
        for f in ReportOrdering.byLocation(findings) {
            var properties: [String] = []
            if !f.path.isEmpty {
                properties += ["file=\(escapeProperty(f.path))", "line=\(max(1, f.line))", "col=\(max(1, f.column))"]
            }
            properties.append("title=\(escapeProperty(f.rule))")
            out += "::\(command(f.severity ?? .error)) \(properties.joined(separator: ","))::\(escapeData(f.message))\n"
        }
        // A finding without a severity counts as an error, here as in its command.
        let counted = findings.map { f -> Finding in var f = f; f.severity = f.severity ?? .error; return f }
        return out + TextReporter.summary(counted, documentCount: documentCount) + "\n"
    }

    public static func command(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "notice"
        }
    }

    /// A command's message: `%`, CR and LF percent-encoded, so a message is always one line and never starts a command.
    public static func escapeData(_ s: String) -> String { escape(s, property: false) }

    /// A property value: as a message, and also `:` and `,`, which end a value.
    public static func escapeProperty(_ s: String) -> String { escape(s, property: true) }

    // Scalar by scalar: "\r\n" is one Character in Swift, so String-level replacing could miss its "\r".
    private static func escape(_ s: String, property: Bool) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":" where property: out += "%3A"
            case "," where property: out += "%2C"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
