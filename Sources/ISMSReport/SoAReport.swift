import Foundation
import ISMSModel

/// The Statement of Applicability (clause 6.1.3 d): one row per Annex A control, then the organisation's own `C-…`
/// controls. Pure values, built by the tool from the ISMS and its git history.
public struct StatementOfApplicability: Sendable {
    /// A document the control links to (or that links to the control), by id and title.
    public struct Link: Sendable, Hashable {
        public var id: String
        /// nil when no document has this id.
        public var title: String?
        /// Where the original is, when the document gives a web address (evidence `location:`): shown as a link.
        public var url: String?
        public init(id: String, title: String?, url: String? = nil) {
            self.id = id; self.title = title
            self.url = url.flatMap { $0.hasPrefix("https://") || $0.hasPrefix("http://") ? $0 : nil }
        }
        /// "Access control policy (POL-AC)", or "POL-XX (not found)".
        public var label: String { title.map { "\($0) (\(id))" } ?? "\(id) (not found)" }
    }

    /// The commit that last changed a control document.
    public struct LastChange: Sendable {
        public var commit: String
        public var date: String
        /// The document's version in that commit (nil when it had none).
        public var version: String?
        public init(commit: String, date: String, version: String?) { self.commit = commit; self.date = date; self.version = version }
    }

    public struct Row: Sendable {
        public var id: String
        /// Organizational, People, Physical, Technological; "Custom" for `C-…` controls.
        public var theme: String
        public var title: String
        /// "yes", "no" or "undecided".
        public var applicable: String
        public var justification: String?
        /// implemented, partial, planned, not-implemented (as written); "missing" when there is no control document.
        public var implementation: String?
        public var owner: String?
        public var ownerName: String?
        public var policies: [Link]
        public var risks: [Link]
        public var evidence: [Link]
        /// The control document's path; nil when it is missing.
        public var path: String?
        public var lastChange: LastChange?
        /// Why there is no last change: "not in git", "not committed"; nil when there is one or no document.
        public var lastChangeNote: String?
        /// The file differs from the commit the SoA was generated from.
        public var uncommitted: Bool

        public init(id: String, theme: String, title: String, applicable: String, justification: String?, implementation: String?,
                    owner: String?, ownerName: String?, policies: [Link], risks: [Link], evidence: [Link], path: String?,
                    lastChange: LastChange?, lastChangeNote: String?, uncommitted: Bool) {
            self.id = id; self.theme = theme; self.title = title; self.applicable = applicable; self.justification = justification
            self.implementation = implementation; self.owner = owner; self.ownerName = ownerName; self.policies = policies
            self.risks = risks; self.evidence = evidence; self.path = path; self.lastChange = lastChange
            self.lastChangeNote = lastChangeNote; self.uncommitted = uncommitted
        }

        public var isMissing: Bool { path == nil }
    }

    public struct Counts: Sendable, Equatable {
        public var controls = 0, applicable = 0, excluded = 0, undecided = 0, missing = 0
        /// Among applicable controls.
        public var implemented = 0, partial = 0, planned = 0, notImplemented = 0
        public init() {}
    }

    public var organisation: String?
    public var today: Day
    /// The commit the working tree was read against (short id), its date; nil outside git or before the first commit.
    public var commit: String?
    public var commitDate: String?
    /// "not in git", "no commits yet" when there is no commit.
    public var commitNote: String?
    public var rows: [Row]

    public init(organisation: String?, today: Day, commit: String?, commitDate: String?, commitNote: String?, rows: [Row]) {
        self.organisation = organisation; self.today = today; self.commit = commit; self.commitDate = commitDate
        self.commitNote = commitNote; self.rows = rows
    }

    public var counts: Counts {
        var c = Counts()
        for r in rows {
            c.controls += 1
            if r.isMissing { c.missing += 1; continue }
            switch r.applicable {
            case "yes":
                c.applicable += 1
                switch r.implementation {
                case "implemented": c.implemented += 1
                case "partial": c.partial += 1
                case "planned": c.planned += 1
                case "not-implemented": c.notImplemented += 1
                default: break
                }
            case "no": c.excluded += 1
            default: c.undecided += 1
            }
        }
        return c
    }

    public var uncommittedCount: Int { rows.filter(\.uncommitted).count }

    /// The SoA's version: the commit it was generated from (and its date), or the day when it is not committed.
    public var version: String {
        guard let commit else { return "working copy of \(today)" }
        return commit + (commitDate.map { " of \($0)" } ?? "") + (uncommittedCount > 0 ? " with uncommitted changes" : "")
    }

