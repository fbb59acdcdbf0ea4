import Foundation
import GitKit
import ISMSHistory
import ISMSModel
import ISMSReport
import ISMSRules

/// `isms report --out DIR`: the auditor's static HTML pack — readiness dashboard, Statement of Applicability, audit
/// programme, risk matrix, findings and one page per document with its revision history — plus manifest.json with
/// every file's SHA-256 and the commit it was built from. Written to a temporary folder beside DIR, then renamed.
public enum AuditPackBuilder {
    public struct Options {
        /// The ISMS folder (or a folder in it).
        public var input: String = "."
        public var output: String
        public var today: Day
        /// Replace DIR when it is an earlier audit pack (or empty).
        public var force = false
        /// Sign manifest.json with this SSH private key (manifest.json.sig).
        public var signingKey: String?
        public init(output: String, today: Day) { self.output = output; self.today = today }
    }

    public struct Result {
        public var output: String
        public var fileCount: Int
        public var documentCount: Int
        public var commit: String?
        public var dirty: Bool
        public var notices: [String]
        public var summary: String {
            let from = commit.map { "commit \($0.prefix(12))" + (dirty ? " plus uncommitted changes" : "") } ?? "files outside git"
            return "audit pack written to \(output): \(fileCount) files (\(documentCount) documents) from \(from); open \(output)/index.html"
        }
    }

    public static func build(_ o: Options) throws -> Result {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let workspace = try Workspace.locate(o.input)
        let out = URL(fileURLWithPath: o.output, relativeTo: cwd).standardizedFileURL
        try checkOutput(out, force: o.force, workspace: workspace)
        let input = try PackInput.workingTree(workspace)
        let writer = try PackWriter(destination: out)
        let built: Built
        do {
            built = try assemble(input, today: o.today, into: writer)
            try writer.finish(manifest: { AuditPackManifest.render(built.meta, files: $0) }, force: o.force,
                              sign: o.signingKey.map { key in { try ManifestSignature.sign($0, key: key) } })
        } catch {
            writer.discard()
            throw error
        }
        return Result(output: o.output, fileCount: writer.entries.count + 1, documentCount: built.meta.documentCount,
                      commit: built.meta.commit, dirty: built.meta.dirty, notices: built.meta.notices)
    }

    /// What `assemble` wrote besides the files: the manifest's facts.
    struct Built { var meta: AuditPack.Meta }

