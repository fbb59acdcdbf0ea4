import Foundation
import ISMSModel
import ISMSReport

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

    /// A YAML double-quoted scalar, safe for any title (colons, quotes, `#`, leading dashes): a JSON string is one.
    public static func yamlQuoted(_ s: String) -> String { JSONReporter.quote(s) }
}
