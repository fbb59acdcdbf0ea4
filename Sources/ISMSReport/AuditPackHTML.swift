import Foundation
import ISMSModel

/// HTML escaping for the audit pack, in one place: every value that comes from the repository goes through
/// `HTML.escape` (text and attribute values alike), and the text of rendered Markdown through `HTML.neutralise`.
public enum HTML {
    /// Escapes `& < > " '` and, beyond that, `=` (so no text can ever read as an `on…=` attribute) and the colon of
    /// `…script:` (so no text ever spells a `javascript:` URL). The result is safe as element text and inside a
    /// double- or single-quoted attribute value. NUL becomes U+FFFD.
    public static func escape(_ s: String) -> String { encode(s, alreadyEscaped: false) }

    /// The same neutralisation for text cmark has already escaped (`&`, `<`, `>`, `"` are entities there).
    public static func neutralise(_ s: String) -> String { encode(s, alreadyEscaped: true) }

    static func encode(_ s: String, alreadyEscaped: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += alreadyEscaped ? "&" : "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "=": out += "&#61;"
            case ":" where endsWithScript(out): out += "&#58;"
            case "\u{0}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    private static func endsWithScript(_ s: String) -> Bool {
        let tail = s.utf8.suffix(6)
        guard tail.count == 6 else { return false }
        return zip(tail, "script".utf8).allSatisfy { ($0 | 0x20) == $1 }
    }
}

/// The frame every page shares: head (a Content-Security-Policy that allows no script at all), navigation, footer.
enum AuditPackFrame {
    enum Section: String, CaseIterable {
        case dashboard = "index.html", soa = "soa.html", programme = "programme.html", risks = "risks.html"
        case findings = "findings.html", documents = "documents.html"
        var title: String {
            switch self {
            case .dashboard: return "Readiness"
            case .soa: return "Statement of Applicability"
            case .programme: return "Audit programme"
            case .risks: return "Risks"
            case .findings: return "Findings"
            case .documents: return "Documents"
            }
        }
    }

    /// No script may run, nothing may load from outside the pack (styles and images only from the pack itself).
    static let contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"

    static func page(_ path: String, title: String, meta: AuditPack.Meta, section: Section?, body: String) -> String {
        let e = HTML.escape
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(contentSecurityPolicy)\">\n"
        out += "<meta name=\"referrer\" content=\"no-referrer\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(e(title)) — \(e(meta.organisation))</title>\n"
        out += "<link rel=\"stylesheet\" href=\"\(AuditPackPaths.href(from: path, to: "style.css"))\">\n</head>\n<body>\n"
        out += "<header class=\"top\"><div class=\"brand\">\(e(meta.organisation)) <span>ISMS audit pack</span></div>\n<nav><ul>"
        for s in Section.allCases {
            let current = s == section ? " aria-current=\"page\"" : ""
            out += "<li><a href=\"\(AuditPackPaths.href(from: path, to: s.rawValue))\"\(current)>\(e(s.title))</a></li>"
        }
        out += "</ul></nav></header>\n<main>\n"
        if meta.dirty {
            out += "<p class=\"banner bad\"><strong>Uncommitted changes.</strong> The ISMS in the working tree differs from commit \(e(short(meta.commit))): this pack shows the working tree, which no commit records.</p>\n"
        }
        out += body
        out += "</main>\n<footer>\(provenance(meta))</footer>\n</body>\n</html>\n"
        return out
    }

    static func provenance(_ meta: AuditPack.Meta) -> String {
        let e = HTML.escape
        let from = meta.commit.map { "commit <code>\(e($0))</code>\(meta.dirty ? " plus uncommitted changes" : "")" } ?? "files outside git (no commit)"
        return "Generated on \(e(meta.generated)) by isms \(e(meta.toolVersion)) from \(from) · \(meta.documentCount) documents in <code>\(e(meta.source.isEmpty ? "." : meta.source))</code> · file hashes in manifest.json (<code>isms report --verify</code>)"
    }

    static func short(_ commit: String?) -> String { commit.map { String($0.prefix(12)) } ?? "(none)" }

    /// An `<a>` to a pack page (relative to `page`), or the escaped text when the link has no target.
    static func link(_ l: AuditPack.Link, from page: String) -> String {
        guard let target = l.target else { return HTML.escape(l.text) }
        return "<a href=\"\(HTML.escape(AuditPackPaths.href(from: page, to: target, fragment: l.fragment)))\">\(HTML.escape(l.text))</a>"
    }

    static func links(_ ls: [AuditPack.Link], from page: String, empty: String = "–") -> String {
        ls.isEmpty ? empty : ls.map { link($0, from: page) }.joined(separator: ", ")
    }

    static func number(_ n: Int) -> String {
        let s = String(n)
        guard n >= 10_000 else { return s }
        var out = ""
        for (i, c) in s.reversed().enumerated() { if i > 0, i % 3 == 0 { out.append(",") }; out.append(c) }
        return String(out.reversed())
    }

    static func percent(_ part: Int, _ whole: Int) -> String { whole == 0 ? "–" : "\(Int((Double(part) * 100 / Double(whole)).rounded()))%" }

