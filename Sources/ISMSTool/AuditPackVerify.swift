import Foundation
import GitKit
import ISMSModel
import ISMSReport

/// `isms report --verify DIR`: recomputes every file's SHA-256 and compares the pack with its manifest.json; with
/// `--rebuild`, also builds the pack again from the commit it records and compares every file, trusting nothing the
/// manifest says about the pages.
public enum AuditPackVerifier {
    /// The pack rebuilt from its commit, compared file by file with the pack on disk.
    public struct Rebuild {
        public var commit: String
        public var fileCount = 0
        /// In both, with different bytes.
        public var differs: [String] = []
        /// In the rebuild, not in the pack.
        public var missing: [String] = []
        /// In the pack, not in the rebuild.
        public var extra: [String] = []
        /// Why a rebuild may not match (a dirty pack, another tool version).
        public var notes: [String] = []
        public var identical: Bool { differs.isEmpty && missing.isEmpty && extra.isEmpty }

        var text: String {
            let from = "rebuilt from commit \(commit.prefix(12))"
            if identical { return "\(from): identical (\(fileCount) files)\n" }
            let n = differs.count + missing.count + extra.count
            var out = "\(from): \(n) file\(n == 1 ? "" : "s") not as rebuilt\n"
            for p in differs { out += "  differs: \(p)\n" }
            for p in missing { out += "  missing: \(p) (the rebuild has it, the pack does not)\n" }
            for p in extra { out += "  extra:   \(p) (the pack has it, the rebuild does not)\n" }
            for n in notes { out += "  note: \(n)\n" }
            return out
        }
    }

    public struct Verification {
        public var directory: String
        public var changed: [String] = []
        public var missing: [String] = []
        public var extra: [String] = []
        public var fileCount = 0
        public var commit: String?
        public var dirty = false
        public var generated: String?
        public var toolVersion: String?
        /// The manifest's signature, when checked (--allowed-signers); nil when not asked for.
        public var signature: ManifestSignature.Check?
        public var signed = false
        /// The rebuild's comparison, when asked for (--rebuild).
        public var rebuild: Rebuild?
        var configuration: String?
        var configurationRecorded = false
        var source: String?

        public var intact: Bool { changed.isEmpty && missing.isEmpty && extra.isEmpty }
        /// 0 intact (and, when checked, signed by an allowed signer, and identical to its rebuild) · 1 differences, a bad
        /// or missing signature, or pages not as rebuilt.
        public var exitCode: Int32 {
            if let rebuild, !rebuild.identical { return 1 }
            if case .good? = signature { return intact ? 0 : 1 }
            return intact && signature == nil ? 0 : 1
        }

        var signatureLine: String {
            switch signature {
            case .good(let who)?: return "signature: good, signed by \(who)\n"
            case .bad(let why)?: return "signature: BAD — \(why)\n"
            case .missing?: return "signature: missing — the pack has no \(ManifestSignature.fileName)\n"
            case nil: return signed ? "signature: present, not checked (give --allowed-signers FILE)\n" : ""
            }
        }

        public var text: String {
            let origin = (commit.map { "commit \($0.prefix(12))" + (dirty ? " plus uncommitted changes" : "") } ?? "no commit")
                + (generated.map { ", generated \($0)" } ?? "") + (toolVersion.map { " by isms \($0)" } ?? "")
            let rebuilt = rebuild?.text ?? ""
            if intact { return "manifest checksums: intact — \(fileCount) files of \(directory) match manifest.json (\(origin))\n" + signatureLine + rebuilt }
            let n = changed.count + missing.count + extra.count
            var out = "manifest checksums: \(n) difference\(n == 1 ? "" : "s") between \(directory) and manifest.json (\(origin))\n"
            for p in changed { out += "changed: \(p)\n" }
            for p in missing { out += "missing: \(p)\n" }
            for p in extra { out += "extra:   \(p)\n" }
            return out + signatureLine + rebuilt
        }
    }

