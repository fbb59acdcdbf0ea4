import Foundation

extension DocumentFacts {
    /// The facts of one version of a document, read the fast way when its front matter is plain (top-level
    /// `key: value` lines, plain or simply quoted values) and through the full YAML reader otherwise. History walks
    /// read tens of thousands of versions; the two ways agree on every document the fast way accepts.
    public static func read(_ data: Data, path: String) -> DocumentFacts {
        if let fast = scan(data) { return fast }
        return DocumentFacts(document: Document.load(SourceFile(path: path, content: .bytes(data)), parseBody: false))
    }

    static let wanted: Set<String> = ["id", "type", "title", "owner", "approver", "version", "status", "effective", "last_reviewed"]

    /// nil when anything is unusual: then the YAML reader decides.
    static func scan(_ data: Data) -> DocumentFacts? {
        guard !data.starts(with: [0xEF, 0xBB, 0xBF]), !data.containsByte(0x0D), !data.containsByte(0),
              let text = String(validating: data, as: UTF8.self) else { return nil }
        var facts = DocumentFacts()
        var seen: Set<String> = []
        var lineNumber = 0
        var closed = false
        var skip: Set<Int> = []
        // Lines up to the closing delimiter only: splitting the whole document (the body too) was a quarter of a cold walk.
        for line in FrontMatterLines(text: text) {
            lineNumber += 1
            if lineNumber == 1 { guard line == "---" else { return nil }; continue }
            if line == "---" || line == "..." { closed = true; break }
            guard let first = line.first else { continue }
            if first == " " || first == "-" || first == "#" { continue }   // nested values, list items, comments
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = String(line[..<colon])
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
            guard seen.insert(key).inserted else { return nil }            // duplicate keys: the YAML reader reports them
            guard wanted.contains(key) else { continue }
            let rest = line[line.index(after: colon)...]
            guard rest.isEmpty || rest.first == " " else { return nil }
            guard let value = scalar(rest.drop { $0 == " " }) else { return nil }
            facts.lines[key] = lineNumber
            switch key {
            case "id": facts.id = value
            case "type": facts.type = value
            case "title": facts.title = value
            case "owner": facts.owner = value
            case "approver": facts.approver = value
            case "version": facts.version = value; skip.insert(lineNumber)
            case "status": facts.status = value; skip.insert(lineNumber)
            case "effective": facts.effective = value; skip.insert(lineNumber)
            default: facts.lastReviewed = value; skip.insert(lineNumber)
            }
        }
        guard closed else { return nil }
        facts.substance = substanceHash(text, excluding: skip)
        return facts
    }

    /// A plain or simply quoted scalar; nil for anything the YAML reader should judge (flow collections, block
    /// scalars, anchors, tags, escapes). An empty value is a null (absent).
    static func scalar(_ s: Substring) -> String?? {
        guard let c = s.first else { return .some(nil) }
        switch c {
        case "\"":
            guard let end = s.dropFirst().firstIndex(of: "\""), !s[s.index(after: s.startIndex)..<end].contains("\\") else { return nil }
            let after = s[s.index(after: end)...].drop { $0 == " " }
            guard after.isEmpty || after.first == "#" else { return nil }
            return .some(String(s[s.index(after: s.startIndex)..<end]))
        case "'":
            guard let end = s.dropFirst().firstIndex(of: "'") else { return nil }
            let after = s[s.index(after: end)...]
            guard after.first != "'" else { return nil }                // '' escapes: leave to the YAML reader
            let trailing = after.drop { $0 == " " }
            guard trailing.isEmpty || trailing.first == "#" else { return nil }
            return .some(String(s[s.index(after: s.startIndex)..<end]))
        case "[", "{", "|", ">", "&", "*", "!", "%", "@", "`", "#":
            return nil
        default:
            var v = s
            if let hash = v.range(of: " #") { v = v[..<hash.lowerBound] }
            let t = v.trimmed
            if t == "~" || t == "null" || t == "Null" || t == "NULL" { return .some(nil) }
            if t.contains(": ") || t.hasSuffix(":") { return nil }
            return .some(t)
        }
    }
}

/// The lines of a text, one at a time, split at "\n" (an empty last line after a final newline, as
/// `split(separator:omittingEmptySubsequences: false)` gives), without splitting what is never looked at.
struct FrontMatterLines: Sequence, IteratorProtocol {
    let text: String
    var start: String.Index?
    init(text: String) { self.text = text; start = text.startIndex }
    mutating func next() -> Substring? {
        guard let from = start else { return nil }
        if let newline = text.utf8[from...].firstIndex(of: 0x0A) {
            start = text.utf8.index(after: newline)
            return text[from..<newline]
        }
        start = nil
        return text[from...]
    }
}