    /// "commit 3f9c2a1 (2026-11-30)", "not in git", …
    public var generatedFrom: String {
        guard let commit else { return commitNote ?? "not in git" }
        var s = "commit \(commit)" + (commitDate.map { " (\($0))" } ?? "")
        let n = uncommittedCount
        if n > 0 { s += ", with uncommitted changes to \(n) control file\(n == 1 ? "" : "s")" }
        return s
    }
}

/// `isms soa` in Markdown, CSV, JSON and HTML. Pure.
public enum SoAReport {
    /// The CSV header; JSON control objects carry the same keys with the same text (lists as arrays of id/title).
    public static let columns = ["id", "theme", "title", "applicable", "justification", "implementation", "owner", "owner_name",
                                 "policies", "risks", "evidence", "last_change", "last_commit", "last_date", "last_version", "path"]

    static func lastChangeText(_ r: StatementOfApplicability.Row) -> String {
        if let c = r.lastChange {
            var s = "\(c.commit) \(c.date)" + (c.version.map { " v\($0)" } ?? "")
            if r.uncommitted { s += " (changed since)" }
            return s
        }
        if r.isMissing { return "–" }
        return r.lastChangeNote ?? "–"
    }

    static func ownerText(_ r: StatementOfApplicability.Row) -> String {
        guard let owner = r.owner else { return "–" }
        return r.ownerName.map { "\($0) (\(owner))" } ?? owner
    }

    static func implementationText(_ r: StatementOfApplicability.Row) -> String {
        if r.isMissing { return "missing" }
        if r.applicable == "no" { return r.implementation ?? "n/a" }
        return r.implementation ?? "–"
    }

    static func countsLine(_ c: StatementOfApplicability.Counts) -> [(String, Int)] {
        [("controls", c.controls), ("applicable", c.applicable), ("excluded", c.excluded), ("undecided", c.undecided), ("missing", c.missing),
         ("implemented", c.implemented), ("partial", c.partial), ("planned", c.planned), ("not implemented", c.notImplemented)]
    }

    // MARK: Markdown

