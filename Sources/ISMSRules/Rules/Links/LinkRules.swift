import Foundation
import ISMSModel

enum LinkRules {
    static let all: [any Rule.Type] = [
        LinkBrokenRule.self, LinkAnchorMissingRule.self, LinkOutsideRepositoryRule.self,
    ]
}

/// Where a link in a document's body leads, as the link rules see it. Nothing here touches the file system.
enum LinkTarget: Equatable {
    /// Nothing to follow: an empty destination.
    case empty
    /// A web address or another scheme (`https:`, `mailto:`), or a protocol-relative `//host/…`: not checked.
    case external
    /// `#anchor` in the same document.
    case sameDocument(anchor: String)
    /// An absolute file-system path (`/etc/passwd`, `C:\…`) or a `file:` URL.
    case absolute
    /// A relative path that climbs above the repository root.
    case aboveRoot
    /// A path inside the repository (a display path, "" for the root), and the anchor after `#`, if any.
    case file(path: String, anchor: String?)

    /// Resolves `destination` as written in the document at `documentPath` (relative to the repository root):
    /// `?query` and `#anchor` stripped, percent-escapes decoded, `.` and `..` folded.
    static func resolve(_ destination: String, from documentPath: String) -> LinkTarget {
        let d = destination.trimmed
        if d.isEmpty { return .empty }
        if d.hasPrefix("#") { return .sameDocument(anchor: decode(String(d.dropFirst()))) }
        if d.hasPrefix("//") { return .external }
        if d.hasPrefix("\\") { return .absolute }
        // As GitHub and GitLab render them, `/docs/x.md` is relative to the repository root (for a document inside one).
        if d.hasPrefix("/") {
            if documentPath.hasPrefix("/") { return .absolute }
            return resolve(String(d.drop { $0 == "/" }), from: "")
        }
        if let scheme = scheme(of: d) {
            // A one-letter "scheme" is a Windows drive (C:\…, C:/…).
            return scheme.lowercased() == "file" || scheme.count == 1 ? .absolute : .external
        }
        var rest = Substring(d)
        var anchor: String?
        if let hash = rest.firstIndex(of: "#") {
            let a = decode(String(rest[rest.index(after: hash)...]))
            anchor = a.isEmpty ? nil : a
            rest = rest[..<hash]
        }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        let path = decode(String(rest))
        if path.isEmpty { return anchor.map { .sameDocument(anchor: $0) } ?? .empty }
        if path.hasPrefix("/") { return .absolute }

        let fromAbsolute = documentPath.hasPrefix("/")
        var parts = documentPath.split(separator: "/").dropLast().map(String.init)
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..":
                if parts.isEmpty {
                    if fromAbsolute { continue }
                    return .aboveRoot
                }
                parts.removeLast()
            default: parts.append(String(segment))
            }
        }
        return .file(path: (fromAbsolute ? "/" : "") + parts.joined(separator: "/"), anchor: anchor)
    }

    /// The URL scheme a destination starts with (`https` of `https://…`), if any.
    static func scheme(of destination: String) -> String? {
        guard let colon = destination.firstIndex(of: ":") else { return nil }
        let candidate = destination[..<colon]
        guard let first = candidate.first, first.isASCII, first.isLetter,
              candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) else { return nil }
        return String(candidate)
    }

    /// Every focused document's links with their resolved targets, once per run and shared by the three link rules
    /// (resolving was a third of linting a document of 20,000 links, and each rule did it again).
    static func resolvedLinks(_ context: RuleContext) -> [(doc: Document, links: [(link: MarkdownBody.Link, target: LinkTarget)])] {
        context.isms.memo(context.memoKey("resolved-links")) { () -> [(doc: Document, links: [(link: MarkdownBody.Link, target: LinkTarget)])] in
            context.documents.map { doc in (doc, (doc.body?.links ?? []).map { ($0, resolve($0.destination, from: doc.path)) }) }
        }
    }

    /// Foundation's decoding is slow (it was a third of a lint of 20,000 links): skip it when there is nothing to decode.
    static func decode(_ s: String) -> String { s.utf8.contains(UInt8(ascii: "%")) ? s.removingPercentEncoding ?? s : s }
}

enum LinkRuleSupport {
    /// "link" or "image", for messages.
    static func noun(_ link: MarkdownBody.Link) -> String { link.isImage ? "image" : "link" }

    /// `target` written relative to the folder of `documentPath` ("../scope.md"), as a link in that document would say it.
    static func relative(_ target: String, from documentPath: String) -> String {
        let base = documentPath.split(separator: "/").dropLast().map(String.init)
        let parts = target.split(separator: "/").map(String.init)
        var common = 0
        while common < base.count, common < parts.count - 1, base[common] == parts[common] { common += 1 }
        let up = Array(repeating: "..", count: base.count - common)
        return (up + parts[common...]).joined(separator: "/")
    }

    /// Anchors a document offers: its headings' GitHub anchors, and `id`/`name` attributes of HTML in its body.
    static func anchors(of body: MarkdownBody) -> Set<String> {
        var anchors = body.anchors
        let text = body.text
        guard text.contains("id=") || text.contains("name=") else { return anchors }
        let re = try! NSRegularExpression(pattern: #"\b(?:id|name)\s*=\s*["']([^"']+)["']"#)
        for m in re.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            if let r = Range(m.range(at: 1), in: text) { anchors.insert(String(text[r])) }
        }
        return anchors
    }
}

/// A minimal policy with `body` as its Markdown, for the link rules' examples.
func linkExamplePolicy(_ body: String) -> String {
    """
    ---
    id: POL-AC
    type: policy
    title: Access control policy
    owner: alice
    approver: carol
    version: "1.0"
    status: draft
    review_every: 12 months
    ---
    \(body)
    """
}