    /// Renders every file of the pack but manifest.json from `input` into `sink`: the one builder behind
    /// `report --out` (the working tree, to a folder) and `report --verify --rebuild` (a commit's tree, in memory).
    static func assemble(_ input: PackInput, today: Day, into sink: PackSink) throws -> Built {
        // The ISMS, its history and its lint findings, as `isms lint` sees them.
        let trace = Trace()
        let configuration = input.configuration
        var notices: [String] = []
        var history: ChangeHistory?
        let isms = try ISMSLoader.load(from: input.documents, configuration: configuration, rootPath: input.rootPath)
        if let repo = input.repository {
            if let head = input.head {
                var hopts = HistoryReader.Options(root: input.rootPath, head: head, configuration: configuration)
                hopts.useCache = input.cacheHistory
                var h = try gitCall { try HistoryReader.read(repo, hopts) }
                h.fixes = FixResolver.resolve(isms, repository: repo, head: head)
                ChangeAssessment.remember(ChangeControlLedger.settle(&h, configuration), for: isms)
                if h.isTruncated {
                    notices.append("The git history is truncated (a shallow clone): revisions before \(h.shallowBoundary.map { String($0.prefix(7)) }.joined(separator: ", ")) are missing from the revision tables. Build the pack from a full clone (git fetch --unshallow).")
                }
                if let first = h.missingObjects.first {
                    notices.append("\(h.missingObjects.count) git object(s) are missing from this clone (first: \(first.path) in commit \(first.commit.prefix(12))): those revisions are incomplete in the revision tables. Build the pack after `git fetch --refetch`.")
                }
                history = h
            } else {
                notices.append("The repository has no commits yet: there is no revision history, and the pack records no commit.")
            }
        } else {
            notices.append("The ISMS is not in a git repository: the pack records no commit, and documents have no revision history.")
        }
        trace.mark("loaded \(isms.documents.count) documents, history read")
        let findings = LintEngine().run(RuleContext(isms: isms, today: today, history: history))   // (in `Finding.ordered` order)
        trace.mark("linted: \(findings.count) findings")

        // Revision rows per document, with the change-control verdicts `isms history` gives.
        var revisions: [String: [RevisionRow]] = [:]
        // Deleted controlled documents stay in the audit trail, as `isms history --all` lists them.
        var deleted: [(path: String, facts: DocumentFacts, rows: [RevisionRow])] = []
        if let history {
            let controlled = Set(configuration.changeControl.controlledTypes)
            let docs = isms.documents.filter { $0.type.map(controlled.contains) ?? false }
            var verdicts: [String: [ChangeAssessment]] = [:]
            for a in ChangeAssessment.ledger(isms, history) { verdicts[a.commit.id, default: []].append(a) }
            let checked = Set(history.checkedCommits.map(\.id))
            func row(_ r: DocumentRevision) -> RevisionRow {
                HistoryCommand.row(r, verdicts[r.commit.id]?.first { $0.change.path == r.change.path }, exempt: !checked.contains(r.commit.id), allowance: configuration.changeControl.reviewBackdateDays)
            }
            for (doc, entry) in zip(docs, RevisionHistory.all(paths: docs.map(\.path), in: history)) {
                revisions[doc.path] = entry.revisions.map(row)
            }
            let gone = HistoryCommand.deletedDocuments(history, present: isms.documents).filter { $0.facts.documentType.map(controlled.contains) ?? false }
            for (d, revisions) in zip(gone, HistoryCommand.revisionsOfDeleted(gone.map(\.path), in: history)) {
                deleted.append((d.path, d.facts, revisions.map(row)))
            }
        }

        trace.mark("revision rows")
        let content = AuditPackContent(isms: isms, today: today, findings: findings)
        let images = ImageCollector(read: input.readFile, prefix: isms.rootPath.isEmpty ? "" : isms.rootPath + "/")
        var meta = AuditPack.Meta(organisation: configuration.organisation ?? "ISMS", generated: today.description,
                                  commit: input.head?.hex, dirty: false, toolVersion: ToolInfo.version, source: isms.rootPath,
                                  documentCount: isms.documents.count, notices: notices)
        meta.configuration = input.configurationPath

        // Document pages are rendered first (they find the images to copy); dirtiness is known before the pages that
        // show it are written, so everything is rendered in memory per page and written to the temporary folder.
        let pages = try renderDocumentPages(content, revisions: revisions, history: history, images: images,
                                            controlled: Set(configuration.changeControl.controlledTypes))
        let deletedPages = deleted.map { Self.deletedPage($0.path, $0.facts, rows: $0.rows, prefix: isms.rootPath.isEmpty ? "" : isms.rootPath + "/") }
        trace.mark("document pages rendered")
        if input.head != nil {
            meta.dirty = try input.differsFromHead(images.copies.keys.sorted())
        }
        let pack = AuditPack(meta: meta, dashboard: content.dashboard(), soa: content.soa(), programme: content.programme(),
                             risks: content.risks(), findings: content.findingRows(), documents: content.documentEntries(),
                             deleted: zip(deleted, deletedPages).map { d, page in
                                 AuditPack.DeletedEntry(link: AuditPack.Link(d.facts.title ?? "", target: page.page), path: d.path, id: d.facts.id ?? "",
                                                        type: d.facts.type ?? "", version: d.facts.version ?? "", deletedOn: d.rows.first?.date ?? "",
                                                        commit: d.rows.first?.commit ?? "", subject: d.rows.first?.subject ?? "")
                             })

        trace.mark("dirty check, summary pages computed")
        try sink.write("style.css", Data(AuditPackPages.stylesheet.utf8))
        try sink.write("index.html", Data(AuditPackPages.index(pack).utf8))
        try sink.write("soa.html", Data(AuditPackPages.soa(pack).utf8))
        try sink.write("programme.html", Data(AuditPackPages.programme(pack).utf8))
        try sink.write("risks.html", Data(AuditPackPages.risks(pack).utf8))
        try sink.write("findings.html", Data(AuditPackPages.findings(pack).utf8))
        try sink.write("documents.html", Data(AuditPackPages.documents(pack).utf8))
        trace.mark("summary pages written")
        try sink.writeAll((pages + deletedPages).map { page in (page.page, { Data(AuditPackPages.document(page, meta: meta).utf8) }) })
        for (target, data) in images.copies.values.sorted(by: { $0.target < $1.target }) { try sink.write(target, data) }
        trace.mark("document pages written")
        return Built(meta: meta)
    }

