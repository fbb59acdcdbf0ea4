import Foundation
import Yams

/// A position in a file: 1-based line and column.
public struct SourcePosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
    public static let start = SourcePosition(line: 1, column: 1)
    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }
    public var description: String { "\(line):\(column)" }
}

/// A YAML scalar as written: its source text, never YAML's guess at a type (`5.10` stays "5.10").
public struct YAMLScalar: Sendable {
    public enum Style: Sendable { case plain, quoted, block }
    public var text: String
    public var style: Style
    public var position: SourcePosition

    /// `key:` with nothing after it, `~` or `null` written plainly.
    public var isNull: Bool { style == .plain && (text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL") }
}

public struct YAMLEntry: Sendable {
    public var key: YAMLScalar
    public var value: YAMLValue
}

public struct YAMLMapping: Sendable {
    public var entries: [YAMLEntry]
    public var position: SourcePosition
    public subscript(key: String) -> YAMLEntry? { entries.first { $0.key.text == key } }
}

public struct YAMLSequence: Sendable {
    public var items: [YAMLValue]
    public var position: SourcePosition
}

/// The front matter's YAML, kept with positions so every finding can name its line and column.
public indirect enum YAMLValue: Sendable {
    case scalar(YAMLScalar)
    case mapping(YAMLMapping)
    case sequence(YAMLSequence)

    public var position: SourcePosition {
        switch self {
        case .scalar(let s): return s.position
        case .mapping(let m): return m.position
        case .sequence(let s): return s.position
        }
    }
    public var scalar: YAMLScalar? { if case .scalar(let s) = self { return s } else { return nil } }
    public var mapping: YAMLMapping? { if case .mapping(let m) = self { return m } else { return nil } }
    public var sequence: YAMLSequence? { if case .sequence(let s) = self { return s } else { return nil } }
    public var isNull: Bool { scalar?.isNull ?? false }

    /// What the value is, in words, for messages ("a list", "a mapping", "text").
    public var kindDescription: String {
        switch self {
        case .scalar(let s): return s.isNull ? "empty" : "a single value"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }
}

/// Why some YAML could not be read, and where.
public struct YAMLProblem: Error, Sendable {
    public enum Kind: Sendable { case syntax, duplicateKey, tooComplex, nonTextKey }
    public var kind: Kind
    public var message: String
    public var position: SourcePosition
}

public enum YAMLReader {
    /// Aliases let a few hundred bytes stand for billions of nodes (the "billion laughs"); nothing walks more than this.
    public static let maximumNodes = 100_000
    /// Deeper than any honest front matter; bounds recursion.
    public static let maximumDepth = 64

    /// Parses `text` (one YAML document) into a positioned tree. `lineOffset` is added to every line so that
    /// positions are those of the enclosing file. Returns nil for an empty document.
    public static func read(_ text: String, lineOffset: Int = 0) throws(YAMLProblem) -> YAMLValue? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            var found = problem(from: error, lineOffset: lineOffset)
            if found.kind == .duplicateKey, case .duplicatedKeysInMapping(let keys, let context) = error,
               let second = secondOccurrence(of: keys.first ?? "", after: context.mark, in: text) {
                found.position = SourcePosition(line: second.line + lineOffset, column: second.column)
            }
            throw found
        } catch {
            throw YAMLProblem(kind: .syntax, message: "the YAML could not be read: \(error)", position: SourcePosition(line: lineOffset + 1, column: 1))
        }
        guard let node else { return nil }
        var budget = maximumNodes
        guard case .mapping(let top) = node else { return try convert(node, depth: 0, budget: &budget, lineOffset: lineOffset) }
        // Convert the top level here so a value that blows the bound is reported at its key, where a person looks.
        var entries: [YAMLEntry] = []
        for (k, v) in top {
            guard case .scalar(let key) = k else {
                throw YAMLProblem(kind: .nonTextKey, message: "a key must be plain text, not \(k.sequence != nil ? "a list" : "a mapping")", position: position(k.mark, lineOffset))
            }
            let keyScalar = YAMLScalar(text: key.string, style: .plain, position: position(key.mark, lineOffset))
            do {
                entries.append(YAMLEntry(key: keyScalar, value: try convert(v, depth: 1, budget: &budget, lineOffset: lineOffset)))
            } catch where error.kind == .tooComplex {
                throw YAMLProblem(kind: .tooComplex, message: "'\(key.string)': \(error.message)", position: keyScalar.position)
            }
        }
        return .mapping(YAMLMapping(entries: entries, position: position(top.mark, lineOffset)))
    }

    /// Yams names the first occurrence of a duplicated key; the finding belongs on the second one.
    private static func secondOccurrence(of key: String, after first: Mark, in text: String) -> (line: Int, column: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line - 1 < lines.count else { return nil }
        let indent = first.column - 1
        for index in first.line..<lines.count {
            let line = lines[index]
            let leading = line.prefix { $0 == " " }.count
            if leading < indent, !line.trimmingCharacters(in: .whitespaces).isEmpty,
               !line.trimmingCharacters(in: .whitespaces).hasPrefix("#"), !line.trimmingCharacters(in: .whitespaces).hasPrefix("-") {
                return nil // left the mapping
            }
            guard leading == indent else { continue }
            let rest = line.dropFirst(indent)
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(candidate) {
                let after = rest.dropFirst(candidate.count).drop { $0 == " " }
                if after.hasPrefix(":") { return (index + 1, indent + 1) }
            }
        }
        return nil
    }

    private static func position(_ mark: Mark?, _ lineOffset: Int) -> SourcePosition {
        guard let mark else { return SourcePosition(line: lineOffset + 1, column: 1) }
        return SourcePosition(line: mark.line + lineOffset, column: mark.column)
    }

    private static func convert(_ node: Node, depth: Int, budget: inout Int, lineOffset: Int) throws(YAMLProblem) -> YAMLValue {
        budget -= 1
        if budget < 0 {
            throw YAMLProblem(kind: .tooComplex, message: "the YAML expands to more than \(maximumNodes) values (an alias bomb?); it was not read", position: position(node.mark, lineOffset))
        }
        if depth > maximumDepth {
            throw YAMLProblem(kind: .tooComplex, message: "the YAML is nested more than \(maximumDepth) levels deep; it was not read", position: position(node.mark, lineOffset))
        }
        switch node {
        case .scalar(let s):
            let style: YAMLScalar.Style
            switch s.style {
            case .singleQuoted, .doubleQuoted: style = .quoted
            case .literal, .folded: style = .block
            default: style = .plain
            }
            return .scalar(YAMLScalar(text: s.string, style: style, position: position(s.mark, lineOffset)))
        case .sequence(let seq):
            var items: [YAMLValue] = []
            items.reserveCapacity(seq.count)
            for item in seq {
                items.append(try convert(item, depth: depth + 1, budget: &budget, lineOffset: lineOffset))
            }
            return .sequence(YAMLSequence(items: items, position: position(seq.mark, lineOffset)))
        case .mapping(let map):
            var entries: [YAMLEntry] = []
            for (k, v) in map {
                guard case .scalar(let key) = k else {
                    throw YAMLProblem(kind: .nonTextKey, message: "a key must be plain text, not \(k.sequence != nil ? "a list" : "a mapping")", position: position(k.mark, lineOffset))
                }
                budget -= 1
                let keyScalar = YAMLScalar(text: key.string, style: .plain, position: position(key.mark, lineOffset))
                entries.append(YAMLEntry(key: keyScalar, value: try convert(v, depth: depth + 1, budget: &budget, lineOffset: lineOffset)))
            }
            return .mapping(YAMLMapping(entries: entries, position: position(map.mark, lineOffset)))
        case .alias(let alias):
            throw YAMLProblem(kind: .syntax, message: "unresolved YAML alias", position: position(alias.mark, lineOffset))
        }
    }

    private static func problem(from error: YamlError, lineOffset: Int) -> YAMLProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = problem
            if let context { message += " (\(context.text) at line \(context.mark.line + lineOffset))" }
            if problem.lowercased().contains("nest") {
                return YAMLProblem(kind: .tooComplex, message: "the YAML is nested too deeply to read (over the parser's nesting limit)", position: position(mark, lineOffset))
            }
            return YAMLProblem(kind: .syntax, message: "YAML syntax error: \(message)", position: position(mark, lineOffset))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return YAMLProblem(kind: .duplicateKey, message: "duplicate key \(keys): a key may appear once in a mapping", position: position(context.mark, lineOffset))
        case .reader(let problem, _, _, _):
            return YAMLProblem(kind: .syntax, message: "the YAML could not be read: \(problem)", position: SourcePosition(line: lineOffset + 1, column: 1))
        default:
            return YAMLProblem(kind: .syntax, message: "the YAML could not be read: \(error)", position: SourcePosition(line: lineOffset + 1, column: 1))
        }
    }
}
