import Foundation
import ISMSModel
import ISMSReport

/// `isms transition`: for an ISMS written against ISO/IEC 27001:2013, which 2013 controls it names, what each became in
/// 2022 (the correspondence of ISO/IEC 27002:2022 Annex B), what to do with the control files, and every place that
/// still names a 2013 control. Advice: exit 0 unless the tool itself fails.
public enum TransitionCommand {
    public enum Format: String, CaseIterable, Sendable { case text, md, json }

    public struct Options {
        public var path: String = "."
        public var format: Format = .text
        public init() {}
    }

    public static func run(_ o: Options) throws -> String {
        // A 2013 ISMS may still say `framework: iso27001:2013`: this is the one command that reads it anyway.
        let workspace = try Workspace.locate(o.path, frameworks: Configuration.supportedFrameworks + [Configuration.framework2013])
        let isms = try ISMSLoader.load(from: workspace.source, configuration: workspace.configuration, rootPath: workspace.rootPath)
        let plan = self.plan(isms, ismsFolder: o.path)
        switch o.format {
        case .text: return TransitionReport.text(plan)
        case .md: return TransitionReport.markdown(plan)
        case .json: return TransitionReport.json(plan)
        }
    }

    // MARK: Finding 2013 ids

    /// `A.9.2.1` for `A.9.2.1` or `9.2.1`; nil when `id` is not written like a 2013 control id (three numbers).
    static func normalised2013(_ id: String) -> String? {
        let bare = id.hasPrefix("A.") ? Substring(id.dropFirst(2)) : Substring(id)
        guard let n = IDShape.numbers(bare), n.count == 3, (5...18).contains(n[0]) else { return nil }
        return "A." + n.map(String.init).joined(separator: ".")
    }

    /// Whether a value in a control list is a 2013 id: `A.` and three numbers always; three numbers bare only when
    /// 2013 had that control (a bare `6.1.2` elsewhere could be a clause).
    static func is2013Reference(_ written: String, _ catalog: AnnexACatalog) -> String? {
        guard let id = normalised2013(written) else { return nil }
        if written.hasPrefix("A.") { return id }
        return catalog.successors(of: id).isEmpty ? nil : id
    }

    /// A control document's own id: `A.9.2.1` or `9.2.1`, whether or not 2013 had it.
    static func controlDocument2013ID(_ doc: Document) -> String? {
        guard doc.type == .control, let id = doc.id, !AnnexACatalog.isCustomControlID(id) else { return nil }
        return normalised2013(id)
    }