    // MARK: Document pages

    static func renderDocumentPages(_ content: AuditPackContent, revisions: [String: [RevisionRow]], history: ChangeHistory?,
                                    images: ImageCollector, controlled: Set<DocumentType>) throws -> [AuditPack.DocumentPage] {
        let docs = content.isms.documents
        var lintByPath: [String: [Finding]] = [:]
        for f in content.findings { lintByPath[f.path, default: []].append(f) }
        var out = [AuditPack.DocumentPage?](repeating: nil, count: docs.count)
        out.withUnsafeMutableBufferPointer { buffer in
            let pages = buffer
            DispatchQueue.concurrentPerform(iterations: docs.count) { i in
                let doc = docs[i]
                let page = content.pages[doc.path]!
                let markdown: String? = doc.body?.text ?? (doc.frontMatter == nil && doc.problems.allSatisfy { $0.kind == .frontMatterMissing } ? doc.text : nil)
                let links = LinkResolver(content: content, document: doc, page: page, images: images)
                let body = markdown.map { AuditPackMarkdown.render($0, page: page, resolve: links.resolve) }
                    ?? "<p class=\"muted\">The body could not be read.</p>\n"
                let note: String
                let rows: [RevisionRow]?
                if history == nil {
                    rows = nil
                    note = "No revision history: the ISMS is not in a git repository with commits."
                } else if let type = doc.type, controlled.contains(type) {
                    rows = revisions[doc.path] ?? []
                    note = (rows?.isEmpty ?? true) ? "No commit has changed this document yet (it is new in the working tree)." : "Newest first, from git; the change-control column is the verdict of isms history."
                } else {
                    rows = nil
                    note = doc.type.map { "A \($0.rawValue) record: retained as it stands, not versioned under change control." } ?? "Not a controlled document (no known type): no revision history."
                }
                pages[i] = AuditPack.DocumentPage(
                    page: page, path: doc.path, id: doc.id, title: doc.title, type: doc.typeName, frontMatter: content.frontMatter(doc),
                    bodyHTML: body, revisions: rows, historyNote: note, lint: (lintByPath[doc.path] ?? []).map(content.lintItem),
                    problems: doc.problems.map { "\($0.position.line):\($0.position.column): \($0.message)" })
            }
        }
        return out.map { $0! }
    }

    /// A deleted document's page: the front matter of its last version, where it went, and its revisions (the
    /// deletion first). Its text is not shown: it is in git at the deletion's parent.
    static func deletedPage(_ path: String, _ facts: DocumentFacts, rows: [RevisionRow], prefix: String) -> AuditPack.DocumentPage {
        let fields: [(String, String?)] = [("id", facts.id), ("type", facts.type), ("title", facts.title), ("owner", facts.owner), ("approver", facts.approver),
                                           ("version", facts.version), ("status", facts.status), ("effective", facts.effective), ("last_reviewed", facts.lastReviewed)]
        let deletion = rows.first
        let body = deletion.map { d in
            "<p class=\"banner bad\">Deleted on \(HTML.escape(d.date)) in commit <code>\(HTML.escape(d.commit))</code> (\(HTML.escape(d.subject))). "
                + "Its last version is in git: <code>git show \(HTML.escape(d.commit))^:\(HTML.escape(path))</code></p>\n"
        } ?? "<p class=\"muted\">Deleted; the deletion could not be found in the history.</p>\n"
        return AuditPack.DocumentPage(
            page: AuditPackPaths.page(forDeletedDocument: AuditPackContent.relative(path, prefix: prefix)), path: path, id: facts.id,
            title: (facts.title ?? path) + " (deleted)", type: facts.type,
            frontMatter: fields.compactMap { k, v in v.map { (k, AuditPack.Value.text(AuditPack.Link($0))) } },
            bodyHTML: body, revisions: rows, historyNote: "Newest first, from git: the deletion, then the revisions before it; the change-control column is the verdict of isms history.",
            lint: [], problems: [])
    }