    /// A small horizontal bar (inline SVG) for part of a whole, with its figures as text beside it.
    static func bar(_ part: Int, _ whole: Int, width: Int = 220) -> String {
        let w = whole == 0 ? 0 : Int((Double(part) / Double(whole) * Double(width)).rounded())
        let cls = whole == 0 ? "none" : part == whole ? "ok" : Double(part) / Double(whole) >= 0.8 ? "warn" : "bad"
        return "<svg class=\"bar\" width=\"\(width)\" height=\"12\" viewBox=\"0 0 \(width) 12\" role=\"img\" aria-label=\"\(part) of \(whole)\">"
            + "<rect width=\"\(width)\" height=\"12\" rx=\"2\" class=\"bar-bg\"/><rect width=\"\(w)\" height=\"12\" rx=\"2\" class=\"bar-\(cls)\"/></svg>"
    }

    static let stylesheet = """
    :root { --ink: #1d2733; --muted: #5a6877; --line: #d5dbe2; --bg: #f6f8fa; --ok: #2e7d32; --ok-bg: #e3f2e5; --warn: #8a5a00; --warn-bg: #fff4d6; --bad: #b3261e; --bad-bg: #fde7e5; --accent: #1f5fa8; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: var(--ink); background: #fff; }
    header.top { background: #16324f; color: #fff; padding: 10px 24px 0; }
    header.top .brand { font-size: 18px; font-weight: 600; }
    header.top .brand span { font-weight: 400; opacity: .8; margin-left: 6px; }
    header.top nav ul { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px; }
    header.top nav a { display: block; padding: 6px 12px; color: #dfe9f5; text-decoration: none; border-radius: 4px 4px 0 0; }
    header.top nav a:hover { background: #24476b; }
    header.top nav a[aria-current] { background: #fff; color: #16324f; font-weight: 600; }
    main { padding: 16px 24px 32px; max-width: 1400px; }
    footer { padding: 12px 24px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); }
    h1 { font-size: 26px; margin: 8px 0 4px; }
    h2 { font-size: 20px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
    h3 { font-size: 16px; margin: 20px 0 6px; }
    p.lead { color: var(--muted); margin-top: 0; }
    a { color: var(--accent); }
    code { font: 13px/1.4 "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; background: var(--bg); padding: 1px 4px; border-radius: 3px; }
    table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
    th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
    th { background: var(--bg); font-weight: 600; }
    tr.theme th { background: #e8eef5; font-size: 15px; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0 8px; }
    .card { flex: 1 1 190px; border: 1px solid var(--line); border-left-width: 6px; border-radius: 6px; padding: 10px 14px; background: #fff; }
    .card .num { font-size: 28px; font-weight: 700; line-height: 1.2; }
    .card .label { color: var(--muted); font-size: 13px; }
    .card.ok { border-left-color: var(--ok); } .card.warn { border-left-color: #e0a100; } .card.bad { border-left-color: var(--bad); }
    .tag { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
    .tag.ok { background: var(--ok-bg); color: var(--ok); } .tag.warn { background: var(--warn-bg); color: var(--warn); } .tag.bad { background: var(--bad-bg); color: var(--bad); } .tag.none { background: #eceff3; color: var(--muted); }
    .banner { padding: 8px 12px; border-radius: 6px; margin: 8px 0; }
    .banner.bad { background: var(--bad-bg); color: var(--bad); } .banner.warn { background: var(--warn-bg); color: var(--warn); }
    .muted { color: var(--muted); }
    .grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px 28px; }
    svg.bar { vertical-align: middle; margin-right: 8px; }
    .bar-bg { fill: #e6eaef; } .bar-ok { fill: #2e7d32; } .bar-warn { fill: #e0a100; } .bar-bad { fill: #c62828; } .bar-none { fill: #e6eaef; }
    main > table td a, .grid2 table td a { white-space: nowrap; }
    table.kv th { width: 190px; }
    table.kv th, table.kv td { padding: 3px 8px; }
    table.kv ul { margin: 0; padding-left: 18px; }
    article.doc { border: 1px solid var(--line); border-radius: 6px; padding: 4px 24px 12px; margin: 12px 0; }
    article.doc table { width: auto; }
    article.doc pre { background: var(--bg); padding: 10px; overflow-x: auto; }
    article.doc img { max-width: 100%; }
    figure.chart { margin: 8px 0 16px; }
    figure.chart svg { max-width: 100%; height: auto; }
    figure.chart figcaption { color: var(--muted); font-size: 13px; }
    .legend { display: flex; flex-wrap: wrap; gap: 16px; font-size: 14px; margin: 6px 0; padding: 0; list-style: none; }
    .swatch { display: inline-block; width: 14px; height: 14px; border: 1px solid #8894a1; vertical-align: -2px; margin-right: 6px; }
    .sw-audited { background: #2e7d32; } .sw-planned { background: #f2b705; } .sw-none { background: #e9edf1; }
    .sw-low { background: #cfe8d1; } .sw-medium { background: #fff1a8; } .sw-high { background: #ffc98a; } .sw-critical { background: #f4a29a; }
    details { margin: 8px 0; }
    summary { cursor: pointer; color: var(--accent); }
    @media print { header.top nav, .noprint { display: none; } main { max-width: none; } a { color: inherit; } }
    table.soa { page: landscape; }
    table.soa td:nth-child(4) { min-width: 24ch; }
    table.signoff { width: auto; } table.signoff td { min-width: 18ch; height: 30px; }
    @page landscape { size: A4 landscape; margin: 10mm; }
    @media print { body { font-size: 10px; } table.soa { font-size: 8.5px; } table.soa td:nth-child(4) { min-width: 30ch; } table.soa thead { display: table-header-group; } table.soa tr { break-inside: avoid; } .tag { font-size: 8px; padding: 0 4px; } table.signoff { break-inside: avoid; } }

    """
}
