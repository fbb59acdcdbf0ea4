import Foundation

/// `isms-disable-next-line RULE: reason` or `isms-disable-file RULE: reason`, in an HTML comment in the body or a YAML
/// comment in the front matter. A suppression carries its reason; one that suppresses nothing is itself reported.
public struct Suppression: Sendable, Hashable {
    public enum Scope: Sendable, Hashable { case nextLine(Int), file }
    public var rule: String
    public var reason: String?
    public var scope: Scope
    public var position: SourcePosition

    private static let pattern = try! NSRegularExpression(pattern: #"isms-disable-(next-line|file)\s+([A-Za-z0-9_-]+)\s*(?::\s*(.*?))?\s*(?:-->|$)"#)

    /// Suppressions in a document: YAML comments in the front matter (lines up to `frontMatterEnd`) and HTML comments
    /// in the body — never text inside code blocks, which only shows the syntax.
    public static func scan(frontMatter: String, frontMatterEnd: Int, body: MarkdownBody?) -> [Suppression] {
        var found = scan(frontMatter).filter { $0.position.line <= frontMatterEnd }
        for (text, line) in body?.html ?? [] where text.containsBytes("isms-disable-") && text.containsBytes("<!--") {
            found += scan(text).map { s in
                var s = s
                s.position.line += line - 1
                if case .nextLine(let n) = s.scope { s.scope = .nextLine(n + line - 1) }
                return s
            }
        }
        return found
    }

    /// Scans every line of `text` (line numbers relative to it).
    public static func scan(_ text: String) -> [Suppression] {
        guard text.containsBytes("isms-disable-") else { return [] }
        var found: [Suppression] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where String(line).containsBytes("isms-disable-") {
            let s = String(line)
            let ns = s as NSString
            for match in pattern.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
                let kind = ns.substring(with: match.range(at: 1))
                let rule = ns.substring(with: match.range(at: 2))
                var reason: String?
                if match.range(at: 3).location != NSNotFound {
                    let r = ns.substring(with: match.range(at: 3)).trimmingCharacters(in: .whitespaces)
                    reason = r.isEmpty ? nil : r
                }
                let column = s.distance(from: s.startIndex, to: s.index(s.startIndex, offsetBy: match.range.location, limitedBy: s.endIndex) ?? s.startIndex) + 1
                found.append(Suppression(rule: rule, reason: reason,
                                         scope: kind == "file" ? .file : .nextLine(index + 2),
                                         position: SourcePosition(line: index + 1, column: column)))
            }
        }
        return found
    }
}
