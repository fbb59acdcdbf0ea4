import Foundation
import ISMSModel

/// Everything the auditor's HTML pack shows, computed by the tool (`isms report`) and rendered by `AuditPackPages`.
/// Plain values only: every string is repository text, escaped when rendered. Paths (`target`) are pack-relative,
/// `/`-separated and not yet percent-encoded; the renderer makes them relative to the page that links to them.
public struct AuditPack: Sendable {
    /// A link to a page of the pack (`target` nil: plain text).
    public struct Link: Sendable {
        public var text: String
        public var target: String?
        public var fragment: String?
        public init(_ text: String, target: String? = nil, fragment: String? = nil) {
            self.text = text; self.target = target; self.fragment = fragment
        }
    }

    public struct Meta: Sendable {
        public var organisation: String
        public var generated: String
        /// The commit the pack was built from (full id), nil outside git or before the first commit.
        public var commit: String?
        /// The ISMS in the working tree differs from the commit.
        public var dirty: Bool
        public var toolVersion: String
        /// The ISMS folder, as a repository path ("" for the repository root).
        public var source: String
        public var documentCount: Int
        /// Things the reader must know (history truncated, not in git…).
        public var notices: [String]
        /// The isms.yml the pack was built with, as a repository path (nil: the built-in defaults), so `report --verify
        /// --rebuild` reads the same one from the commit.
        public var configuration: String?
        public init(organisation: String, generated: String, commit: String?, dirty: Bool, toolVersion: String, source: String, documentCount: Int, notices: [String]) {
            self.organisation = organisation; self.generated = generated; self.commit = commit; self.dirty = dirty
            self.toolVersion = toolVersion; self.source = source; self.documentCount = documentCount; self.notices = notices
        }
    }

    // MARK: Dashboard

    /// One item of mandatory documented information (Stage 1).
    public struct MandatoryItem: Sendable {
        public enum State: String, Sendable { case ready, attention, missing }
        public var clause: String
        public var subject: String
        public var documents: [Link]
        /// Documents beyond those listed.
        public var more: Int
        public var state: State
        public var note: String
        public init(clause: String, subject: String, documents: [Link], more: Int, state: State, note: String) {
            self.clause = clause; self.subject = subject; self.documents = documents; self.more = more; self.state = state; self.note = note
        }
    }

    /// Applicable controls (Stage 2).
    public struct ControlReadiness: Sendable {
        public var applicable = 0
        public var excluded = 0
        public var undecided = 0
        /// Annex A controls with no control document.
        public var missing = 0
        public var implemented = 0
        public var partial = 0
        public var planned = 0
        public var notImplemented = 0
        public var owned = 0
        public var withCurrentEvidence = 0
        /// Applicable controls short of implemented, owned and evidenced, with what is short.
        public var gaps: [(control: Link, title: String, problems: [String])] = []
        public init() {}
    }

    public struct OverdueReview: Sendable {
        public var document: Link
        public var owner: String
        public var due: String
        public var daysLate: Int
        public init(document: Link, owner: String, due: String, daysLate: Int) {
            self.document = document; self.owner = owner; self.due = due; self.daysLate = daysLate
        }
    }

    public struct LintItem: Sendable {
        public var severity: String
        public var rule: String
        public var location: Link
        public var message: String
        public init(severity: String, rule: String, location: Link, message: String) {
            self.severity = severity; self.rule = rule; self.location = location; self.message = message
        }
    }

    public struct Dashboard: Sendable {
        public var mandatory: [MandatoryItem] = []
        public var controls = ControlReadiness()
        /// Open (or in-progress) audit findings per severity, with how many are past their due date.
        public var openFindings: [(severity: String, open: Int, overdue: Int)] = []
        public var overdueReviews: [OverdueReview] = []
        public var lintErrors = 0
        public var lintWarnings = 0
        public var lintInfos = 0
        public var topLint: [LintItem] = []
        public init() {}
    }

    // MARK: Statement of Applicability

