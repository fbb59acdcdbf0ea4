import Foundation
import ISMSModel

/// What changed in the ISMS between two revisions: the surveillance auditor's first question. Pure values.
public struct SurveillanceDelta: Sendable {
    public struct Item: Sendable {
        public var id: String
        public var title: String
        public var path: String
        public var detail: String
        public init(id: String, title: String, path: String, detail: String) { self.id = id; self.title = title; self.path = path; self.detail = detail }
    }

    public var from: String
    public var to: String
    public var added: [Item] = []
    public var changed: [Item] = []
    public var retired: [Item] = []
    public var removed: [Item] = []
    public var controls: [Item] = []
    public var risks: [Item] = []
    public var findingsOpened: [Item] = []
    public var findingsClosed: [Item] = []
    public var owners: [Item] = []

    public init(from: String, to: String) { self.from = from; self.to = to }

    var sections: [(String, [Item])] {
        [("Documents added", added), ("Documents changed", changed), ("Documents retired", retired), ("Documents removed", removed),
         ("Control applicability and implementation", controls), ("Risks added or re-rated", risks),
         ("Findings opened", findingsOpened), ("Findings closed", findingsClosed), ("Owner changes", owners)]
    }

    /// Compares two readings of the ISMS by document id (so renames are not additions).
    public static func compare(old: ISMS, new: ISMS, from: String, to: String) -> SurveillanceDelta {
        var d = SurveillanceDelta(from: from, to: to)
        func index(_ isms: ISMS) -> [String: Document] {
            var m: [String: Document] = [:]
            for doc in isms.documents { if let id = doc.id, m[id] == nil { m[id] = doc } }
            return m
        }
        let before = index(old), after = index(new)
        func item(_ doc: Document, _ detail: String) -> Item { Item(id: doc.id ?? doc.path, title: doc.title ?? "", path: doc.path, detail: detail) }
        func score(_ doc: Document) -> String {
            let l = doc.int("likelihood"), i = doc.int("impact")
            let r = doc.value("residual")?.mapping
            let rl = r?["likelihood"]?.value.scalar.flatMap { DocumentNumber.parse($0.text) }, ri = r?["impact"]?.value.scalar.flatMap { DocumentNumber.parse($0.text) }
            var s = "\(l.map(String.init) ?? "?")×\(i.map(String.init) ?? "?")"
            if let rl, let ri { s += " (residual \(rl)×\(ri))" }
            return s
        }
        for id in after.keys.sorted(by: AnnexACatalog.numericOrder) {
            let n = after[id]!
            guard let o = before[id] else {
                d.added.append(item(n, [n.typeName, n.string("version").map { "v\($0)" }, n.status].compactMap { $0 }.joined(separator: ", ")))
                if n.type == .risk { d.risks.append(item(n, "new risk, scored \(score(n)), treatment \(n.string("treatment") ?? "?")")) }
                if n.type == .finding, !["closed", "verified"].contains(n.status ?? "") { d.findingsOpened.append(item(n, "\(n.string("severity") ?? "?"), raised \(n.string("raised") ?? "?")")) }
                continue
            }
            let of = DocumentFacts(document: o), nf = DocumentFacts(document: n)
            if n.status == "retired" && o.status != "retired" {
                d.retired.append(item(n, "\(o.status ?? "?") → retired"))
            } else if of.substance != nf.substance || of.version != nf.version || of.status != nf.status || o.path != n.path {
                var parts: [String] = []
                if of.version != nf.version { parts.append("v\(of.version ?? "?") → \(nf.version ?? "?")") }
                if of.status != nf.status { parts.append("\(of.status ?? "?") → \(nf.status ?? "?")") }
                if o.path != n.path { parts.append("moved from \(o.path)") }
                if of.substance != nf.substance && of.version == nf.version { parts.append("content changed, version unchanged") }
                d.changed.append(item(n, parts.joined(separator: "; ")))
            }
            if n.type == .control {
                var parts: [String] = []
                if o.string("applicable") != n.string("applicable") { parts.append("applicable \(o.string("applicable") ?? "undecided") → \(n.string("applicable") ?? "undecided")") }
                if o.string("implementation") != n.string("implementation") { parts.append("implementation \(o.string("implementation") ?? "none") → \(n.string("implementation") ?? "none")") }
                if !parts.isEmpty { d.controls.append(item(n, parts.joined(separator: "; "))) }
            }
            if n.type == .risk, score(o) != score(n) || o.string("treatment") != n.string("treatment") {
                d.risks.append(item(n, "re-rated \(score(o)) → \(score(n))" + (o.string("treatment") != n.string("treatment") ? "; treatment \(o.string("treatment") ?? "?") → \(n.string("treatment") ?? "?")" : "")))
            }
            if n.type == .finding {
                let closedNow = ["closed", "verified"].contains(n.status ?? ""), closedThen = ["closed", "verified"].contains(o.status ?? "")
                if closedNow && !closedThen { d.findingsClosed.append(item(n, "\(o.status ?? "?") → \(n.status ?? "?")" + (n.string("closed").map { " on \($0)" } ?? ""))) }
                if !closedNow && closedThen { d.findingsOpened.append(item(n, "reopened: \(o.status ?? "?") → \(n.status ?? "?")")) }
            }
            if o.owner != n.owner { d.owners.append(item(n, "\(o.owner ?? "none") → \(n.owner ?? "none")")) }
        }
        for id in before.keys.sorted(by: AnnexACatalog.numericOrder) where after[id] == nil {
            let o = before[id]!
            d.removed.append(item(o, "deleted (was \(o.status ?? "?"))"))
        }
        return d
    }

    // MARK: Rendering

    public func text() -> String {
        var out = "ISMS changes from \(from) to \(to)\n"
        for (title, items) in sections {
            out += "\n\(title) (\(items.count))\n"
            for i in items { out += "  \(i.id)  \(i.title)  — \(i.detail)  [\(i.path)]\n" }
        }
        return out
    }

    public func markdown() -> String {
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var out = "# ISMS changes from \(cell(from)) to \(cell(to))\n"
        for (title, items) in sections {
            out += "\n## \(title) (\(items.count))\n\n"
            if items.isEmpty { out += "None.\n"; continue }
            out += "| Id | Title | Change | File |\n|---|---|---|---|\n"
            for i in items { out += "| \(cell(i.id)) | \(cell(i.title)) | \(cell(i.detail)) | `\(cell(i.path))` |\n" }
        }
        return out
    }

    public func json() -> String {
        let q = JSONReporter.quote
        let keys = ["added", "changed", "retired", "removed", "controls", "risks", "findings_opened", "findings_closed", "owners"]
        let body = zip(keys, sections).map { key, section in
            "  \(q(key)): [" + section.1.map { "{\"id\": \(q($0.id)), \"title\": \(q($0.title)), \"path\": \(q($0.path)), \"change\": \(q($0.detail))}" }.joined(separator: ", ") + "]"
        }
        return "{\n  \"from\": \(q(from)),\n  \"to\": \(q(to)),\n" + body.joined(separator: ",\n") + "\n}\n"
    }
}
