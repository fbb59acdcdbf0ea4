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

/// SHA-256 (FIPS 180-4), for stable fingerprints without a crypto dependency.
enum SHA256 {
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static func hex(_ message: [UInt8]) -> String {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var data = message
        let bitLength = UInt64(message.count) &* 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for i in (0..<8).reversed() { data.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        var w = [UInt32](repeating: 0, count: 64)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for t in 0..<16 {
                let b = chunk + t * 4
                w[t] = UInt32(data[b]) << 24 | UInt32(data[b + 1]) << 16 | UInt32(data[b + 2]) << 8 | UInt32(data[b + 3])
            }
            for t in 16..<64 {
                let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for t in 0..<64 {
                let t1 = hh &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[t] &+ w[t]
                let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
            }
            h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d
            h[4] = h[4] &+ e; h[5] = h[5] &+ f; h[6] = h[6] &+ g; h[7] = h[7] &+ hh
        }
        return h.map { String(format: "%08x", $0) }.joined()
    }
}
