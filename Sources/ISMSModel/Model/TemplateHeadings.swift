import Foundation

/// The body headings a document must have, as its type's template sets them (templates/new/<type>.md: each `##`
/// heading of the template is required, in order). Records are free-form by default: their fields carry the content.
public enum TemplateHeadings {
    /// The built-in templates' headings; a test keeps them equal to templates/new.
    public static let builtIn: [DocumentType: [String]] = [
        .policy: ["Purpose", "Scope", "Responsibilities"],
        .procedure: ["Purpose"],
        .scope: ["Boundaries", "Interfaces and dependencies", "Internal and external issues (4.1)", "Interested parties and their requirements (4.2)"],
        .riskMethodology: ["Analysing risks", "Acceptance criteria", "Treating risks"],
        .objective: ["Plan", "How results are evaluated"],
        .people: ["Roles"],
        .auditProgramme: ["Frequency and method", "Responsibilities", "How risk and earlier results shape the programme", "Reporting"],
    ]

    /// The level-2 headings of a template's Markdown text (after its front matter), outside code blocks.
    public static func headings(ofTemplate text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---",
           let end = lines.dropFirst().firstIndex(where: { ["---", "..."].contains($0.trimmingCharacters(in: .whitespaces)) }) {
            lines = Array(lines[(end + 1)...])
        }
        var out: [String] = []
        var fenced = false
        for line in lines {
            if line.hasPrefix("```") || line.hasPrefix("~~~") { fenced.toggle(); continue }
            guard !fenced, line.hasPrefix("## ") else { continue }
            var h = String(line.dropFirst(3))
            if let c = h.range(of: "<!--") { h = String(h[..<c.lowerBound]) }
            h = h.trimmingCharacters(in: CharacterSet(charactersIn: " #"))
            if !h.isEmpty { out.append(h) }
        }
        return out
    }

    /// Folded for matching: lower case, parenthesised asides dropped ("(clause 4.2)"), words joined by single spaces.
    public static func fold(_ text: String) -> String {
        var out = "", depth = 0
        for ch in text.lowercased() {
            if ch == "(" { depth += 1; out.append(" "); continue }
            if ch == ")" { depth = max(0, depth - 1); out.append(" "); continue }
            guard depth == 0 else { continue }
            out.append(ch.isLetter || ch.isNumber ? ch : " ")
        }
        return out.split(separator: " ").joined(separator: " ")
    }

    /// Whether a body heading satisfies a required one: the same words, or the required words within it
    /// ("Roles and responsibilities" has "Responsibilities"; "Context: internal and external issues (clause 4.1)"
    /// has "Internal and external issues (4.1)").
    public static func matches(_ heading: String, _ required: String) -> Bool {
        let h = fold(heading), r = fold(required)
        guard !r.isEmpty else { return false }
        return h == r || (" " + h + " ").contains(" " + r + " ")
    }
}
