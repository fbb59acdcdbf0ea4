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
        // Walk line by line only as far as the closing fence; the body is taken whole after it.
        var lineStart = text.startIndex
        var lineNumber = 0
        var yamlStart: String.Index?
        while lineStart < text.endIndex {
            // Found in UTF-8, not Characters (5% of loading); a line feed always ends a Character, so the index is one.
            let lineEnd = text.utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
            let line = text[lineStart..<lineEnd]
            lineNumber += 1
            let next = lineEnd < text.endIndex ? text.index(after: lineEnd) : text.endIndex
            if lineNumber == 1 {
                guard isFence(line, closing: false) else { return .absent }
                yamlStart = next
            } else if isFence(line, closing: true) {
                let yaml = String(text[yamlStart!..<lineStart].dropLast(lineStart > yamlStart! ? 1 : 0))
                return .found(FrontMatterSplit(yaml: yaml, yamlLineOffset: 1, body: String(text[next...]), bodyLineOffset: lineNumber))
            }
            lineStart = next
        }
        return lineNumber == 0 ? .absent : .unclosed
    }

    private static func isFence(_ line: Substring, closing: Bool) -> Bool {
        let trimmed = line.trimmed
        return trimmed == "---" || (closing && trimmed == "...")
    }
}
