import Foundation
import ISMSModel

/// `isms soa --import FILE.csv`: applicability decisions from the spreadsheet a team keeps them in, written into the
/// control documents' front matter in one step. Reads the SoA's own CSV export back (edit it, import it), or any CSV
/// with an `id` (or `control`) column and some of `applicable`, `justification`, `implementation`. A blank cell, or
/// `undecided`, leaves the value as it is. Every problem is named with its CSV line and nothing is written; otherwise
/// every changed file is written at once. Approved controls still need a new version and an approval to commit.
public enum SoAImport {
    public struct Options {
        public var path = "."
        public var file: String
        public init(file: String) { self.file = file }
    }

    public typealias Output = CommandOutput

    public static func run(_ o: Options) throws -> Output {
        let workspace = try Workspace.locate(o.path)
        guard workspace.hasConfigurationFile else { throw ToolFailure("no isms.yml: `isms soa --import` writes into an ISMS; start one with `isms init`") }
        let isms = try ISMSLoader.load(from: workspace.source, configuration: workspace.configuration, rootPath: workspace.rootPath)
        let data = try readFile(o.file)
        guard case .success(let text) = TextDecoding.decode(data) else { throw ToolFailure("\(o.file): not UTF-8 text (save the spreadsheet as CSV UTF-8)") }
        let rows = parseCSV(text)
        guard let header = rows.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else { throw ToolFailure("\(o.file) is empty") }
        guard let idColumn = header.firstIndex(where: { $0 == "id" || $0 == "control" }) else {
            throw ToolFailure("\(o.file): no id (or control) column in the header line")
        }
        let columns = ["applicable", "justification", "implementation"].compactMap { name in header.firstIndex(of: name).map { (name, $0) } }
        guard !columns.isEmpty else { throw ToolFailure("\(o.file): none of the columns applicable, justification, implementation") }

        var problems: [String] = []
        var changes: [(doc: Document, values: [(String, String)])] = []
        var seen: [String: Int] = [:]
        for row in rows.dropFirst() where !row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            func cell(_ i: Int) -> String {
                guard i < row.fields.count else { return "" }
                var v = row.fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
                // The export's guard against formula injection ('=…) comes back off.
                if v.hasPrefix("'"), let next = v.dropFirst().first, "=+-@".contains(next) { v.removeFirst() }
                return v
            }
            let id = cell(idColumn)
            let at = "\(o.file):\(row.line)"
            if let earlier = seen[id] { problems.append("\(at): control \(id) again (first on line \(earlier))"); continue }
            seen[id] = row.line
            guard let doc = isms.documents(id: id).first(where: { $0.type == .control }) else {
                problems.append("\(at): no control document with id '\(id)'" + (isms.catalog.contains(id) || AnnexACatalog.isCustomControlID(id) ? " (create it first: isms new control --id \(id))" : ""))
                continue
            }
            var values: [(String, String)] = []
            for (name, index) in columns {
                let v = cell(index)
                switch name {
                case "applicable":
                    switch v.lowercased() {
                    case "", "undecided", "missing": break
                    case "yes", "y", "true", "x", "applicable": if doc.bool("applicable") != true { values.append(("applicable", "true")) }
                    case "no", "n", "false", "excluded": if doc.bool("applicable") != false { values.append(("applicable", "false")) }
                    default: problems.append("\(at): applicable '\(v)' for \(id): use yes or no (blank leaves it)")
                    }
                case "justification":
                    if !v.isEmpty, v != doc.string("justification") { values.append(("justification", JSONReporterQuote.quote(v))) }
                case "implementation":
                    let value = v.lowercased().replacingOccurrences(of: "not implemented", with: "not-implemented")
                    if value.isEmpty || value == "missing" || value == "n/a" { break }
                    guard Enumerations.implementation.contains(value) else {
                        problems.append("\(at): implementation '\(v)' for \(id): use one of \(Enumerations.implementation.joined(separator: ", "))")
                        continue
                    }
                    if value != doc.string("implementation") { values.append(("implementation", value)) }
                default: break
                }
            }
            if !values.isEmpty { changes.append((doc, values)) }
        }
        if !problems.isEmpty {
            throw ToolFailure("\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(o.file); nothing was written:\n  " + problems.joined(separator: "\n  "))
        }
        var files: [(url: URL, text: String)] = []
        var approved: [String] = []
        for change in changes {
            guard let text = change.doc.text, let edited = FrontMatterEdit.set(change.values, in: text) else {
                throw ToolFailure("\(change.doc.path): its front matter cannot be edited safely (no closing ---?); nothing was written")
            }
            files.append((workspace.source.url(forDisplayPath: change.doc.path), edited))
            if change.doc.status == "approved" { approved.append(change.doc.id ?? change.doc.path) }
        }
        guard !files.isEmpty else { return Output(text: "nothing to change: the control documents already say what \(o.file) says\n", notices: [], exitCode: 0) }
        try workspace.writeInside(files, force: true)
        var notices: [String] = []
        if !approved.isEmpty {
            notices.append("\(approved.count) of them \(approved.count == 1 ? "is" : "are") approved (\(approved.prefix(8).joined(separator: ", "))\(approved.count > 8 ? ", …" : "")): raise their version and get the change approved before committing")
        }
        let out = "updated \(files.count) control document\(files.count == 1 ? "" : "s") from \(o.file):\n" + changes.map { "  \($0.doc.path): \($0.values.map(\.0).joined(separator: ", "))\n" }.joined()
        return Output(text: out, notices: notices, exitCode: 0)
    }

    /// RFC 4180: fields separated by commas, quoted with double quotes (doubled inside), CRLF or LF line ends; each
    /// record with the line it starts on.
    static func parseCSV(_ text: String) -> [(line: Int, fields: [String])] {
        var records: [(Int, [String])] = []
        var fields: [String] = [], field = "", quoted = false, line = 1, start = 1
        var chars = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        chars.append("\n")
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                fields.append(field); field = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                fields.append(field); field = ""
                if !(fields.count == 1 && fields[0].isEmpty && i == chars.count - 1) { records.append((start, fields)) }
                fields = []
                line += 1
                start = line
            } else {
                field.append(c)
            }
            i += 1
        }
        return records
    }
}