    public struct EvidenceRef: Sendable {
        public enum State: String, Sendable { case current, expired, superseded, missing }
        public var link: Link
        public var state: State
        public var note: String
        public init(link: Link, state: State, note: String) { self.link = link; self.state = state; self.note = note }
    }

    public struct SoARow: Sendable {
        public var id: String
        public var title: String
        public var theme: String
        /// The control document (nil: none).
        public var document: Link?
        /// true applicable, false excluded, nil undecided (or no document).
        public var applicable: Bool?
        public var justification: String
        public var implementation: String
        public var owner: String
        public var policies: [Link]
        public var risks: [Link]
        public var evidence: [EvidenceRef]
        public init(id: String, title: String, theme: String, document: Link?, applicable: Bool?, justification: String, implementation: String,
                    owner: String, policies: [Link], risks: [Link], evidence: [EvidenceRef]) {
            self.id = id; self.title = title; self.theme = theme; self.document = document; self.applicable = applicable
            self.justification = justification; self.implementation = implementation; self.owner = owner
            self.policies = policies; self.risks = risks; self.evidence = evidence
        }
        /// The row's anchor in soa.html.
        public static func anchor(_ id: String) -> String { "c-" + id }
    }

    // MARK: Internal audit programme

    public struct Programme: Sendable {
        public enum State: String, Sendable { case audited, planned, notCovered = "not covered" }
        public struct Cell: Sendable {
            public var state: State
            public var audits: [String]
            public init(state: State, audits: [String]) { self.state = state; self.audits = audits }
        }
        public struct Row: Sendable {
            public var kind: String
            public var id: String
            public var title: String
            /// "Clauses", "5 Organizational" …: the column group in the picture.
            public var group: String
            public var link: Link?
            public var cells: [Cell]
            public init(kind: String, id: String, title: String, group: String, link: Link?, cells: [Cell]) {
                self.kind = kind; self.id = id; self.title = title; self.group = group; self.link = link; self.cells = cells
            }
            /// Over the whole cycle: audited once is audited; else planned; else not covered.
            public var overall: State {
                if cells.contains(where: { $0.state == .audited }) { return .audited }
                if cells.contains(where: { $0.state == .planned }) { return .planned }
                return .notCovered
            }
        }
        public struct Audit: Sendable {
            public var link: Link
            public var status: String
            public var start: String
            public var year: Int?
            public init(link: Link, status: String, start: String, year: Int?) {
                self.link = link; self.status = status; self.start = start; self.year = year
            }
        }
        public var cycleStart: String
        public var cycleEnd: String
        public var fromCertification: Bool
        /// "Year 1 (2025-06-20 – 2026-06-19)".
        public var years: [String]
        public var audits: [Audit]
        public var rows: [Row]
        public init(cycleStart: String, cycleEnd: String, fromCertification: Bool, years: [String], audits: [Audit], rows: [Row]) {
            self.cycleStart = cycleStart; self.cycleEnd = cycleEnd; self.fromCertification = fromCertification
            self.years = years; self.audits = audits; self.rows = rows
        }
    }

    // MARK: Risks

    public struct RiskRow: Sendable {
        public var link: Link
        public var title: String
        public var owner: String
        public var status: String
        public var treatment: String
        public var likelihood: Int?
        public var impact: Int?
        public var residualLikelihood: Int?
        public var residualImpact: Int?
        public var acceptedBy: String
        public var controls: [Link]
        public init(link: Link, title: String, owner: String, status: String, treatment: String, likelihood: Int?, impact: Int?,
                    residualLikelihood: Int?, residualImpact: Int?, acceptedBy: String, controls: [Link]) {
            self.link = link; self.title = title; self.owner = owner; self.status = status; self.treatment = treatment
            self.likelihood = likelihood; self.impact = impact; self.residualLikelihood = residualLikelihood
            self.residualImpact = residualImpact; self.acceptedBy = acceptedBy; self.controls = controls
        }
        public var score: Int? { likelihood.flatMap { l in impact.map { l * $0 } } }
        public var residualScore: Int? { residualLikelihood.flatMap { l in residualImpact.map { l * $0 } } }
    }