    /// `A.` then three numbers of one or two digits, not inside a longer token.
    static let textPattern = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9_.])A\.[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,2}(?![0-9]|\.[0-9])"#)

    /// Every place in the ISMS that names a 2013 control, in path, line, column order.
    static func references(_ isms: ISMS) -> [TransitionPlan.Reference] {
        let catalog = isms.catalog
        var out: [TransitionPlan.Reference] = []
        func successors(_ id: String) -> [String] { catalog.successors(of: id).sorted(by: AnnexACatalog.numericOrder) }
        for doc in isms.documents {
            var seen: Set<String> = []   // "line id": a list item is not counted again by the text scan
            func add(_ field: String, _ written: String, _ id: String, _ p: SourcePosition) {
                guard seen.insert("\(p.line) \(id)").inserted else { return }
                out.append(.init(path: doc.path, line: p.line, column: p.column, field: field, written: written, oldID: id, successors: successors(id)))
            }
            if let id = controlDocument2013ID(doc), let written = doc.id { add("id", written, id, doc.valuePosition(of: "id")) }
            let lists: [(String, YAMLValue?)] = [
                ("annex_a", doc.value("annex_a")), ("controls", doc.value("controls")),
                ("scope.controls", doc.value("scope")?.mapping?["controls"]?.value), ("control", doc.value("control")),
            ]
            for (field, value) in lists {
                for scalar in YAMLValue.scalars(value) {
                    let written = scalar.text.trimmed
                    if let id = is2013Reference(written, catalog) { add(field, written, id, scalar.position) }
                }
            }
            // Free text, in the front matter (a justification) and in the body: only the unambiguous `A.x.y.z` form.
            guard let text = doc.text, text.contains("A.") else { continue }
            let bodyStart = doc.body.map { $0.lineOffset + 1 } ?? (doc.frontMatter == nil ? 1 : Int.max)
            let keys = doc.frontMatter?.entries.map { ($0.key.position.line, $0.key.text) } ?? []
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains("A.") {
                let lineNumber = i + 1
                let s = String(line)
                let ns = s as NSString
                for m in textPattern.matches(in: s, range: NSRange(location: 0, length: ns.length)) {
                    let written = ns.substring(with: m.range)
                    guard let id = normalised2013(written) else { continue }
                    let column = ns.substring(to: m.range.location).unicodeScalars.count + 1
                    let field: String
                    if lineNumber >= bodyStart { field = "body" } else {
                        field = keys.last { $0.0 <= lineNumber }.map { "front matter (\($0.1))" } ?? "front matter"
                    }
                    add(field, written, id, SourcePosition(line: lineNumber, column: column))
                }
            }
        }
        return out.sorted { ($0.path, $0.line, $0.column) < ($1.path, $1.line, $1.column) }
    }

    // MARK: The plan

    /// 2022 controls that no 2013 control became.
    static func newIn2022(_ catalog: AnnexACatalog) -> [String] {
        let mapped = Set(catalog.correspondenceRows.map(\.new))
        return catalog.controls.map(\.id).filter { !mapped.contains($0) }.sorted(by: AnnexACatalog.numericOrder)
    }

    /// The plan for `isms`. `ismsFolder` is what the user passed as `--in`, for the commands the plan suggests.
    public static func plan(_ isms: ISMS, ismsFolder: String = ".") -> TransitionPlan {
        let catalog = isms.catalog
        func control(_ id: String) -> TransitionPlan.Control {
            .init(id: id, title: (catalog.control(id) ?? AnnexACatalog.iso27001_2022.control(id))?.title ?? id)
        }
        func successors(_ old: String) -> [String] { catalog.successors(of: old).sorted(by: AnnexACatalog.numericOrder) }
        let oldOrder = { (a: String, b: String) in AnnexACatalog.numericOrder(String(a.dropFirst(2)), String(b.dropFirst(2))) }

        let refs = references(isms)
        var oldDocs: [String: [Document]] = [:]
        for doc in isms.documents(.control) { if let id = controlDocument2013ID(doc) { oldDocs[id, default: []].append(doc) } }
        var refCount: [String: Int] = [:]
        for r in refs { refCount[r.oldID, default: 0] += 1 }
        let mappings = refCount.keys.sorted(by: oldOrder).map { id in
            TransitionPlan.Mapping(oldID: id, oldTitle: catalog.oldTitle(id), successors: successors(id).map(control),
                                   controlDocuments: (oldDocs[id] ?? []).map(\.path), referenceCount: refCount[id] ?? 0)
        }
        let framework = isms.configuration.framework == Configuration.supportedFrameworks[0] ? nil : isms.configuration.framework

        var actions: [TransitionPlan.Action] = []
        var covered: Set<String> = []   // 2022 controls that will have a file once the actions are done
        if !mappings.isEmpty || framework != nil {
            // Where new files go: beside the 2013 file they come from, else where most control files are.
            let folders = isms.documents(.control).map { RepositoryPath.parent($0.path) }
            let commonFolder = Dictionary(folders.map { ($0, 1) }, uniquingKeysWith: +).max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
                ?? (isms.rootPath.isEmpty ? "controls" : isms.rootPath + "/controls")
            func file(_ folder: String, _ id: String) -> String { folder.isEmpty ? "\(id).md" : "\(folder)/\(id).md" }
            func existing(_ id: String) -> Document? { isms.control(id) }
            func target(_ id: String, near: Document?) -> String { existing(id)?.path ?? file(near.map { RepositoryPath.parent($0.path) } ?? commonFolder, id) }
            let inFlag = ismsFolder == "." ? "" : " --in \(shellQuote(ismsFolder))"

            // Which 2013 control files feed each 2022 control.
            var feeds: [String: [(old: String, doc: Document)]] = [:]
            for (old, docs) in oldDocs {
                for new in successors(old) { for doc in docs { feeds[new, default: []].append((old, doc)) } }
            }
            for old in oldDocs.keys.sorted(by: oldOrder) {
                let docs = oldDocs[old]!.sorted { $0.path < $1.path }
                let next = successors(old)
                switch next.count {
                case 0:
                    actions.append(.init(kind: .retire, from: [old], fromPaths: docs.map(\.path), to: [], toPaths: [], existing: [],
                                         advice: "2013 had no control \(old): move anything still relevant into the right 2022 control file, then delete this file (git rm) or set status: retired",
                                         command: docs.count == 1 ? "git rm \(shellQuote(docs[0].path))" : nil))
                case 1:
                    let new = next[0]
                    guard feeds[new]?.count == 1, existing(new) == nil, let doc = docs.first else { continue }   // a merge, below
                    let to = target(new, near: doc)
                    actions.append(.init(kind: .rename, from: [old], fromPaths: [doc.path], to: [control(new)], toPaths: [to], existing: [],
                                         advice: "rename the file (git mv keeps its history), then set id: \"\(new)\" and title: \(control(new).title), and raise the version: a change under change control",
                                         command: "git mv \(shellQuote(doc.path)) \(shellQuote(to))"))
                    covered.insert(new)
                default:
                    let doc = docs.first
                    let to = next.map { target($0, near: doc) }
                    let shared = next.filter { (feeds[$0]?.count ?? 0) > 1 || existing($0) != nil }
                    var advice = "write one control file per 2022 control, each with its own applicability decision and justification, and keep in each only what concerns that control (git mv the file to the one that keeps most of it), then remove the 2013 file"
                    if !shared.isEmpty { advice += "; \(shared.joined(separator: ", ")) also take\(shared.count == 1 ? "s" : "") content from elsewhere: see Merge" }
                    actions.append(.init(kind: .split, from: [old], fromPaths: docs.map(\.path), to: next.map(control), toPaths: to,
                                         existing: next.compactMap { existing($0)?.path }, advice: advice, command: nil))
                    covered.formUnion(next)
                }
            }
            for new in feeds.keys.sorted(by: AnnexACatalog.numericOrder) {
                let sources = feeds[new]!.sorted { oldOrder($0.old, $1.old) || ($0.old == $1.old && $0.doc.path < $1.doc.path) }
                let there = existing(new)
                guard sources.count > 1 || there != nil else { continue }
                let olds = sources.map(\.old).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                let parts = olds.filter { successors($0).count > 1 }
                var advice = there.map { "merge into the existing \($0.path): " } ?? "merge into one control file: "
                advice += "one applicability decision and justification, the union of policies, risks and evidence; set id: \"\(new)\" and title: \(control(new).title); then remove the 2013 files"
                if !parts.isEmpty { advice += " (from \(parts.joined(separator: ", ")) only what concerns \(new): see Split)" }
                actions.append(.init(kind: .merge, from: olds, fromPaths: sources.map(\.doc.path), to: [control(new)],
                                     toPaths: [target(new, near: sources.first?.doc)], existing: there.map { [$0.path] } ?? [],
                                     advice: advice, command: nil))
                covered.insert(new)
            }
            for new in newIn2022(catalog) where existing(new) == nil {
                actions.append(.init(kind: .create, from: [], fromPaths: [], to: [control(new)], toPaths: [file(commonFolder, new)], existing: [],
                                     advice: "new in 2022, with no 2013 predecessor: decide applicability and justify it",
                                     command: "isms new control --id \(new)\(inFlag)"))
                covered.insert(new)
            }
        }
        let stillMissing = (mappings.isEmpty && framework == nil) ? catalog.controls.map(\.id).filter { isms.control($0) == nil }.map(control)
            : catalog.controls.map(\.id).filter { isms.control($0) == nil && !covered.contains($0) }.sorted(by: AnnexACatalog.numericOrder).map(control)
        return TransitionPlan(organisation: isms.configuration.organisation, framework: framework, configPath: isms.configuration.path,
                              mappings: mappings, actions: actions, references: refs, stillMissing: stillMissing)
    }

    /// A path as a shell word: quoted only when it needs to be.
    static func shellQuote(_ s: String) -> String {
        if !s.isEmpty, s.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "/._-+:@".unicodeScalars.contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
