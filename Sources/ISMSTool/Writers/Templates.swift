import Foundation
import ISMSModel

/// Document templates for `isms init` and `isms new`, embedded in the binary (scripts/embed.py), so a release binary
/// copied alone into another folder still works.
public enum Templates {
    public static var files: [String: String] { embedded }

    public static func text(_ name: String) throws -> String {
        guard let t = embedded[name] else { throw ToolFailure("internal: no template \(name)") }
        return t
    }

    /// Fills `{{key}}` placeholders. Values that land in YAML are quoted there by the caller.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = template
        for (k, v) in values { out = out.replacingOccurrences(of: "{{\(k)}}", with: v) }
        return out
    }

    /// A YAML double-quoted scalar: safe for any title (colons, quotes, `#`, leading dashes).
    public static func yamlQuoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\x%02X", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