    public struct Risks: Sendable {
        public var likelihood: ClosedRange<Int>
        public var impact: ClosedRange<Int>
        public var threshold: Int?
        /// Where the scales come from ("the risk methodology RM", "the risks' own scores").
        public var scaleSource: String
        public var rows: [RiskRow]
        public init(likelihood: ClosedRange<Int>, impact: ClosedRange<Int>, threshold: Int?, scaleSource: String, rows: [RiskRow]) {
            self.likelihood = likelihood; self.impact = impact; self.threshold = threshold; self.scaleSource = scaleSource; self.rows = rows
        }
    }

    // MARK: Findings

    public struct FindingRow: Sendable {
        public var link: Link
        public var title: String
        public var severity: String
        public var status: String
        public var audit: Link?
        public var subject: Link?
        public var raised: String
        public var due: String
        public var closed: String
        public var overdue: Bool
        public init(link: Link, title: String, severity: String, status: String, audit: Link?, subject: Link?, raised: String, due: String, closed: String, overdue: Bool) {
            self.link = link; self.title = title; self.severity = severity; self.status = status; self.audit = audit
            self.subject = subject; self.raised = raised; self.due = due; self.closed = closed; self.overdue = overdue
        }
        public var isOpen: Bool { status == "open" || status == "in-progress" }
    }

    // MARK: Documents

    /// A front matter value as shown: text (perhaps a link), a list, or a mapping.
    public indirect enum Value: Sendable {
        case text(Link)
        case list([Value])
        case map([(key: String, value: Value)])
    }

    public struct DocumentEntry: Sendable {
        public var link: Link
        public var path: String
        public var id: String
        public var type: String
        public var status: String
        public var version: String
        public var owner: String
        public init(link: Link, path: String, id: String, type: String, status: String, version: String, owner: String) {
            self.link = link; self.path = path; self.id = id; self.type = type; self.status = status; self.version = version; self.owner = owner
        }
    }

    /// One document's page.
    public struct DocumentPage: Sendable {
        /// Its page in the pack ("docs/policies/access-control.html").
        public var page: String
        public var path: String
        public var id: String?
        public var title: String?
        public var type: String?
        public var frontMatter: [(key: String, value: Value)]
        /// The Markdown body as sanitised HTML (`AuditPackMarkdown.render`).
        public var bodyHTML: String
        /// Revision rows from git, nil when not shown (with `historyNote` saying why).
        public var revisions: [RevisionRow]?
        public var historyNote: String
        public var lint: [LintItem]
        public var problems: [String]
        public init(page: String, path: String, id: String?, title: String?, type: String?, frontMatter: [(key: String, value: Value)], bodyHTML: String,
                    revisions: [RevisionRow]?, historyNote: String, lint: [LintItem], problems: [String]) {
            self.page = page; self.path = path; self.id = id; self.title = title; self.type = type; self.frontMatter = frontMatter
            self.bodyHTML = bodyHTML; self.revisions = revisions; self.historyNote = historyNote; self.lint = lint; self.problems = problems
        }
    }

    /// A controlled document deleted in the history (as `isms history --all` lists it): its last version and the deletion.
    public struct DeletedEntry: Sendable {
        /// Its title, linking to its page (`deleted/…`).
        public var link: Link
        public var path: String
        public var id: String
        public var type: String
        /// The version it had when it was deleted.
        public var version: String
        /// The deletion: day, short commit id and subject.
        public var deletedOn: String
        public var commit: String
        public var subject: String
        public init(link: Link, path: String, id: String, type: String, version: String, deletedOn: String, commit: String, subject: String) {
            self.link = link; self.path = path; self.id = id; self.type = type; self.version = version
            self.deletedOn = deletedOn; self.commit = commit; self.subject = subject
        }
    }

    public var meta: Meta
    public var dashboard: Dashboard
    public var soa: [SoARow]
    public var programme: Programme?
    public var risks: Risks
    public var findings: [FindingRow]
    public var documents: [DocumentEntry]
    /// Controlled documents deleted in the history: the audit trail keeps them.
    public var deleted: [DeletedEntry]