    /// A table cell: pipes and backslashes escaped, line breaks folded, and `<`, `>`, `[`, `]`, backticks escaped so
    /// no value becomes HTML, a link or code when the Markdown is rendered.
    static func cell(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\", "|", "<", ">", "[", "]", "`": out.append("\\"); out.append(ch)
            case "\r\n", "\n", "\r": out.append(" ")
            default: out.append(ch)
            }
        }
        return out
    }

    public static func markdown(_ soa: StatementOfApplicability) -> String {
        var out = "# Statement of Applicability" + (soa.organisation.map { " — \(cell($0))" } ?? "") + "\n\n"
        out += "ISO/IEC 27001:2022 clause 6.1.3 d). Generated on \(soa.today) from \(cell(soa.generatedFrom)).\n\n"
        let counts = countsLine(soa.counts)
        out += "| " + counts.map { $0.0.prefix(1).uppercased() + $0.0.dropFirst() }.joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---:|", count: counts.count) + "\n"
        out += "| " + counts.map { String($0.1) }.joined(separator: " | ") + " |\n\n"
        out += "Implementation counts are of applicable controls.\n\n"
        out += "| Control | Theme | Title | Applicable | Justification | Implementation | Owner | Policies | Risks | Evidence | Last change |\n"
        out += "|---|---|---|---|---|---|---|---|---|---|---|\n"
        func links(_ l: [StatementOfApplicability.Link]) -> String {
            l.isEmpty ? "–" : l.map { link in link.url.map { "[\(cell(link.label))](<\($0.replacingOccurrences(of: ">", with: "%3E").replacingOccurrences(of: "|", with: "%7C"))>)" } ?? cell(link.label) }.joined(separator: "; ")
        }
        for r in soa.rows {
            out += "| \(cell(r.id)) | \(cell(r.theme)) | \(cell(r.title)) | \(r.isMissing ? "–" : r.applicable) | \(r.justification.map(cell) ?? "–") | "
            out += "\(r.isMissing ? "**missing**" : cell(implementationText(r))) | \(cell(ownerText(r))) | \(links(r.policies)) | \(links(r.risks)) | \(links(r.evidence)) | \(cell(lastChangeText(r))) |\n"
        }
        out += "\n## Approval\n\nSoA version: \(cell(soa.version)).\n\n"
        out += "| Role | Name | Signature | Date |\n|---|---|---|---|\n"
        for role in signOffRoles { out += "| \(role) | | | |\n" }
        return out
    }

    /// Who signs the SoA: clause 6.1.3 asks the risk owners to approve the treatment plan, and top management keeps
    /// the SoA as its own (5.1); an auditor asks to see that it was approved, and which version.
    static let signOffRoles = ["Approved by (top management)", "Prepared by (ISMS owner)"]

    // MARK: CSV

    /// One RFC 4180 field. Spreadsheet formula injection: a value starting with `=`, `+`, `-` or `@` (or a tab or
    /// carriage return) is run as a formula by Excel, LibreOffice and Google Sheets when the file is opened, so such a
    /// value gets a leading single quote (OWASP's advice) — text stays text. Then a field holding a comma, a double
    /// quote, a carriage return or a line feed is quoted, with its double quotes doubled.
    public static func csvField(_ value: String) -> String {
        var s = value
        if let first = s.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { s = "'" + s }
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// The row's values in `columns` order, as CSV and JSON both carry them (empty for none).
    static func values(_ r: StatementOfApplicability.Row) -> [String] {
        func join(_ l: [StatementOfApplicability.Link]) -> String { l.map(\.label).joined(separator: "; ") }
        return [r.id, r.theme, r.title, r.isMissing ? "missing" : r.applicable, r.justification ?? "", r.isMissing ? "missing" : (r.implementation ?? ""),
                r.owner ?? "", r.ownerName ?? "", join(r.policies), join(r.risks), join(r.evidence),
                r.isMissing ? "" : lastChangeText(r), r.lastChange?.commit ?? "", r.lastChange?.date ?? "", r.lastChange?.version ?? "", r.path ?? ""]
    }

    /// CRLF line ends, as RFC 4180 has them; a header row of `columns`.
    public static func csv(_ soa: StatementOfApplicability) -> String {
        var out = columns.map(csvField).joined(separator: ",") + "\r\n"
        for r in soa.rows { out += values(r).map(csvField).joined(separator: ",") + "\r\n" }
        return out
    }

    // MARK: JSON

    public static func json(_ soa: StatementOfApplicability) -> String {
        let q = JSONReporter.quote
        func opt(_ s: String?) -> String { s.map(q) ?? "null" }
        func links(_ l: [StatementOfApplicability.Link]) -> String {
            "[" + l.map { "{\"id\": \(q($0.id)), \"title\": \(opt($0.title)), \"label\": \(q($0.label))}" }.joined(separator: ", ") + "]"
        }
        let c = soa.counts
        var out = "{\n"
        out += "  \"organisation\": \(opt(soa.organisation)),\n"
        out += "  \"generated_on\": \(q(soa.today.description)),\n"
        out += "  \"generated_from\": {\"commit\": \(opt(soa.commit)), \"date\": \(opt(soa.commitDate)), \"note\": \(opt(soa.commitNote)), \"uncommitted_control_files\": \(soa.uncommittedCount), \"text\": \(q(soa.generatedFrom))},\n"
        out += "  \"counts\": {\"controls\": \(c.controls), \"applicable\": \(c.applicable), \"excluded\": \(c.excluded), \"undecided\": \(c.undecided), \"missing\": \(c.missing), "
        out += "\"implemented\": \(c.implemented), \"partial\": \(c.partial), \"planned\": \(c.planned), \"not_implemented\": \(c.notImplemented)},\n"
        out += "  \"controls\": [\n"
        let items = soa.rows.map { r -> String in
            let v = values(r)
            var fields: [String] = []
            for (key, value) in zip(columns, v) {
                switch key {
                case "policies": fields.append("\"policies\": \(links(r.policies))")
                case "risks": fields.append("\"risks\": \(links(r.risks))")
                case "evidence": fields.append("\"evidence\": \(links(r.evidence))")
                default: fields.append("\(q(key)): \(q(value))")
                }
            }
            fields.append("\"missing\": \(r.isMissing)")
            fields.append("\"uncommitted\": \(r.uncommitted)")
            return "    {" + fields.joined(separator: ", ") + "}"
        }
        out += items.joined(separator: ",\n") + (items.isEmpty ? "" : "\n") + "  ]\n}\n"
        return out
    }

    // MARK: HTML

    /// Text for HTML content and attribute values: `& < > " '` become entities.
    public static func escapeHTML(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static let css = """
    body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:13px;margin:24px;color:#1b1b1b}
    h1{font-size:20px;margin:0 0 4px}
    p.meta{color:#555;margin:0 0 12px}
    table{border-collapse:collapse;width:100%}
    th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
    th{background:#f0f0f0;position:sticky;top:0}
    table.counts{width:auto;margin-bottom:16px}
    table.counts td{text-align:right}
    tr.missing td{background:#fdecea}
    tr.excluded td{color:#666}
    tr.undecided td{background:#fff8e1}
    td.id{white-space:nowrap;font-weight:600}
    td.small{font-size:12px}
    ul{margin:0;padding-left:16px}
    code{font-size:12px}
    td.just{min-width:24ch}
    td.just,td.impl{font-size:12px}
    p.version{margin:0 0 12px}
    table.signoff{width:auto;margin-top:20px}
    table.signoff td{min-width:18ch;height:28px}
    @page{size:A4 landscape;margin:10mm}
    @media print{th{position:static}body{margin:0;font-size:8.5px}td.small,td.just,td.impl{font-size:8px}code{font-size:7.5px}thead{display:table-header-group}tr{break-inside:avoid}td.just{min-width:30ch}table.signoff{break-inside:avoid}a{color:inherit}}
    """

    /// One self-contained page: inline CSS, no script, nothing fetched; every value escaped.
    public static func html(_ soa: StatementOfApplicability) -> String {
        let e = escapeHTML
        let title = "Statement of Applicability" + (soa.organisation.map { " — \($0)" } ?? "")
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(e(title))</title>\n<style>\n\(css)\n</style>\n</head>\n<body>\n"
        out += "<h1>\(e(title))</h1>\n"
        out += "<p class=\"meta\">ISO/IEC 27001:2022 clause 6.1.3 d). Version \(e(soa.version)). Generated on \(e(soa.today.description)) from \(e(soa.generatedFrom)).</p>\n"
        let counts = countsLine(soa.counts)
        out += "<table class=\"counts\">\n<tr>" + counts.map { "<th>\(e($0.0))</th>" }.joined() + "</tr>\n"
        out += "<tr>" + counts.map { "<td>\($0.1)</td>" }.joined() + "</tr>\n</table>\n"
        out += "<table class=\"soa\">\n<thead><tr><th>Control</th><th>Theme</th><th>Title</th><th>Applicable</th><th>Justification</th><th>Implementation</th><th>Owner</th><th>Policies</th><th>Risks</th><th>Evidence</th><th>Last change</th></tr></thead>\n<tbody>\n"
        func links(_ l: [StatementOfApplicability.Link]) -> String {
            l.isEmpty ? "–" : "<ul>" + l.map { link in "<li>" + (link.url.map { "<a href=\"\(e($0))\">\(e(link.label))</a>" } ?? e(link.label)) + "</li>" }.joined() + "</ul>"
        }
        for r in soa.rows {
            let cls = r.isMissing ? "missing" : r.applicable == "no" ? "excluded" : r.applicable == "yes" ? "applicable" : "undecided"
            out += "<tr class=\"\(cls)\" id=\"\(e("control-" + r.id))\">"
            out += "<td class=\"id\">\(e(r.id))</td><td>\(e(r.theme))</td><td>\(e(r.title))</td>"
            out += "<td>\(r.isMissing ? "–" : e(r.applicable))</td><td class=\"just\">\(e(r.justification ?? "–"))</td>"
            out += "<td class=\"impl\">\(r.isMissing ? "<strong>missing</strong>" : e(implementationText(r)))</td><td>\(e(ownerText(r)))</td>"
            out += "<td class=\"small\">\(links(r.policies))</td><td class=\"small\">\(links(r.risks))</td><td class=\"small\">\(links(r.evidence))</td>"
            var last = e(lastChangeText(r))
            if let c = r.lastChange {
                last = "<code>\(e(c.commit))</code> \(e(c.date))" + (c.version.map { " v\(e($0))" } ?? "") + (r.uncommitted ? " (changed since)" : "")
            }
            if let p = r.path { last += "<br><code>\(e(p))</code>" }
            out += "<td class=\"small\">\(last)</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        out += "<h2>Approval</h2>\n<p class=\"version\">SoA version: \(e(soa.version))</p>\n"
        out += "<table class=\"signoff\"><thead><tr><th>Role</th><th>Name</th><th>Signature</th><th>Date</th></tr></thead><tbody>\n"
        for role in signOffRoles { out += "<tr><td>\(e(role))</td><td></td><td></td><td></td></tr>\n" }
        out += "</tbody></table>\n</body>\n</html>\n"
        return out
    }
}
