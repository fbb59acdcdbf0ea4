import CCmarkGFM
import Foundation
import ISMSModel

/// A document's Markdown as HTML for the audit pack, with cmark-gfm (tables, autolinks, strikethrough, task lists).
///
/// Three layers keep repository text from ever becoming active content:
/// 1. links and images are decided before rendering: the caller's `resolve` returns the URL to use (a pack page,
///    a copied image, an http(s)/mailto address) or nil, and a refused link is replaced by its text;
/// 2. cmark renders without `CMARK_OPT_UNSAFE`, so raw HTML becomes `<!-- raw HTML omitted -->` and dangerous URLs
///    are emptied;
/// 3. `sanitize` re-reads the output: only the tags and attributes cmark produces are kept (rebuilt from their
///    decoded values, escaped by `HTML.escape`), every URL is checked again, and text is neutralised.
public enum AuditPackMarkdown {
    private static let registered: Void = { cmark_gfm_core_extensions_ensure_registered() }()

    /// `resolve(destination, isImage)`: the URL to put in the page, or nil to drop the link (keeping its text) or the
    /// image (keeping its alt text). `page` is the pack path of the page the HTML goes in.
    public static func render(_ markdown: String, page: String, resolve: (String, Bool) -> String?) -> String {
        _ = registered
        guard let parser = cmark_parser_new(CMARK_OPT_VALIDATE_UTF8) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in ["table", "autolink", "strikethrough", "tasklist"] {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        markdown.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
        guard let root = cmark_parser_finish(parser) else { return "" }
        defer { cmark_node_free(root) }

        // Collect first: the tree is changed only after the walk.
        var links: [(node: OpaquePointer, isImage: Bool)] = []
        var headings: [OpaquePointer] = []
        if let iter = cmark_iter_new(root) {
            var event = cmark_iter_next(iter)
            while event != CMARK_EVENT_DONE {
                if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) {
                    let type = cmark_node_get_type(node)
                    if type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE { links.append((node, type == CMARK_NODE_IMAGE)) }
                    else if type == CMARK_NODE_HEADING { headings.append(node) }
                }
                event = cmark_iter_next(iter)
            }
            cmark_iter_free(iter)
        }
        for (node, isImage) in links {
            let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            if let target = resolve(url, isImage), !target.isEmpty {
                _ = cmark_node_set_url(node, target)
            } else {
                unwrap(node)
            }
        }
        // GitHub's anchors, so that `file.md#section` links land on their heading.
        var seen: [String: Int] = [:]
        let ids: [String] = headings.map { node in
            var anchor = MarkdownBody.slug(plainText(node))
            if let n = seen[anchor] { seen[anchor] = n + 1; anchor += "-\(n + 1)" } else { seen[anchor] = 0 }
            return anchor
        }
        guard let raw = cmark_render_html(root, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(raw) }
        return sanitize(String(cString: raw), page: page, headingIDs: ids)
    }

    /// Replaces a link or image by its content (a link's text, an image's alt text).
    private static func unwrap(_ node: OpaquePointer) {
        var child = cmark_node_first_child(node)
        while let c = child {
            let next = cmark_node_next(c)
            _ = cmark_node_insert_before(node, c)
            child = next
        }
        cmark_node_free(node)
    }

