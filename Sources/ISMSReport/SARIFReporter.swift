import Foundation
import ISMSModel
import ISMSRules

/// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: one run, every rule as a reporting descriptor, one
/// result per finding. Pure and deterministic: rules sorted by id, results in `Finding.ordered` order, 2-space indent.
///
/// Paths stay relative to the repository root (`uriBaseId` `%SRCROOT%`), which is how GitHub resolves them; an absolute
/// `originalUriBaseIds` entry is written only when the caller passes `sourceRoot` (it would make the file machine-bound).
/// `partialFingerprints["isms/v1"]` is a SHA-256 of rule, path and message (plus the occurrence number of that triple,
/// so it is unique within a run and survives lines moving); GitHub computes its own `primaryLocationLineHash` on upload.
public enum SARIFReporter {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    public static let fingerprintKey = "isms/v1"

    public static func render(_ findings: [Finding], rules: [RuleDescription], toolVersion: String,
                              informationURI: String = "https://github.com/isms-tool/isms", sourceRoot: String? = nil,
                              rulesDocumentURI: String? = nil) -> String {
        // Each rule's reference: its section of docs/rules.md (`make rules-doc`, from `isms explain --all`).
        let helpBase = rulesDocumentURI ?? informationURI + "/blob/main/docs/rules.md"
        // Rules: unique by id (the first wins), sorted by id.
        var seen = Set<String>()
        let descriptors = rules.filter { seen.insert($0.id).inserted }.sorted { $0.id < $1.id }
        var index: [String: Int] = [:]
        for (i, r) in descriptors.enumerated() { index[r.id] = i }

        var occurrences: [String: Int] = [:]
        let results: [JSON] = ReportOrdering.byLocation(findings).map { f in
            let severity = f.severity ?? .error
            let hash = fingerprint(rule: f.rule, path: f.path, message: f.message)
            occurrences[hash, default: 0] += 1
            var result: [(String, JSON)] = [("ruleId", .string(f.rule))]
            if let i = index[f.rule] { result.append(("ruleIndex", .int(i))) }
            result += [
                ("level", .string(level(severity))),
                ("message", .object([("text", .string(f.message))])),
                ("locations", .array([.object([("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(uriReference(f.path))), ("uriBaseId", .string("%SRCROOT%"))])),
                    ("region", .object([("startLine", .int(max(1, f.line))), ("startColumn", .int(max(1, f.column)))])),
                ]))])])),
                ("partialFingerprints", .object([(fingerprintKey, .string("\(hash):\(occurrences[hash]!)"))])),
            ]
            if let commit = f.commit { result.append(("properties", .object([("commit", .string(commit))]))) }
            return .object(result)
        }

        let driver: JSON = .object([
            ("name", .string("isms")),
            ("version", .string(toolVersion)),
            ("informationUri", .string(informationURI)),
            ("rules", .array(descriptors.map { descriptor($0, helpURI: "\(helpBase)#\($0.id)") })),
        ])
        var run: [(String, JSON)] = [("tool", .object([("driver", driver)]))]
        if let sourceRoot {
            let root = sourceRoot.hasSuffix("/") ? sourceRoot : sourceRoot + "/"
            run.append(("originalUriBaseIds", .object([("%SRCROOT%", .object([
                ("uri", .string(root)),
                ("description", .object([("text", .string("The root of the repository the ISMS is kept in."))])),
            ]))])))
        }
        run += [("columnKind", .string("unicodeCodePoints")), ("results", .array(results))]
        let log: JSON = .object([
            ("$schema", .string(schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ])
        return log.rendered() + "\n"
    }

    /// SARIF levels: info is `note`.
    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// `owner-is-team` → `OwnerIsTeam`.
    public static func pascalCase(_ id: String) -> String {
        id.split { !($0.isLetter || $0.isNumber) }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// SHA-256 (hex) of rule, path and message, separated by NUL so no two triples collide by concatenation.
    public static func fingerprint(rule: String, path: String, message: String) -> String {
        sha256("\(rule)\u{0}\(path)\u{0}\(message)")
    }

    /// SHA-256 of the text's UTF-8 bytes, in lowercase hex.
    public static func sha256(_ text: String) -> String { SHA256.hex(Array(text.utf8)) }

    /// A repository-relative path as a relative URI reference (RFC 3986): `/` kept, everything outside the unreserved
    /// and sub-delimiter characters percent-encoded as UTF-8 — spaces, `%`, `#`, `?`, `:` (a colon could read as a scheme).
    public static func uriReference(_ path: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=@".utf8)
        var out = ""
        for byte in path.utf8 {
            if allowed.contains(byte) { out.unicodeScalars.append(Unicode.Scalar(byte)) } else { out += String(format: "%%%02X", byte) }
        }
        return out
    }

    static func descriptor(_ r: RuleDescription, helpURI: String) -> JSON {
        let suppressText = "Suppress one finding, with its reason, on the line before it: <!-- isms-disable-next-line \(r.id): reason --> "
            + "in the Markdown body, or # isms-disable-next-line \(r.id): reason in the front matter; isms-disable-file \(r.id): reason "
            + "covers the whole file. A suppression without a reason, or one that suppresses nothing, is itself reported. "
            + "To change the rule's severity everywhere, set it under rules: in isms.yml (off, info, warning or error)."
        let suppressMarkdown = "**Suppress one finding**, with its reason, on the line before it: `<!-- isms-disable-next-line \(r.id): reason -->` "
            + "in the Markdown body, or `# isms-disable-next-line \(r.id): reason` in the front matter; `isms-disable-file \(r.id): reason` "
            + "covers the whole file. A suppression without a reason, or one that suppresses nothing, is itself reported.\n\n"
            + "To change the rule's severity everywhere, set it in `isms.yml`:\n\n```yaml\nrules:\n  \(r.id): \(r.severity == .warning ? "error" : "warning")   # off | info | warning | error\n```"
        let examples = "Run isms explain \(r.id) for examples that do and do not trigger it."
        return .object([
            ("id", .string(r.id)),
            ("name", .string(pascalCase(r.id))),
            ("shortDescription", .object([("text", .string(r.name))])),
            ("fullDescription", .object([("text", .string(r.rationale))])),
            ("helpUri", .string(helpURI)),
            ("help", .object([
                ("text", .string("\(r.rationale)\n\n\(examples)\n\n\(suppressText)")),
                ("markdown", .string("\(r.rationale)\n\nRun `isms explain \(r.id)` for examples that do and do not trigger it.\n\n\(suppressMarkdown)")),
            ])),
            ("defaultConfiguration", .object([("level", .string(level(r.severity)))])),
            ("properties", .object([("tags", .array([.string(r.family.rawValue)]))])),
        ])
    }
}

/// The order reporters print in: `Finding.ordered`, then severity and commit, then input order, so equal keys never
/// depend on the sort algorithm.
enum ReportOrdering {
    static func byLocation(_ findings: [Finding]) -> [Finding] {
        findings.enumerated().sorted { a, b in
            if Finding.ordered(a.element, b.element) { return true }
            if Finding.ordered(b.element, a.element) { return false }
            let ka = ((a.element.severity ?? .error).rawValue, a.element.commit ?? ""), kb = ((b.element.severity ?? .error).rawValue, b.element.commit ?? "")
            if ka != kb { return ka < kb }
            return a.offset < b.offset
        }.map(\.element)
    }

    /// Errors first, then warnings, then info; by location within each.
    static func bySeverity(_ findings: [Finding]) -> [Finding] {
        let sorted = byLocation(findings)
        return [Severity.error, .warning, .info].flatMap { s in sorted.filter { ($0.severity ?? .error) == s } }
    }
}

/// A JSON value with ordered object keys, printed with a 2-space indent.
indirect enum JSON {
    case string(String), int(Int), bool(Bool)
    case array([JSON])
    case object([(String, JSON)])

    func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent), inner = String(repeating: " ", count: indent + 2)
        switch self {
        case .string(let s): return JSONReporter.quote(s)
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.rendered(indent: indent + 2) }.joined(separator: ",\n") + "\n\(pad)]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            return "{\n" + fields.map { inner + JSONReporter.quote($0.0) + ": " + $0.1.rendered(indent: indent + 2) }.joined(separator: ",\n") + "\n\(pad)}"
        }
    }
}
