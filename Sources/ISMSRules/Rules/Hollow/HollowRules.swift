import Foundation
import ISMSModel

/// Documents that exist but say nothing yet: template text, an empty risk register, a review without its substance.
/// A file that is present is not evidence; these rules keep "present" from reading as "ready".
public enum HollowRules {
    static let all: [any Rule.Type] = [
        TemplateTextLeftRule.self, RiskRegisterEmptyRule.self, ReviewDecisionsMissingRule.self, ReviewInputsMissingRule.self,
    ]

    /// The ids of these rules: the audit pack's dashboard marks a clause for attention when one of them fires on it.
    public static let ids: Set<String> = Set(all.map { $0.description.id })

    /// The instructions the built-in templates (templates/, `isms init` and `isms new`) leave in a document's body for
    /// its author to replace. `*` stands for what the template fills in (the organisation's name).
    static let placeholders: [String] = [
        "How * implements this control, or why it does not apply.",
        "What this evidence shows, and where the original is kept.",
        "State which parts of * the ISMS covers: teams, offices, remote working.",
        "List the products, services, cloud accounts and information in scope.",
        "Name the suppliers and outside parties the ISMS depends on, and where responsibility changes hands.",
        "Customers, regulators, staff, investors: what each requires of information security.",
        "Including whether climate change is a relevant issue (Amd 1:2024), and why.",
        "What is out of scope, and why.",
        "Why * protects information, and the commitment of top management to do so.",
        "How information security objectives are set (see the objectives documents, clause 6.2).",
        "Who is accountable for what; the topic-specific policies that follow from this one.",
    ]

    /// The management review template's inputs a–g: the headings of clause 9.3.2, not what was presented.
    static let reviewInputPlaceholders: [String: String] = [
        "a": "Status of actions from previous management reviews.",
        "b": "Changes in external and internal issues.",
        "c": "Changes in needs and expectations of interested parties.",
        "d": "Feedback on information security performance.",
        "e": "Feedback from interested parties.",
        "f": "Results of risk assessment and status of the risk treatment plan.",
        "g": "Opportunities for continual improvement.",
    ]

    /// Whitespace collapsed, so a re-wrapped line still matches.
    static func normalized(_ s: String) -> String {
        String(decoding: collapsed(s.utf8), as: UTF8.self)
    }

    /// Runs of spaces and tabs made one space, none at either end (in UTF-8 bytes: the placeholders are ASCII).
    static func collapsed(_ utf8: some Collection<UInt8>) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(utf8.count)
        var space = false
        for b in utf8 {
            if b == 32 || b == 9 { space = !text.isEmpty; continue }
            if space { text.append(32); space = false }
            text.append(b)
        }
        return text
    }

    /// Each placeholder cut at its `*`s: the literal pieces a line must hold in order, with some text between them
    /// (as UTF-8 bytes: the placeholders are ASCII).
    private static let pieces: [[[UInt8]]] = placeholders.map { $0.split(separator: "*", omittingEmptySubsequences: false).map { Array($0.utf8) } }
    private static let shortest = placeholders.map(\.utf8.count).min() ?? 0
    /// The bytes a placeholder starts with (any, should one start with what the template fills in): most sentences
    /// start otherwise.
    private static let firstBytes: Set<UInt8> = placeholders.contains { $0.hasPrefix("*") } ? Set(0...255) : Set(placeholders.compactMap(\.utf8.first))

    /// Whether a line of body text is one of the templates' placeholders. Plain byte matching (no regular
    /// expressions, no character-by-character string work): it runs on every line of every document in the
    /// pre-commit hook, and was a quarter of linting a large ISMS.
    static func isPlaceholder(_ line: Substring) -> Bool {
        // Every placeholder is a sentence of some length ending in a full stop: most lines fail this at once.
        guard line.utf8.count >= shortest, let last = line.utf8.last(where: { $0 != 32 && $0 != 9 && $0 != 13 }), last == UInt8(ascii: "."),
              let first = line.utf8.first(where: { $0 != 32 && $0 != 9 }), firstBytes.contains(first) else { return false }
        let text = collapsed(line.utf8)
        return pieces.contains { matches(text, $0) }
    }

    /// `text` is `parts` joined by at least one character each (the template's `*`).
    static func matches(_ text: [UInt8], _ parts: [[UInt8]]) -> Bool {
        guard let first = parts.first, text.starts(with: first) else { return false }
        var at = first.count
        for (k, part) in parts.enumerated().dropFirst() {
            // The `*` before this piece stands for one character or more; the last piece ends the line.
            guard at < text.count else { return false }
            if k == parts.count - 1 {
                return text.count - at > part.count && text.suffix(part.count).elementsEqual(part)
            }
            // (An ASCII piece cannot start inside a character: UTF-8's continuation bytes are all above 0x7F.)
            guard let found = firstOccurrence(of: part, in: text, from: at + 1) else { return false }
            at = found + part.count
        }
        return at == text.count
    }

    private static func firstOccurrence(of part: [UInt8], in text: [UInt8], from start: Int) -> Int? {
        guard !part.isEmpty else { return start <= text.count ? start : nil }
        var i = start
        while i + part.count <= text.count {
            if text[i] == part[0], text[i ..< i + part.count].elementsEqual(part) { return i }
            i += 1
        }
        return nil
    }

    /// A completed management review for examples; `fields` replace the inputs and decisions.
    static func exampleReview(_ fields: String, status: String = "complete") -> String {
        """
        ---
        id: MR-2026-1
        type: management-review
        title: Management review 2026
        owner: alice
        status: \(status)
        date: 2026-04-20
        attendees: [alice, carol]
        \(fields)
        ---
        # Management review 2026
        """
    }

    static let exampleInputs = """
    inputs:
      a: All three actions from the 2025 review are closed.
      b: A new supplier hosts payroll; the NIS2 assessment found us out of scope.
      c: Two customers now require SSO for their users.
      d: Findings F-001 to F-004; objectives on target except OBJ-02.
      e: The customer survey rated security 4.5 of 5.
      f: Reassessment in March covers 14 risks; R-007 treatment is late.
      g: Automate the access review export.
    """
}