    private static func plainText(_ node: OpaquePointer) -> String {
        var out = ""
        var child = cmark_node_first_child(node)
        while let c = child {
            let type = cmark_node_get_type(c)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                if let lit = cmark_node_get_literal(c) { out += String(cString: lit) }
            } else {
                out += plainText(c)
            }
            child = cmark_node_next(c)
        }
        return out
    }

    // MARK: The post-check

    private static let plainTags: Set<String> = ["p", "blockquote", "ul", "li", "pre", "hr", "br", "em", "strong", "del", "table", "thead",
                                                  "tbody", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "code", "ol", "a", "img", "th", "td", "input"]
    private static let voidTags: Set<String> = ["hr", "br", "img", "input"]

    /// Keeps only the markup cmark-gfm produces, rebuilt attribute by attribute; everything else is dropped.
    /// Headings get `headingIDs` in order.
    public static func sanitize(_ html: String, page: String, headingIDs: [String] = []) -> String {
        let bytes = Array(html.utf8)
        var out = ""
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var i = 0
        var heading = 0
        var textStart = 0
        func flushText(_ end: Int) {
            if end > textStart { out += HTML.neutralise(String(decoding: bytes[textStart..<end], as: UTF8.self)) }
        }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else { i += 1; continue }
            flushText(i)
            // A comment: only cmark's own placeholder survives.
            if bytes[i...].starts(with: Array("<!--".utf8)) {
                var j = i + 4
                while j + 2 < bytes.count, !(bytes[j] == UInt8(ascii: "-") && bytes[j + 1] == UInt8(ascii: "-") && bytes[j + 2] == UInt8(ascii: ">")) { j += 1 }
                let end = min(j + 3, bytes.count)
                if String(decoding: bytes[i..<end], as: UTF8.self) == "<!-- raw HTML omitted -->" { out += "<!-- raw HTML omitted -->" }
                i = end; textStart = i
                continue
            }
            var j = i + 1
            while j < bytes.count, bytes[j] != UInt8(ascii: ">") { j += 1 }
            guard j < bytes.count else { i = bytes.count; textStart = i; break }
            let end = j + 1
            if let tag = Tag(bytes[(i + 1)..<j]) {
                out += rebuild(tag, page: page, headingID: { () -> String? in
                    defer { heading += 1 }
                    return heading < headingIDs.count ? headingIDs[heading] : nil
                })
            }
            i = end; textStart = i
        }
        flushText(bytes.count)
        return out
    }

    private struct Tag {
        var closing: Bool
        var name: String
        var attributes: [(name: String, value: String?)]

        /// Parses `name attr="value" …` (without the angle brackets) as cmark writes it; nil for anything else.
        init?(_ s: ArraySlice<UInt8>) {
            var p = s.startIndex
            let end = s.endIndex
            closing = p < end && s[p] == UInt8(ascii: "/")
            if closing { p += 1 }
            func isName(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == UInt8(ascii: "-") }
            let nameStart = p
            while p < end, isName(s[p]) { p += 1 }
            guard p > nameStart else { return nil }
            name = String(decoding: s[nameStart..<p], as: UTF8.self).lowercased()
            attributes = []
            while p < end {
                guard s[p] == UInt8(ascii: " ") || s[p] == UInt8(ascii: "/") else { return nil }
                while p < end, s[p] == UInt8(ascii: " ") { p += 1 }
                if p < end, s[p] == UInt8(ascii: "/") { p += 1; guard p == end else { return nil }; break }
                guard p < end else { break }
                let a = p
                while p < end, isName(s[p]) { p += 1 }
                guard p > a else { return nil }
                let attr = String(decoding: s[a..<p], as: UTF8.self).lowercased()
                if p < end, s[p] == UInt8(ascii: "=") {
                    p += 1
                    guard p < end, s[p] == UInt8(ascii: "\"") else { return nil }
                    p += 1
                    let v = p
                    while p < end, s[p] != UInt8(ascii: "\"") { p += 1 }
                    guard p < end else { return nil }
                    guard let value = Self.decode(String(decoding: s[v..<p], as: UTF8.self)) else { return nil }
                    attributes.append((attr, value))
                    p += 1
                } else {
                    attributes.append((attr, nil))
                }
            }
            if closing, !attributes.isEmpty { return nil }
        }

        /// Decodes the entities cmark writes in attribute values; nil for any other `&…;`.
        static func decode(_ s: String) -> String? {
            guard s.contains("&") else { return s }
            var out = ""
            var rest = Substring(s)
            while let amp = rest.firstIndex(of: "&") {
                out += rest[..<amp]
                guard let semi = rest[amp...].firstIndex(of: ";") else { return nil }
                let entity = rest[rest.index(after: amp)..<semi]
                switch entity {
                case "amp": out += "&"
                case "lt": out += "<"
                case "gt": out += ">"
                case "quot": out += "\""
                default:
                    let code: UInt32?
                    if entity.hasPrefix("#x") || entity.hasPrefix("#X") { code = UInt32(entity.dropFirst(2), radix: 16) }
                    else if entity.hasPrefix("#") { code = UInt32(entity.dropFirst()) }
                    else { code = nil }
                    guard let code, let scalar = Unicode.Scalar(code), code != 0 else { return nil }
                    out.unicodeScalars.append(scalar)
                }
                rest = rest[rest.index(after: semi)...]
            }
            return out + rest
        }
    }

    private static func rebuild(_ tag: Tag, page: String, headingID: () -> String?) -> String {
        guard plainTags.contains(tag.name) else { return "" }
        if tag.closing { return voidTags.contains(tag.name) ? "" : "</\(tag.name)>" }
        var attrs: [(String, String?)] = []
        func value(_ name: String) -> String? { tag.attributes.first { $0.name == name }?.value ?? nil }
        func has(_ name: String) -> Bool { tag.attributes.contains { $0.name == name } }
        switch tag.name {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            if let id = headingID(), !id.isEmpty { attrs.append(("id", id)) }
        case "a":
            if let href = value("href"), let kind = LinkCheck.href(href, page: page) {
                attrs.append(("href", href))
                if kind == .external { attrs.append(("rel", "noopener noreferrer")) }
            }
            if let title = value("title") { attrs.append(("title", title)) }
        case "img":
            guard let src = value("src"), LinkCheck.href(src, page: page) == .local else { return HTML.escape(value("alt") ?? "") }
            attrs.append(("src", src))
            attrs.append(("alt", value("alt") ?? ""))
            if let title = value("title") { attrs.append(("title", title)) }
        case "ol":
            if let start = value("start"), !start.isEmpty, start.count < 10, start.allSatisfy(\.isASCII), Int(start) != nil { attrs.append(("start", start)) }
        case "code":
            if let cls = value("class"), cls.hasPrefix("language-"), cls.count < 60,
               cls.dropFirst(9).allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_+#.-".contains($0)) }) { attrs.append(("class", cls)) }
        case "th", "td":
            if let align = value("align"), ["left", "center", "right"].contains(align) { attrs.append(("align", align)) }
        case "input":
            guard value("type") == "checkbox" else { return "" }
            attrs.append(("type", "checkbox"))
            if has("checked") { attrs.append(("checked", nil)) }
            attrs.append(("disabled", nil))
        default:
            break
        }
        var out = "<" + tag.name
        for (name, v) in attrs { out += v.map { " \(name)=\"\(HTML.escape($0))\"" } ?? " \(name)" }
        return out + ">"
    }
}