    /// Throws `ToolFailure` (exit 2) when there is no readable manifest.
    public static func verify(_ directory: String, allowedSigners: String? = nil) throws -> Verification {
        let dir = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw ToolFailure("\(directory): no such folder")
        }
        let manifestURL = dir.appendingPathComponent(AuditPackManifest.fileName)
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw ToolFailure("\(directory): no manifest.json — not an audit pack written by isms report")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let files = json["files"] as? [Any] else {
            throw ToolFailure("\(directory)/manifest.json is not valid JSON with a files list")
        }
        var v = Verification(directory: directory)
        v.commit = json["commit"] as? String
        v.dirty = json["dirty"] as? Bool ?? false
        v.generated = json["generated"] as? String
        v.toolVersion = json["tool_version"] as? String
        v.configuration = json["configuration"] as? String
        v.configurationRecorded = json.keys.contains("configuration")
        v.source = json["source"] as? String
        var listed: Set<String> = []
        for item in files {
            guard let entry = item as? [String: Any], let path = entry["path"] as? String, let sha = entry["sha256"] as? String else {
                throw ToolFailure("\(directory)/manifest.json: every file needs a path and a sha256")
            }
            guard isSafe(path) else { throw ToolFailure("\(directory)/manifest.json lists '\(path)', which is not a path inside the pack") }
            guard listed.insert(path).inserted else { throw ToolFailure("\(directory)/manifest.json lists '\(path)' twice") }
            let url = dir.appendingPathComponent(path)
            var st = stat()
            if lstat(url.path, &st) != 0 { v.missing.append(path); continue }
            guard (st.st_mode & S_IFMT) == S_IFREG, let bytes = FileManager.default.contents(atPath: url.path),
                  AuditPackManifest.sha256(bytes) == sha.lowercased() else { v.changed.append(path); continue }
        }
        v.fileCount = listed.count + 1
        for path in walk(dir) where path != AuditPackManifest.fileName && path != ManifestSignature.fileName && !listed.contains(path) { v.extra.append(path) }
        v.signed = FileManager.default.fileExists(atPath: dir.appendingPathComponent(ManifestSignature.fileName).path)
        if let allowedSigners { v.signature = try ManifestSignature.verify(manifestURL, allowedSigners: allowedSigners) }
        v.changed.sort(); v.missing.sort(); v.extra.sort()
        return v
    }

    /// Builds the pack again from the commit `v` records, in memory, with the repository found from `folder`, and
    /// compares it with the pack on disk. Reads git objects only: nothing is written, nothing from the repository runs.
    /// Throws `ToolFailure` (exit 2) when it cannot: no repository, no recorded commit, or the commit is not in it.
    public static func rebuild(_ v: inout Verification, repositoryAt folder: String) throws {
        guard let commit = v.commit else {
            throw ToolFailure("\(v.directory): the pack records no commit (built outside git, or before the first commit): there is nothing to rebuild it from")
        }
        guard let id = ObjectID(hex: commit) else { throw ToolFailure("\(v.directory)/manifest.json records the commit '\(commit)', which is not a full commit id") }
        guard let generated = v.generated, let today = Day(generated) else {
            throw ToolFailure("\(v.directory)/manifest.json records no date it was generated on (YYYY-MM-DD): the rebuild needs it")
        }
        guard let source = v.source else { throw ToolFailure("\(v.directory)/manifest.json does not say which ISMS folder the pack was built from (\"source\")") }
        let start = URL(fileURLWithPath: folder, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        let found: Repository?
        do { found = try Repository.discover(containing: start) } catch let e as GitError { throw ToolFailure(e.message) }
        guard let repo = found else {
            throw ToolFailure("\(folder) is not in a git repository: --rebuild reads commit \(commit.prefix(12)) from the repository the pack was built from; run it in a clone of that repository (or give --in FOLDER)")
        }
        let place = repo.workdir?.path ?? repo.gitdir.path
        guard repo.hasObject(id), (try? repo.commit(id)) != nil else {
            throw ToolFailure("commit \(commit) is not in the repository at \(place)\(repo.isShallow ? " (a shallow clone)" : ""): the pack cannot be rebuilt here. Fetch it (`git fetch origin \(commit)`, or fetch the branch it is on), then run --rebuild again")
        }
        // A pack from before the configuration was recorded: isms.yml in the documents folder or the nearest above it.
        var configuration = v.configuration
        if !v.configurationRecorded {
            let tree = try gitCall { try repo.commit(id).tree() }
            var dir = source
            while true {
                let candidate = dir.isEmpty ? Configuration.fileName : dir + "/" + Configuration.fileName
                if let e = try gitCall({ try tree.entry(at: candidate) }), e.isFile { configuration = candidate; break }
                if dir.isEmpty { break }
                dir = RepositoryPath.parent(dir)
            }
        }
        let input = try PackInput.commit(id, in: repo, configurationPath: configuration, source: source)
        let memory = MemoryPack()
        let built = try AuditPackBuilder.assemble(input, today: today, into: memory)
        var rebuilt = memory.files
        rebuilt[AuditPackManifest.fileName] = Data(AuditPackManifest.render(built.meta, files: memory.entries).utf8)

        var r = Rebuild(commit: commit)
        r.fileCount = rebuilt.count
        let dir = URL(fileURLWithPath: v.directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        let onDisk = Set(walk(dir)).subtracting([ManifestSignature.fileName])
        for path in onDisk.sorted() {
            guard let expected = rebuilt[path] else { r.extra.append(path); continue }
            let url = dir.appendingPathComponent(path)
            var st = stat()
            guard lstat(url.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, FileManager.default.contents(atPath: url.path) == expected else {
                r.differs.append(path); continue
            }
        }
        r.missing = rebuilt.keys.filter { !onDisk.contains($0) }.sorted()
        if !r.identical {
            if v.dirty { r.notes.append("the pack says it was built with uncommitted changes (\"dirty\": true): it does not come from commit \(commit.prefix(12)) alone, so its rebuild cannot match") }
            if repo.isShallow { r.notes.append("this clone is shallow: the rebuilt revision tables stop where its history does; rebuild in a full clone (git fetch --unshallow)") }
            if let version = v.toolVersion, version != ToolInfo.version {
                r.notes.append("the pack was written by isms \(version), this is isms \(ToolInfo.version): pages may differ because the tool changed; rebuild with isms \(version)")
            }
        }
        v.rebuild = r
    }

    /// A relative path with no `.`, `..` or empty segments, no backslash or NUL, not the manifest itself.
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\u{0}"), path != AuditPackManifest.fileName else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// Every file and symbolic link below `dir` (links are listed, never followed), as relative paths.
    static func walk(_ dir: URL) -> [String] {
        var out: [String] = []
        func visit(_ url: URL, _ rel: String) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
            for name in names {
                let child = url.appendingPathComponent(name)
                let path = rel.isEmpty ? name : rel + "/" + name
                var st = stat()
                guard lstat(child.path, &st) == 0 else { continue }
                if (st.st_mode & S_IFMT) == S_IFDIR { visit(child, path) } else { out.append(path) }
            }
        }
        visit(dir, "")
        return out
    }
}
