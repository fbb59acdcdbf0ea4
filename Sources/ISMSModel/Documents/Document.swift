import Foundation

/// Something that stopped a file from being read as a document, found while loading it.
public struct DocumentProblem: Sendable {
    public enum Kind: String, Sendable {
        case unreadable, tooLarge, symlinkOutside
        case frontMatterMissing, frontMatterUnclosed, frontMatterNotMapping
        case yamlSyntax, duplicateKey, yamlTooComplex
    }
    public var kind: Kind
    public var message: String
    public var position: SourcePosition
}

/// One Markdown file of the ISMS: its front matter with positions, its body, and what went wrong reading it.
public final class Document: @unchecked Sendable {
    public let path: String
    public let text: String?
    public let frontMatter: YAMLMapping?
    public let body: MarkdownBody?
    public let problems: [DocumentProblem]
    public let suppressions: [Suppression]
    /// Where the front matter starts: findings about a whole document point here.
    public let headerPosition: SourcePosition

    public init(path: String, text: String?, frontMatter: YAMLMapping?, body: MarkdownBody?, problems: [DocumentProblem], suppressions: [Suppression]) {
        self.path = path
        self.text = text
        self.frontMatter = frontMatter
        self.body = body
        self.problems = problems
        self.suppressions = suppressions
        headerPosition = .start
        // Read by nearly every rule for every document: looked up once, not once per rule (7% of a staged check).
        id = Self.string(frontMatter, "id")
        typeName = Self.string(frontMatter, "type")
        type = typeName.flatMap(DocumentType.init(rawValue:))
        status = Self.string(frontMatter, "status")
    }

    /// Reads one file. Never throws: every way a file can be wrong becomes a problem with a position.
    public static func load(_ file: SourceFile, parseBody: Bool = true) -> Document {
        func failed(_ kind: DocumentProblem.Kind, _ message: String, _ position: SourcePosition = .start, text: String? = nil) -> Document {
            Document(path: file.path, text: text, frontMatter: nil, body: nil,
                     problems: [DocumentProblem(kind: kind, message: message, position: position)],
                     suppressions: [])
        }
        let data: Data
        switch file.content {
        case .bytes(let d): data = d
        case .symlinkOutside(let target):
            return failed(.symlinkOutside, "symbolic link to '\(target)', outside the repository: not followed")
        case .tooLarge(let size):
            return failed(.tooLarge, "file is \(size) bytes, over the \(SourceFile.maximumSize)-byte limit for an ISMS document: not read")
        case .unreadable(let reason):
            return failed(.unreadable, reason)
        }
        let text: String
        switch TextDecoding.decode(data) {
        case .success(let t): text = t
        case .failure(let p): return failed(.unreadable, p.message, p.position)
        }
        switch FrontMatterSplit.split(text) {
        case .absent:
            return failed(.frontMatterMissing, "no front matter: an ISMS document starts with a '---' line, then YAML with at least id, type, title and owner, then '---'", text: text)
        case .unclosed:
            return failed(.frontMatterUnclosed, "the front matter opened on line 1 is never closed: add a '---' line after the YAML", text: text)
        case .found(let split):
            // The body is parsed when suppressions may be in it even if the caller does not need it otherwise.
            let body = parseBody || text.containsBytes("isms-disable-") ? MarkdownBody(markdown: split.body, lineOffset: split.bodyLineOffset) : nil
            let suppressions = Suppression.scan(frontMatter: "---\n" + split.yaml, frontMatterEnd: split.bodyLineOffset, body: body)
            do {
                let value = try YAMLReader.read(split.yaml, lineOffset: split.yamlLineOffset)
                switch value {
                case .mapping(let mapping):
                    return Document(path: file.path, text: text, frontMatter: mapping, body: body, problems: [], suppressions: suppressions)
                case nil:
                    return Document(path: file.path, text: text, frontMatter: nil, body: body, problems: [
                        DocumentProblem(kind: .frontMatterMissing, message: "the front matter is empty: it needs at least id, type, title and owner", position: .start)
                    ], suppressions: suppressions)
                case .some(let other):
                    return Document(path: file.path, text: text, frontMatter: nil, body: body, problems: [
                        DocumentProblem(kind: .frontMatterNotMapping, message: "the front matter is \(other.kindDescription), not a mapping of keys to values", position: other.position)
                    ], suppressions: suppressions)
                }
            } catch {
                let kind: DocumentProblem.Kind
                switch error.kind {
                case .syntax, .nonTextKey: kind = .yamlSyntax
                case .duplicateKey: kind = .duplicateKey
                case .tooComplex: kind = .yamlTooComplex
                }
                return Document(path: file.path, text: text, frontMatter: nil, body: body,
                                problems: [DocumentProblem(kind: kind, message: error.message, position: error.position)],
                                suppressions: suppressions)
            }
        }
    }

    // MARK: Reading the front matter

    public func entry(_ key: String) -> YAMLEntry? { frontMatter?[key] }

    /// The value of `key`, or nil when it is absent or written empty.
    public func value(_ key: String) -> YAMLValue? {
        guard let v = entry(key)?.value, !v.isNull else { return nil }
        return v
    }

    /// The source text of a scalar `key`.
    public func string(_ key: String) -> String? { Self.string(frontMatter, key) }

    private static func string(_ frontMatter: YAMLMapping?, _ key: String) -> String? {
        guard let v = frontMatter?[key]?.value, !v.isNull, let s = v.scalar else { return nil }
        let t = s.text.trimmed
        return t.isEmpty ? nil : t
    }

    /// Where `key` stands, or the start of the front matter when it is absent.
    public func position(of key: String) -> SourcePosition { entry(key)?.key.position ?? headerPosition }
    /// Where `key`'s value stands.
    public func valuePosition(of key: String) -> SourcePosition { entry(key)?.value.position ?? position(of: key) }

    /// The scalars of a list (a lone scalar counts as a list of one; schema rules report the shape).
    public func list(_ key: String) -> [YAMLScalar] { YAMLValue.scalars(value(key)) }
    public func strings(_ key: String) -> [String] { list(key).map(\.text) }

    public func day(_ key: String) -> Day? { string(key).flatMap(Day.init) }
    public func bool(_ key: String) -> Bool? {
        switch string(key) { case "true": return true; case "false": return false; default: return nil }
    }
    /// A whole number within `DocumentNumber.range`; nil otherwise (the schema reports it).
    public func int(_ key: String) -> Int? { string(key).flatMap(DocumentNumber.parse) }

    public let id: String?
    public let typeName: String?
    public let type: DocumentType?
    public var title: String? { string("title") }
    public var owner: String? { string("owner") }
    public let status: String?
    public var version: DocumentVersion? { string("version").flatMap(DocumentVersion.init) }

    /// The first line of the body, for findings about the body as a whole.
    public var bodyPosition: SourcePosition { SourcePosition(line: (body?.lineOffset ?? 0) + 1, column: 1) }
}

extension YAMLValue {
    public static func scalars(_ value: YAMLValue?) -> [YAMLScalar] {
        switch value {
        case .scalar(let s)?: return s.isNull ? [] : [s]
        case .sequence(let seq)?: return seq.items.compactMap { $0.scalar }.filter { !$0.isNull }
        default: return []
        }
    }
}