    public init(meta: Meta, dashboard: Dashboard, soa: [SoARow], programme: Programme?, risks: Risks, findings: [FindingRow], documents: [DocumentEntry],
                deleted: [DeletedEntry] = []) {
        self.meta = meta; self.dashboard = dashboard; self.soa = soa; self.programme = programme; self.risks = risks
        self.findings = findings; self.documents = documents; self.deleted = deleted
    }
}

/// Paths inside the pack: pack-relative, `/`-separated; hrefs are made relative to the linking page and percent-encoded.
public enum AuditPackPaths {
    /// A relative, percent-encoded URL from the page `from` to the pack path `to` (both pack-relative), with a fragment.
    public static func href(from: String, to: String, fragment: String? = nil) -> String {
        let fromDirs = from.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
        let toParts = to.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var common = 0
        while common < fromDirs.count, common < toParts.count - 1, fromDirs[common] == toParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromDirs.count - common)
        let rest = toParts[common...].map(encode)
        var out = (ups + rest).joined(separator: "/")
        if let fragment, !fragment.isEmpty { out += "#" + encode(fragment) }
        return out
    }

    /// Percent-encodes everything outside RFC 3986's unreserved characters and a few safe sub-delimiters — `:` too,
    /// so no path segment can read as a scheme.
    public static func encode(_ segment: String) -> String {
        var out = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"), UInt8(ascii: "$"),
                 UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "@"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// The pack page for a document path relative to the ISMS root: `docs/` + the path with `.md` → `.html` (`x.markdown` → `x.markdown.html`).
    public static func page(forDocument relative: String) -> String {
        var p = relative
        if p.hasSuffix(".md") { p.removeLast(3) }
        return "docs/" + p + ".html"
    }

    /// A deleted document's page, apart from `docs/` so it never takes the page of a document that exists now.
    public static func page(forDeletedDocument relative: String) -> String {
        "deleted/" + page(forDocument: relative).dropFirst("docs/".count)
    }
}

/// manifest.json: every file of the pack with its SHA-256, and where the pack came from. Pure.
public enum AuditPackManifest {
    public static let fileName = "manifest.json"
    public static let format = "isms-audit-pack/1"

    public struct Entry: Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var bytes: Int
        public init(path: String, sha256: String, bytes: Int) { self.path = path; self.sha256 = sha256; self.bytes = bytes }
    }

    /// A JSON string in which `<`, `>`, `&`, `=` and the colon of `…script:` are \u escapes: still the same JSON value, but
    /// never markup or a script URL to anything that reads the file as text.
    static func quote(_ s: String) -> String {
        var out = ""
        for u in JSONReporter.quote(s).unicodeScalars {
            switch u {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "=": out += "\\u003d"
            case ":" where out.lowercased().hasSuffix("script"): out += "\\u003a"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    public static func render(_ meta: AuditPack.Meta, files: [Entry]) -> String {
        let q = quote
        var out = "{\n"
        out += "  \"format\": \(q(format)),\n"
        out += "  \"tool\": \"isms\",\n"
        out += "  \"tool_version\": \(q(meta.toolVersion)),\n"
        out += "  \"generated\": \(q(meta.generated)),\n"
        out += "  \"commit\": \(meta.commit.map(q) ?? "null"),\n"
        out += "  \"dirty\": \(meta.dirty),\n"
        out += "  \"organisation\": \(q(meta.organisation)),\n"
        out += "  \"source\": \(q(meta.source)),\n"
        out += "  \"configuration\": \(meta.configuration.map(q) ?? "null"),\n"
        out += "  \"documents\": \(meta.documentCount),\n"
        out += "  \"files\": ["
        let sorted = files.sorted { $0.path < $1.path }
        out += sorted.isEmpty ? "" : "\n" + sorted.map { "    {\"path\": \(q($0.path)), \"sha256\": \(q($0.sha256)), \"bytes\": \($0.bytes)}" }.joined(separator: ",\n") + "\n  "
        out += "]\n}\n"
        return out
    }

    /// SHA-256 of bytes, lowercase hex.
    public static func sha256(_ data: Data) -> String { SHA256.hex([UInt8](data)) }
}
