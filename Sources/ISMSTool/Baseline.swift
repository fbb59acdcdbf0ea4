import Foundation
import GitKit
import ISMSModel
import ISMSReport

/// Accepted findings, recorded so a team can adopt isms on an ISMS that already has some (a past `--no-verify`
/// commit, a document still to rewrite) without switching rules off: `isms baseline --write` records today's findings;
/// lint and check then leave out those, and only those. The file is committed next to isms.yml, so accepting a finding
/// is itself a reviewed change.
///
/// A finding is known by its fingerprint: rule, path (relative to the ISMS root), the commit it is about, the text of
/// the line it points at, and its message with numbers blanked (a day count grows daily). Not the line number, so
/// lines moving above it do not revive it; any edit of the line itself, another commit or another rule is a new
/// finding. Each entry hides one finding: two identical findings need two entries.
public struct Baseline: Sendable {
    public static let fileName = "isms-baseline.json"

    public struct Entry: Sendable, Equatable {
        public var rule: String
        public var path: String
        public var fingerprint: String
        /// For the reader of the file and of a stale-entry finding; not part of the match.
        public var message: String
        /// The line of the baseline file the entry is on (stale entries are reported there).
        public var line: Int = 0
    }

    public var entries: [Entry]
    /// The baseline file's display path.
    public var path: String

    // MARK: Fingerprints

    /// The fingerprint of a finding; `lineText` is the text of the line it points at (empty when unknown).
    static func fingerprint(_ f: Finding, relativePath: String, lineText: String) -> String {
        let line = lineText.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        let message = f.message.replacingOccurrences(of: #"[0-9]+"#, with: "#", options: .regularExpression)
        return SARIFReporter.sha256([f.rule, relativePath, f.commit ?? "", line, message].joined(separator: "\u{0}"))
    }

    /// Reads the lines findings point at, once per file.
    struct LineReader {
        let source: DocumentSource
        var cache: [String: [Substring]] = [:]
        mutating func text(_ path: String, line: Int) -> String {
            if cache[path] == nil {
                var lines: [Substring] = []
                if let file = try? source.file(at: path), case .bytes(let data) = file.content {
                    lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                }
                cache[path] = lines
            }
            guard let lines = cache[path], line >= 1, line <= lines.count else { return "" }
            return lines[line - 1].trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    static func relative(_ path: String, root: String) -> String {
        root.isEmpty ? path : path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    public static func entries(for findings: [Finding], source: DocumentSource, root: String) -> [Entry] {
        var reader = LineReader(source: source)
        return Finding.inOrder(findings).map { f in
            let rel = relative(f.path, root: root)
            return Entry(rule: f.rule, path: rel, fingerprint: fingerprint(f, relativePath: rel, lineText: reader.text(f.path, line: f.line)), message: f.message)
        }
    }

    // MARK: Applying

    public struct Outcome {
        /// The findings the baseline does not hold.
        public var findings: [Finding]
        public var suppressed: Int
        /// Entries that matched no finding: the finding was fixed (or changed), so the entry should go.
        public var stale: [Entry]
    }

    public func apply(_ findings: [Finding], source: DocumentSource, root: String) -> Outcome {
        var remaining: [String: [Int]] = [:]
        for (i, e) in entries.enumerated() { remaining[e.fingerprint, default: []].append(i) }
        var reader = LineReader(source: source)
        var kept: [Finding] = []
        var suppressed = 0
        for f in findings {
            let rel = Self.relative(f.path, root: root)
            let fp = Self.fingerprint(f, relativePath: rel, lineText: reader.text(f.path, line: f.line))
            if var slots = remaining[fp], !slots.isEmpty {
                slots.removeFirst()
                remaining[fp] = slots
                suppressed += 1
            } else {
                kept.append(f)
            }
        }
        let staleIndexes = remaining.values.flatMap { $0 }.sorted()
        return Outcome(findings: kept, suppressed: suppressed, stale: staleIndexes.map { entries[$0] })
    }

    /// A finding for each stale entry, at its line of the baseline file.
    public func staleFindings(_ stale: [Entry]) -> [Finding] {
        stale.map { e in
            Finding(rule: "baseline-stale", severity: .warning, path: path, position: SourcePosition(line: max(1, e.line), column: 1),
                    message: "baseline entry for [\(e.rule)] in \(e.path) ('\(e.message.prefix(80))\(e.message.count > 80 ? "…" : "")') matches no finding any more: it was fixed or changed. Rewrite the baseline (`isms baseline --write --force`) so it cannot hide a new finding")
        }
    }

    // MARK: The file

    /// One entry per line, sorted, so diffs of the baseline are readable in review and stale entries have a line.
    public static func render(_ entries: [Entry]) -> String {
        var out = "{\n  \"version\": 1,\n  \"findings\": ["
        let sorted = entries.sorted { ($0.path, $0.rule, $0.fingerprint) < ($1.path, $1.rule, $1.fingerprint) }
        for (i, e) in sorted.enumerated() {
            out += "\n    {\"rule\": \(JSONReporter.quote(e.rule)), \"path\": \(JSONReporter.quote(e.path)), \"fingerprint\": \(JSONReporter.quote(e.fingerprint)), \"message\": \(JSONReporter.quote(e.message))}"
            out += i + 1 < sorted.count ? "," : "\n  "
        }
        return out + "]\n}\n"
    }

    /// Reads `data` (the file at display path `path`); a malformed baseline stops the tool (exit 2), it never hides
    /// findings by accident.
    public static func parse(_ data: Data, path: String) throws -> Baseline {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ToolFailure("\(path): not a baseline (JSON with version and findings); rewrite it with `isms baseline --write --force`")
        }
        guard object["version"] as? Int == 1, let list = object["findings"] as? [[String: Any]] else {
            throw ToolFailure("\(path): unsupported baseline (expected version: 1 and a findings list)")
        }
        // The line of each entry, for stale-entry findings: entries are one per line, in file order.
        let text = String(decoding: data, as: UTF8.self)
        let fingerprintLines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.contains("\"fingerprint\"") }.map { $0.offset + 1 }
        var entries: [Entry] = []
        for (i, item) in list.enumerated() {
            guard let rule = item["rule"] as? String, let p = item["path"] as? String, let fp = item["fingerprint"] as? String else {
                throw ToolFailure("\(path): entry \(i + 1) lacks rule, path or fingerprint")
            }
            entries.append(Entry(rule: rule, path: p, fingerprint: fp, message: item["message"] as? String ?? "",
                                 line: i < fingerprintLines.count ? fingerprintLines[i] : 1))
        }
        return Baseline(entries: entries, path: path)
    }

    /// The baseline beside isms.yml as committed in `commit` (check reads it from HEAD or from a pull request's BASE,
    /// so a change cannot accept its own findings).
    public static func load(for workspace: Workspace, at commit: ObjectID?) throws -> Baseline? {
        guard let repo = workspace.repository, let commit else { return nil }
        let url = workspace.configDirectory.appendingPathComponent(fileName)
        let path = workspace.source.displayPath(url)
        guard !path.hasPrefix("/"), let entry = try gitCall({ try repo.commit(commit).tree().entry(at: path) }) else { return nil }
        return try parse(try gitCall { try repo.blobData(entry.oid).data }, path: path)
    }

    /// The baseline beside isms.yml, if there is one.
    public static func load(for workspace: Workspace) throws -> Baseline? {
        let url = workspace.configDirectory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try parse(try readFile(url.path), path: workspace.source.displayPath(url))
    }
}
