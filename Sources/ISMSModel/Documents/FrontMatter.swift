import Foundation

/// The YAML between the `---` fences at the top of a Markdown file, and where the body starts.
public struct FrontMatterSplit: Sendable {
    /// The YAML text between the fences.
    public var yaml: String
    /// Lines to add to a YAML line number to get the file's line number.
    public var yamlLineOffset: Int
    /// The Markdown after the closing fence.
    public var body: String
    /// Lines to add to a body line number to get the file's line number.
    public var bodyLineOffset: Int

    public enum Outcome: Sendable {
        case found(FrontMatterSplit)
        /// The file does not start with `---`.
        case absent
        /// An opening fence with no closing `---` or `...`.
        case unclosed
    }

    public static func split(_ text: String) -> Outcome {
        // Work on lines, keeping their numbers; text is already LF-only.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, isFence(first, closing: false) else { return .absent }
        lines.removeFirst()
        guard let close = lines.firstIndex(where: { isFence($0, closing: true) }) else { return .unclosed }
        let yaml = lines[..<close].joined(separator: "\n")
        let body = lines[(close + 1)...].joined(separator: "\n")
        return .found(FrontMatterSplit(yaml: yaml, yamlLineOffset: 1, body: body, bodyLineOffset: close + 2))
    }

    private static func isFence(_ line: Substring, closing: Bool) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed == "---" || (closing && trimmed == "...")
    }
}
