import Foundation

/// A parsed document as bytes and back, for the parse cache of `check --staged`: reading it back must cost a fraction
/// of parsing (YAML was a fifth of the hook at 1,000 documents). The path is not stored: a document's parse depends
/// only on its bytes, so one entry serves every path with the same content. Decoding never trusts the bytes: any
/// inconsistency throws, and the caller parses the file instead.
public enum DocumentCodec {
    public struct Corrupt: Error {}

    /// The bytes of `doc`'s parse, or nil when it cannot be stored faithfully (then it is simply parsed each time).
    public static func encode(_ doc: Document) -> [UInt8]? {
        var w = Writer()
        w.optionalString(doc.text)
        if let m = doc.frontMatter { w.u(1); w.mapping(m) } else { w.u(0) }
        if let b = doc.body {
            // The body's text is the end of the document's text: stored as its length.
            guard let text = doc.text, text.utf8.count >= b.text.utf8.count, text.utf8.suffix(b.text.utf8.count).elementsEqual(b.text.utf8) else { return nil }
            w.u(1)
            w.u(b.text.utf8.count); w.int(b.lineOffset); w.int(b.tableCount)
            w.u(b.headings.count)
            for h in b.headings { w.int(h.level); w.string(h.text); w.string(h.anchor); w.position(h.position) }
            w.u(b.html.count)
            for h in b.html { w.string(h.text); w.int(h.line) }
            w.u(b.links.count)
            for l in b.links { w.string(l.destination); w.u(l.isImage ? 1 : 0); w.position(l.position) }
        } else { w.u(0) }
        w.u(doc.problems.count)
        for p in doc.problems { w.string(p.kind.rawValue); w.string(p.message); w.position(p.position) }
        w.u(doc.suppressions.count)
        for s in doc.suppressions {
            w.string(s.rule); w.optionalString(s.reason); w.position(s.position)
            switch s.scope {
            case .file: w.u(0)
            case .nextLine(let line): w.u(1); w.int(line)
            }
        }
        return w.bytes
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, path: String) throws(Corrupt) -> Document {
        var r = Reader(bytes: bytes)
        let text = try r.optionalString()
        let frontMatter = try r.u() == 1 ? try r.mapping(depth: 0) : nil
        var body: MarkdownBody?
        if try r.u() == 1 {
            let length = try r.u()
            guard let text, length <= text.utf8.count else { throw Corrupt() }
            var b = MarkdownBody(text: String(decoding: text.utf8.suffix(length), as: UTF8.self), lineOffset: try r.int())
            b.tableCount = try r.int()
            for _ in 0..<(try r.count()) {
                b.headings.append(MarkdownBody.Heading(level: try r.int(), text: try r.string(), anchor: try r.string(), position: try r.position()))
            }
            for _ in 0..<(try r.count()) { b.html.append((try r.string(), try r.int())) }
            for _ in 0..<(try r.count()) {
                b.links.append(MarkdownBody.Link(destination: try r.string(), isImage: try r.u() == 1, position: try r.position()))
            }
            body = b
        }
        var problems: [DocumentProblem] = []
        for _ in 0..<(try r.count()) {
            guard let kind = DocumentProblem.Kind(rawValue: try r.string()) else { throw Corrupt() }
            problems.append(DocumentProblem(kind: kind, message: try r.string(), position: try r.position()))
        }
        var suppressions: [Suppression] = []
        for _ in 0..<(try r.count()) {
            let rule = try r.string(), reason = try r.optionalString(), position = try r.position()
            let scope: Suppression.Scope
            switch try r.u() {
            case 0: scope = .file
            case 1: scope = .nextLine(try r.int())
            default: throw Corrupt()
            }
            suppressions.append(Suppression(rule: rule, reason: reason, scope: scope, position: position))
        }
        guard r.at == bytes.count else { throw Corrupt() }
        return Document(path: path, text: text, frontMatter: frontMatter, body: body, problems: problems, suppressions: suppressions)
    }