    // MARK: The output folder

    /// Refuses before any work: an existing DIR without --force; with --force, anything but an earlier pack or an
    /// empty folder, and any folder that holds the ISMS or the repository.
    static func checkOutput(_ out: URL, force: Bool, workspace: Workspace) throws {
        let path = out.path
        let resolved = out.resolvingSymlinksInPath().path
        func holds(_ other: URL) -> Bool {
            let o = other.resolvingSymlinksInPath().path
            return o == resolved || o.hasPrefix(resolved.hasSuffix("/") ? resolved : resolved + "/")
        }
        var protected = [workspace.configDirectory, workspace.documentsRoot, URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        if let wd = workspace.repository?.workdir { protected.append(wd) }
        if protected.contains(where: holds) || resolved == "/" {
            throw ToolFailure("\(path) holds the ISMS, the repository or the current folder: choose an empty place for the audit pack")
        }
        // Anywhere the user says, except a git directory (this repository's, or one the destination is in).
        try WriteBoundary(root: nil, repository: workspace.repository).check(out, display: path)
        try WriteBoundary.forNewISMS(in: out).check(out, display: path)
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFLNK { throw ToolFailure("\(path) is a symbolic link: refusing to write the audit pack through it") }
        guard force else { throw ToolFailure("\(path) already exists: refusing to overwrite it (use --force to replace an earlier audit pack)") }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { throw ToolFailure("\(path) exists and is not a folder: refusing to replace it") }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if names.isEmpty { return }
        let manifest = out.appendingPathComponent(AuditPackManifest.fileName)
        guard let data = FileManager.default.contents(atPath: manifest.path),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              json["format"] as? String == AuditPackManifest.format else {
            throw ToolFailure("\(path) is not an audit pack (no manifest.json from isms report): refusing to replace it, even with --force")
        }
    }
}

/// Collects the local images documents show, to copy them into the pack (`files/…`). Thread-safe.
final class ImageCollector: @unchecked Sendable {
    /// A regular file's bytes by display path (nil: none, not a regular file, or over `maximumSize`).
    let read: (String) -> Data?
    let prefix: String
    private let lock = NSLock()
    /// Display path → (pack path, bytes).
    private(set) var copies: [String: (target: String, data: Data)] = [:]
    private var refused: Set<String> = []

    static let maximumSize = 10 << 20
    static let signatures: [String: [[UInt8]]] = [
        "png": [[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]],
        "jpg": [[0xFF, 0xD8, 0xFF]], "jpeg": [[0xFF, 0xD8, 0xFF]],
        "gif": [Array("GIF87a".utf8), Array("GIF89a".utf8)],
        "webp": [Array("RIFF".utf8)],
    ]

    init(read: @escaping (String) -> Data?, prefix: String) {
        self.read = read
        self.prefix = prefix
    }

    /// The image's path in the pack, or nil when it is not a local raster image inside the ISMS (SVG can hold script:
    /// it is never copied; nor are symbolic links, files over 10 MiB, or bytes that are not what the name says).
    func target(for displayPath: String) -> String? {
        lock.lock()
        if let done = copies[displayPath] { lock.unlock(); return done.target }
        if refused.contains(displayPath) { lock.unlock(); return nil }
        lock.unlock()
        let result = load(displayPath)
        lock.lock()
        defer { lock.unlock() }
        if let result { copies[displayPath] = result } else { refused.insert(displayPath) }
        return result?.target
    }

    private func load(_ displayPath: String) -> (target: String, data: Data)? {
        guard prefix.isEmpty || displayPath.hasPrefix(prefix) else { return nil }
        let ext = (displayPath.split(separator: ".").last.map(String.init) ?? "").lowercased()
        guard let magic = Self.signatures[ext] else { return nil }
        guard let data = read(displayPath), data.count <= Self.maximumSize, magic.contains(where: { data.starts(with: $0) }) else { return nil }
        if ext == "webp", !(data.count > 12 && data[8..<12].elementsEqual("WEBP".utf8)) { return nil }
        return ("files/" + AuditPackContent.relative(displayPath, prefix: prefix), data)
    }
}

/// Decides every link and image of one document (see `AuditPackMarkdown.render`).
struct LinkResolver {
    let content: AuditPackContent
    let document: Document
    let page: String
    let images: ImageCollector

