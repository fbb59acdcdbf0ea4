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
        switch data.withUnsafeBytes({ scanBytes($0.bindMemory(to: UInt8.self)) }) {
        case .facts(let facts): return facts
        case .unusual: return nil
        case .notASCII: return scanCharacters(data)
        }
    }

    enum ByteScan { case facts(DocumentFacts), unusual, notASCII }

    static let wantedKeys: [[UInt8]] = ["id", "type", "title", "owner", "approver", "version", "status", "effective", "last_reviewed"].map { Array($0.utf8) }

    /// `scanCharacters` on bytes, for front matter that is all ASCII (where a byte is a character and equal strings
    /// are equal bytes): Strings are made only for the values kept, and the hash runs over the bytes. A history
    /// walk reads tens of thousands of versions; character by character, with sets of Strings, this was a fifth of
    /// a cold walk. Front matter with other characters (grapheme clusters, canonical equivalence) is left to
    /// `scanCharacters`.
    static func scanBytes(_ b: UnsafeBufferPointer<UInt8>) -> ByteScan {
        let count = b.count
        guard let base = b.baseAddress, count > 0 else { return .unusual }   // an empty file has no front matter
        if count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { return .unusual }
        if memchr(base, 0x0D, count) != nil || memchr(base, 0, count) != nil { return .unusual }
        let ascii = isASCII(b)
        if !ascii && String(validating: b, as: UTF8.self) == nil { return .unusual }

        func equals(_ from: Int, _ to: Int, _ word: StaticString) -> Bool {
            to - from == word.utf8CodeUnitCount && memcmp(base + from, word.utf8Start, to - from) == 0
        }
        func string(_ from: Int, _ to: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self)
        }
        var facts = DocumentFacts()
        var seen: [(from: Int, to: Int)] = []
        var seenSet: Set<String> = []                 // past a few keys, a set (a linear search would be quadratic)
        var skip: [(from: Int, to: Int)] = []         // lines left out of the substance hash
        var lineNumber = 0
        var closed = false
        var start = 0
        while start <= count {
            let end = memchr(base + start, 0x0A, count - start).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? count
            let from = start
            start = end + 1
            lineNumber += 1
            if !ascii && !isASCII(UnsafeBufferPointer(rebasing: b[from..<end])) { return .notASCII }
            if lineNumber == 1 { guard equals(from, end, "---") else { return .unusual }; continue }
            if equals(from, end, "---") || equals(from, end, "...") { closed = true; break }
            guard from < end else { continue }
            let first = b[from]
            if first == 0x20 || first == 0x2D || first == 0x23 { continue }   // nested values, list items, comments
            guard let colon = (from..<end).first(where: { b[$0] == 0x3A }) else { return .unusual }
            guard colon > from, (from..<colon).allSatisfy({ isKeyByte(b[$0]) }) else { return .unusual }
            // Duplicate keys: the YAML reader reports them.
            if seen.count < 16 {
                for k in seen where k.to - k.from == colon - from && memcmp(base + k.from, base + from, colon - from) == 0 {
                    return .unusual
                }
                seen.append((from, colon))
                if seen.count == 16 { for k in seen { seenSet.insert(string(k.from, k.to)) } }
            } else if !seenSet.insert(string(from, colon)).inserted {
                return .unusual
            }
            guard let wanted = wantedKeys.firstIndex(where: { $0.count == colon - from && memcmp($0, base + from, colon - from) == 0 }) else { continue }
            var v = colon + 1
            guard v == end || b[v] == 0x20 else { return .unusual }
            while v < end && b[v] == 0x20 { v += 1 }
            guard let range = scalarBytes(b, v, end) else { return .unusual }
            let value = range.map { string($0.from, $0.to) }
            switch wanted {
            case 0: facts.id = value; facts.lines["id"] = lineNumber
            case 1: facts.type = value; facts.lines["type"] = lineNumber
            case 2: facts.title = value; facts.lines["title"] = lineNumber
            case 3: facts.owner = value; facts.lines["owner"] = lineNumber
            case 4: facts.approver = value; facts.lines["approver"] = lineNumber
            case 5: facts.version = value; facts.lines["version"] = lineNumber
            case 6: facts.status = value; facts.lines["status"] = lineNumber
            case 7: facts.effective = value; facts.lines["effective"] = lineNumber
            default: facts.lastReviewed = value; facts.lines["last_reviewed"] = lineNumber
            }
            // As `substanceHash` skips a line: its content and the newline before it.
            if wanted >= 5 { skip.append((lineNumber == 1 ? from : from - 1, end)) }
        }
        guard closed else { return .unusual }
        facts.substance = substanceHash(b, skipping: skip)
        return .facts(facts)
    }

    static func isKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2D
    }

    static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0, bits: UInt64 = 0
        let raw = UnsafeRawPointer(b.baseAddress!)
        while i + 8 <= b.count { bits |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self); i += 8 }
        while i < b.count { bits |= UInt64(b[i]); i += 1 }
        return bits & 0x8080_8080_8080_8080 == 0
    }

    /// `scalar` on the ASCII bytes `b[from..<end]`: the value's byte range, `.some(nil)` for a null, nil when unusual.
    static func scalarBytes(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ end: Int) -> (from: Int, to: Int)?? {
        guard from < end else { return .some(nil) }
        func index(of c: UInt8, from: Int) -> Int? { (from..<end).first { b[$0] == c } }
        func dropSpaces(_ i: Int) -> Int { var i = i; while i < end && b[i] == 0x20 { i += 1 }; return i }
        switch b[from] {
        case 0x22:   // "
            guard let close = index(of: 0x22, from: from + 1), !(from + 1..<close).contains(where: { b[$0] == 0x5C }) else { return nil }
            let after = dropSpaces(close + 1)
            guard after == end || b[after] == 0x23 else { return nil }
            return .some((from + 1, close))
        case 0x27:   // '
            guard let close = index(of: 0x27, from: from + 1) else { return nil }
            guard close + 1 == end || b[close + 1] != 0x27 else { return nil }   // '' escapes: leave to the YAML reader
            let after = dropSpaces(close + 1)
            guard after == end || b[after] == 0x23 else { return nil }
            return .some((from + 1, close))
        case 0x5B, 0x7B, 0x7C, 0x3E, 0x26, 0x2A, 0x21, 0x25, 0x40, 0x60, 0x23:   // [ { | > & * ! % @ ` #
            return nil
        default:
            var to = end
            if let hash = (from..<end - 1).first(where: { b[$0] == 0x20 && b[$0 + 1] == 0x23 }) { to = hash }
            // Character.isWhitespace on ASCII, less the line breaks a line cannot hold.
            func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0B || c == 0x0C }
            var first = from
            while first < to && isSpace(b[first]) { first += 1 }
            while to > first && isSpace(b[to - 1]) { to -= 1 }
            func equals(_ word: StaticString) -> Bool {
                to - first == word.utf8CodeUnitCount && memcmp(b.baseAddress! + first, word.utf8Start, to - first) == 0
            }
            if equals("~") || equals("null") || equals("Null") || equals("NULL") { return .some(nil) }
            if to > first && b[to - 1] == 0x3A { return nil }
            if (first..<max(first, to - 1)).contains(where: { b[$0] == 0x3A && b[$0 + 1] == 0x20 }) { return nil }
            return .some((first, to))
        }
    }

    /// `substanceHash` of the bytes with the given ranges left out (in order, not overlapping).
    static func substanceHash(_ b: UnsafeBufferPointer<UInt8>, skipping: [(from: Int, to: Int)]) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        var i = 0
        for range in skipping + [(b.count, b.count)] {
            while i < range.from { hash = (hash ^ UInt64(b[i])) &* 0x100000001b3; i += 1 }
            i = max(i, range.to)
        }
        return hash
    }

    /// The facts read character by character: what `scanBytes` does for ASCII front matter, for any other.
    static func scanCharacters(_ data: Data) -> DocumentFacts? {
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