    struct Writer {
        var bytes: [UInt8] = []
        /// An unsigned LEB128 number.
        mutating func u(_ value: Int) {
            var v = UInt64(truncatingIfNeeded: value)
            while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
            bytes.append(UInt8(v))
        }
        /// A signed number (zigzag), for values a document could make negative.
        mutating func int(_ value: Int) { u(Int(truncatingIfNeeded: UInt64(bitPattern: Int64(value) << 1) ^ UInt64(bitPattern: Int64(value) >> 63))) }
        mutating func string(_ s: String) { u(s.utf8.count); bytes.append(contentsOf: s.utf8) }
        mutating func optionalString(_ s: String?) { if let s { u(1); string(s) } else { u(0) } }
        mutating func position(_ p: SourcePosition) { int(p.line); int(p.column) }
        mutating func scalar(_ s: YAMLScalar) {
            string(s.text); position(s.position)
            switch s.style { case .plain: u(0); case .quoted: u(1); case .block: u(2) }
        }
        mutating func mapping(_ m: YAMLMapping) {
            position(m.position); u(m.entries.count)
            for e in m.entries { scalar(e.key); value(e.value) }
        }
        mutating func value(_ v: YAMLValue) {
            switch v {
            case .scalar(let s): u(0); scalar(s)
            case .mapping(let m): u(1); mapping(m)
            case .sequence(let s): u(2); position(s.position); u(s.items.count); for i in s.items { value(i) }
            }
        }
    }

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        mutating func u() throws(Corrupt) -> Int {
            var v: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard at < bytes.count, shift < 64 else { throw Corrupt() }
                let b = bytes[at]; at += 1
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { break }
                shift += 7
            }
            return Int(truncatingIfNeeded: v)
        }
        /// A length or count: never more than the bytes left could hold.
        mutating func count() throws(Corrupt) -> Int {
            let n = try u()
            guard n >= 0, n <= bytes.count - at else { throw Corrupt() }
            return n
        }
        mutating func int() throws(Corrupt) -> Int {
            let z = UInt64(bitPattern: Int64(try u()))
            return Int(truncatingIfNeeded: Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
        }
        mutating func string() throws(Corrupt) -> String {
            let n = try count()
            defer { at += n }
            guard let s = String(validating: UnsafeBufferPointer(rebasing: bytes[at..<(at + n)]), as: UTF8.self) else { throw Corrupt() }
            return s
        }
        mutating func optionalString() throws(Corrupt) -> String? {
            switch try u() { case 0: return nil; case 1: return try string(); default: throw Corrupt() }
        }
        mutating func position() throws(Corrupt) -> SourcePosition { SourcePosition(line: try int(), column: try int()) }
        mutating func scalar() throws(Corrupt) -> YAMLScalar {
            let text = try string(), position = try position()
            let style: YAMLScalar.Style
            switch try u() { case 0: style = .plain; case 1: style = .quoted; case 2: style = .block; default: throw Corrupt() }
            return YAMLScalar(text: text, style: style, position: position)
        }
        mutating func mapping(depth: Int) throws(Corrupt) -> YAMLMapping {
            guard depth <= YAMLReader.maximumDepth + 8 else { throw Corrupt() }
            let position = try position()
            var entries: [YAMLEntry] = []
            for _ in 0..<(try count()) { entries.append(YAMLEntry(key: try scalar(), value: try value(depth: depth + 1))) }
            return YAMLMapping(entries: entries, position: position)
        }
        mutating func value(depth: Int) throws(Corrupt) -> YAMLValue {
            guard depth <= YAMLReader.maximumDepth + 8 else { throw Corrupt() }
            switch try u() {
            case 0: return .scalar(try scalar())
            case 1: return .mapping(try mapping(depth: depth))
            case 2:
                let position = try position()
                var items: [YAMLValue] = []
                for _ in 0..<(try count()) { items.append(try value(depth: depth + 1)) }
                return .sequence(YAMLSequence(items: items, position: position))
            default: throw Corrupt()
            }
        }
    }
}