    func resolve(_ destination: String, _ isImage: Bool) -> String? {
        let d = destination.trimmingCharacters(in: .whitespaces)
        guard !d.isEmpty, !d.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) else { return nil }
        // http(s) and mailto links stay (images only from the pack: a remote image would load from outside).
        if !isImage, LinkCheck.href(d, page: page) == .external { return d }
        let head = d.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if head.contains(":") || d.hasPrefix("/") { return nil }
        var path = Substring(d), fragment: String?
        if let hash = path.firstIndex(of: "#") {
            fragment = String(path[path.index(after: hash)...])
            path = path[..<hash]
        }
        if let q = path.firstIndex(of: "?") { path = path[..<q] }
        let decodedFragment = fragment.map { $0.removingPercentEncoding ?? $0 }
        if path.isEmpty {
            guard !isImage, let f = decodedFragment, !f.isEmpty else { return nil }
            return "#" + AuditPackPaths.encode(f)
        }
        guard let decoded = String(path).removingPercentEncoding, let target = Self.join(RepositoryPath.parent(document.path), decoded) else { return nil }
        if isImage {
            return images.target(for: target).map { AuditPackPaths.href(from: page, to: $0) }
        }
        guard let pagePath = content.pages[target] else { return nil }
        return AuditPackPaths.href(from: page, to: pagePath, fragment: decodedFragment)
    }

    /// `base` + `relative` with `.` and `..` resolved; nil when it climbs above the top (the repository, or `/`).
    static func join(_ base: String, _ relative: String) -> String? {
        let absolute = base.hasPrefix("/")
        var parts = base.split(separator: "/").map(String.init)
        for seg in relative.split(separator: "/", omittingEmptySubsequences: false) {
            switch seg {
            case "", ".": continue
            case "..": if parts.isEmpty { return nil }; parts.removeLast()
            default: parts.append(String(seg))
            }
        }
        guard !parts.isEmpty else { return nil }
        return (absolute ? "/" : "") + parts.joined(separator: "/")
    }
}

/// Whether the ISMS in the working tree differs from a commit: its Markdown files, isms.yml and the copied images.
enum Dirtiness {
    static func differs(workspace: Workspace, repository repo: Repository, head: ObjectID, images: [String]) throws -> Bool {
        func visible(_ path: String) -> Bool {
            (path.hasSuffix(".md") || path.hasSuffix(".markdown")) && !path.split(separator: "/").contains { $0.hasPrefix(".") }
        }
        func key(_ f: SourceFile) -> Data {
            switch f.content {
            case .bytes(let d): return d
            case .symlinkOutside(let t): return Data("symlink:\(t)".utf8)
            case .tooLarge(let n): return Data("large:\(n)".utf8)
            case .unreadable(let r): return Data("unreadable:\(r)".utf8)
            }
        }
        let committed = try GitSources.commit(head, in: repo, root: workspace.rootPath).markdownFiles().filter { visible($0.path) }
        let working = try workspace.source.markdownFiles().filter { visible($0.path) }
        guard committed.count == working.count else { return true }
        let before = Dictionary(committed.map { ($0.path, key($0)) }, uniquingKeysWith: { a, _ in a })
        for f in working where before[f.path] != key(f) { return true }

        let tree = try repo.commit(head).tree()
        func same(_ displayPath: String, _ url: URL) throws -> Bool {
            let now = FileManager.default.contents(atPath: url.path)
            guard let entry = try tree.entry(at: displayPath) else { return now == nil }
            guard let now else { return false }
            return try repo.blobData(entry.oid).data == now
        }
        let config = workspace.configDirectory.appendingPathComponent(Configuration.fileName)
        if FileManager.default.fileExists(atPath: config.path) || workspace.configuration.path != nil {
            if try !same(workspace.source.displayPath(config), config) { return true }
        }
        for image in images where try !same(image, workspace.source.url(forDisplayPath: image)) { return true }
        return false
    }
}