/// Which URLs a page of the pack may hold.
public enum LinkCheck {
    public enum Kind: Sendable, Equatable { case external, fragment, local }

    /// `.external` for http(s) and mailto; `.fragment` for `#…`; `.local` for a relative URL that stays inside the
    /// pack when followed from `page`; nil for everything else (other schemes, absolute or protocol-relative paths,
    /// backslashes, control characters, a path climbing out of the pack).
    public static func href(_ url: String, page: String) -> Kind? {
        guard !url.isEmpty, !url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" }) else { return nil }
        let lower = url.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") { return url.count > 8 ? .external : nil }
        if lower.hasPrefix("mailto:") { return .external }
        if url.hasPrefix("#") { return .fragment }
        // A scheme is letters, digits, + - . before the first colon; a relative URL has no colon before its first / ? #.
        let head = url.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if head.contains(":") || url.hasPrefix("/") { return nil }
        let path = url.prefix { $0 != "?" && $0 != "#" }
        var depth = page.split(separator: "/", omittingEmptySubsequences: false).count - 1
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for (n, segment) in segments.enumerated() {
            let s = (segment.removingPercentEncoding ?? String(segment)).lowercased()
            if s == ".." { depth -= 1; if depth < 0 { return nil } }
            else if s == "." || (s.isEmpty && n == segments.count - 1) { continue }
            else if s.isEmpty || s.contains("/") || s.contains("\\") { return nil }
            else if n < segments.count - 1 { depth += 1 }
        }
        return .local
    }
}
