import CCmarkGFM
import Foundation

/// What the rules need from a document's Markdown: headings (for anchors) and links, with file positions.
public struct MarkdownBody: Sendable {
    /// The cmark-gfm library the bodies are parsed with, as loaded (the system's): a cache of parsed bodies is only as
    /// good as the parser that made it.
    public static let parserVersion = "cmark-gfm " + String(cString: cmark_version_string())

    public struct Heading: Sendable {
        public var level: Int
        public var text: String
        public var anchor: String
        public var position: SourcePosition
    }

    public struct Link: Sendable {
        public var destination: String
        public var isImage: Bool
        public var position: SourcePosition
    }

    public var headings: [Heading] = []
    /// Raw HTML in the body (blocks and inline), with its first line: where suppression comments may stand.
    public var html: [(text: String, line: Int)] = []
    public var links: [Link] = []
    public var tableCount = 0
    /// The Markdown text itself (after the front matter), for renderers.
    public var text: String
    public var lineOffset: Int

    /// Anchors as GitHub makes them (lowercase, punctuation dropped, spaces to hyphens, repeats numbered).
    public var anchors: Set<String> { Set(headings.map(\.anchor)) }

    /// A body as the parse cache stores it (see DocumentCodec).
    init(text: String, lineOffset: Int) {
        self.text = text
        self.lineOffset = lineOffset
    }

    public init(markdown: String, lineOffset: Int) {
        text = markdown
        self.lineOffset = lineOffset
        MarkdownBody.ensureExtensions()
        guard let parser = cmark_parser_new(CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8) else { return }
        defer { cmark_parser_free(parser) }
        for name in ["table", "autolink", "strikethrough", "tasklist"] {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        markdown.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
        guard let root = cmark_parser_finish(parser) else { return }
        defer { cmark_node_free(root) }

        // cmark counts columns in bytes; findings count characters (Unicode scalars), as for the front matter.
        let columns = ColumnMap(markdown)
        var seen: [String: Int] = [:]
        let iter = cmark_iter_new(root)
        defer { cmark_iter_free(iter) }
        var event = cmark_iter_next(iter)
        while event != CMARK_EVENT_DONE {
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) {
                let type = cmark_node_get_type(node)
                // Only the nodes kept below need a position: mapping it is not free on long lines.
                var position: SourcePosition {
                    let line = Int(cmark_node_get_start_line(node))
                    return SourcePosition(line: line + lineOffset, column: columns.column(line: line, byteColumn: Int(cmark_node_get_start_column(node))))
                }
                if type == CMARK_NODE_HEADING {
                    let text = MarkdownBody.plainText(of: node)
                    var anchor = MarkdownBody.slug(text)
                    if let n = seen[anchor] { seen[anchor] = n + 1; anchor += "-\(n + 1)" } else { seen[anchor] = 0 }
                    headings.append(Heading(level: Int(cmark_node_get_heading_level(node)), text: text, anchor: anchor, position: position))
                } else if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE {
                    let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                    links.append(Link(destination: url, isImage: type == CMARK_NODE_IMAGE, position: position))
                } else if type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE {
                    if let lit = cmark_node_get_literal(node) { html.append((String(cString: lit), position.line)) }
                } else if let typeName = cmark_node_get_type_string(node), String(cString: typeName) == "table" {
                    tableCount += 1
                }
            }
            event = cmark_iter_next(iter)
        }
    }

    /// Byte columns to character columns in O(1) per node: line starts and, unless the text is ASCII, a running count
    /// of Unicode scalars per byte, built once. (Re-decoding the line for every node was quadratic on long lines.)
    struct ColumnMap {
        private var lineStarts: [Int] = [0]
        private var scalarsBefore: [Int32] = []   // empty when every byte is ASCII
        private let byteCount: Int

        init(_ text: String) {
            var utf8 = Array(text.utf8)
            byteCount = utf8.count
            var ascii = true
            for (i, b) in utf8.enumerated() {
                if b == 10 { lineStarts.append(i + 1) } else if b >= 0x80 { ascii = false }
            }
            guard !ascii else { return }
            var counts = [Int32](repeating: 0, count: utf8.count + 1)
            var n: Int32 = 0
            for i in 0..<utf8.count {
                counts[i] = n
                if utf8[i] & 0xC0 != 0x80 { n += 1 }   // not a continuation byte: a scalar starts here
            }
            counts[utf8.count] = n
            scalarsBefore = counts
            utf8 = []
        }

        func column(line: Int, byteColumn: Int) -> Int {
            guard line >= 1, line <= lineStarts.count, byteColumn > 1 else { return max(1, byteColumn) }
            guard !scalarsBefore.isEmpty else { return byteColumn }
            let start = lineStarts[line - 1]
            let lineEnd = line < lineStarts.count ? lineStarts[line] - 1 : byteCount
            let end = min(start + byteColumn - 1, lineEnd)
            return Int(scalarsBefore[end] - scalarsBefore[start]) + 1
        }
    }

    private static let registered: Void = { cmark_gfm_core_extensions_ensure_registered() }()
    static func ensureExtensions() { _ = registered }

    static func plainText(of node: OpaquePointer) -> String {
        var out = ""
        var child = cmark_node_first_child(node)
        while let c = child {
            let type = cmark_node_get_type(c)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                if let lit = cmark_node_get_literal(c) { out += String(cString: lit) }
            } else {
                out += plainText(of: c)
            }
            child = cmark_node_next(c)
        }
        return out
    }

    /// GitHub's heading anchor: lowercase; letters, digits, spaces, hyphens and underscores kept; spaces become hyphens.
    public static func slug(_ text: String) -> String {
        var out = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "-" || ch == "_" { out.append(ch) } else if ch == " " { out.append("-") }
        }
        return out
    }
}