/// Writes the pack into a temporary folder beside its destination, hashing every file, then renames it into place.
final class PackWriter: PackSink, @unchecked Sendable {
    let destination: URL
    let temporary: URL
    private let lock = NSLock()
    private(set) var entries: [AuditPackManifest.Entry] = []
    private var folders: Set<String> = [""]

    init(destination: URL) throws {
        self.destination = destination
        let parent = destination.deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
            throw ToolFailure("cannot create the folder \(parent.path): \(error.localizedDescription)")
        }
        temporary = parent.appendingPathComponent(".\(destination.lastPathComponent).isms-tmp-\(getpid())-\(UUID().uuidString.prefix(8))")
        do { try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: false) } catch {
            throw ToolFailure("cannot write in \(parent.path): \(error.localizedDescription)")
        }
    }

    private func folder(for path: String) throws {
        let dir = RepositoryPath.parent(path)
        lock.lock()
        let known = folders.contains(dir)
        lock.unlock()
        guard !known else { return }
        try FileManager.default.createDirectory(at: temporary.appendingPathComponent(dir), withIntermediateDirectories: true)
        lock.lock()
        folders.insert(dir)
        lock.unlock()
    }

    func write(_ path: String, _ data: Data) throws {
        do { try folder(for: path) } catch {
            throw ToolFailure("cannot write \(path) of the audit pack: \(error.localizedDescription)")
        }
        try createFile(temporary.appendingPathComponent(path).path, data, display: path)
        let entry = AuditPackManifest.Entry(path: path, sha256: AuditPackManifest.sha256(data), bytes: data.count)
        lock.lock()
        entries.append(entry)
        lock.unlock()
    }

    /// Renders and writes many files in parallel.
    func writeAll(_ files: [(path: String, render: () -> Data)]) throws {
        for f in files { try folder(for: f.path) }
        final class Failure: @unchecked Sendable { var error: Error?; let lock = NSLock() }
        let failure = Failure()
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            do { try write(files[i].path, files[i].render()) } catch {
                failure.lock.lock(); if failure.error == nil { failure.error = error }; failure.lock.unlock()
            }
        }
        if let error = failure.error { throw error }
    }

    /// Writes manifest.json, then moves the folder into place (an earlier pack, with `force`, is replaced).
    /// `sign` signs the manifest before the pack appears, so a signed pack is never seen unsigned.
    func finish(manifest: ([AuditPackManifest.Entry]) -> String, force: Bool, sign: ((URL) throws -> Void)? = nil) throws {
        let text = manifest(entries)
        try createFile(temporary.appendingPathComponent(AuditPackManifest.fileName).path, Data(text.utf8), display: AuditPackManifest.fileName)
        try sign?(temporary.appendingPathComponent(AuditPackManifest.fileName))
        let fm = FileManager.default
        var st = stat()
        if lstat(destination.path, &st) == 0 {
            guard force else { throw ToolFailure("\(destination.path) appeared while the pack was written: refusing to overwrite it") }
            let old = destination.deletingLastPathComponent().appendingPathComponent(".\(destination.lastPathComponent).isms-old-\(getpid())-\(UUID().uuidString.prefix(8))")
            guard rename(destination.path, old.path) == 0 else { throw ToolFailure("cannot move the earlier pack \(destination.path) aside: \(String(cString: strerror(errno)))") }
            guard rename(temporary.path, destination.path) == 0 else {
                let reason = String(cString: strerror(errno))
                _ = rename(old.path, destination.path)
                throw ToolFailure("cannot move the pack into \(destination.path): \(reason)")
            }
            try? fm.removeItem(at: old)
        } else {
            guard rename(temporary.path, destination.path) == 0 else { throw ToolFailure("cannot move the pack into \(destination.path): \(String(cString: strerror(errno)))") }
        }
    }

    func discard() { try? FileManager.default.removeItem(at: temporary) }
}

/// A new file with these bytes (plain open/write/close: the folder's rename is what makes the pack appear at once, so
/// no per-file sync is needed).
private func createFile(_ path: String, _ data: Data, display: String) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw ToolFailure("cannot write \(display) of the audit pack: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw ToolFailure("cannot write \(display) of the audit pack: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }
}