/// A JSON string literal is a YAML double-quoted scalar: the safe way to write any text as a YAML value.
enum JSONReporterQuote {
    static func quote(_ s: String) -> String { Templates.yamlQuoted(s) }
}

/// Setting top-level keys in a document's YAML front matter as text, keeping every other line as it was.
enum FrontMatterEdit {
    /// `text` with each key set to its (already YAML-formatted) value: the key's line and its indented continuation
    /// lines are replaced, or a new line is added before the closing `---`. nil when there is no front matter.
    static func set(_ values: [(String, String)], in text: String) -> String? {
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        var lines = text.components(separatedBy: newline)
        let bom = lines.first?.hasPrefix("\u{FEFF}") == true
        guard let first = lines.first, (bom ? String(first.dropFirst()) : first).trimmingCharacters(in: .whitespaces) == "---" else { return nil }
        guard var close = lines.indices.dropFirst().first(where: { ["---", "..."].contains(lines[$0].trimmingCharacters(in: .whitespaces)) }) else { return nil }
        for (key, value) in values {
            if let i = (1..<close).first(where: { lines[$0].hasPrefix(key + ":") }) {
                var end = i + 1
                let emptyOnKeyLine = lines[i].dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces).isEmpty
                while end < close, lines[end].hasPrefix(" ") || lines[end].hasPrefix("\t") || (emptyOnKeyLine && lines[end].hasPrefix("- ")) { end += 1 }
                lines.replaceSubrange(i..<end, with: ["\(key): \(value)"])
                close -= (end - i) - 1
            } else {
                lines.insert("\(key): \(value)", at: close)
                close += 1
            }
        }
        return lines.joined(separator: newline)
    }
}
