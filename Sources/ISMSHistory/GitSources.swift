import Foundation
import GitKit
import ISMSModel

/// The ISMS as it is in a commit, or in the index (what is staged): the same model and rules as the working tree.
public enum GitSources {
    /// The documents under `root` (a repository-relative folder, "" for all) in the tree of `commit`, read as a clean
    /// checkout of it reads them (see `StoredSource`). Reads the documents' blobs only; the list of every path, for
    /// link checks, is made the first time a link is checked.
    public static func commit(_ commit: ObjectID, in repository: Repository, root: String) throws -> StoredSource {
        let tree = try repository.commit(commit).tree()
        let source = StoredSource(name: "commit \(commit.short)", repository: repository, conflicted: []) {
            try tree.files(submodules: true).map { ($0.path, StoredSource.Item(oid: $0.oid, mode: $0.mode)) }
        }
        try source.readDocuments(try tree.files(under: root).map { ($0.path, StoredSource.Item(oid: $0.oid, mode: $0.mode)) }, root: root)
        return source
    }

    /// The documents under `root` as staged in the index. Conflicted entries (stages 1–3) are reported unreadable.
    public static func index(of repository: Repository, root: String) throws -> StoredSource {
        let index = try Index(repository: repository)
        var staged: [(String, StoredSource.Item)] = []
        var conflicted: [String: StoredSource.Item] = [:]
        for e in index.entries {
            if e.stage == 0 { staged.append((e.path, StoredSource.Item(oid: e.oid, mode: e.mode))) }
            else if conflicted[e.path] == nil { conflicted[e.path] = StoredSource.Item(oid: e.oid, mode: e.mode) }
        }
        let all = staged + conflicted.map { ($0.key, $0.value) }
        let source = StoredSource(name: "the index", repository: repository, conflicted: Set(conflicted.keys)) { all }
        let prefix = root.isEmpty ? "" : root + "/"
        try source.readDocuments(all.filter { $0.0.hasPrefix(prefix) }, root: root)
        return source
    }
}

/// Files as git stores them — a commit's tree, or the index — read the way `WorkingTreeSource` reads a clean checkout
/// of them, so `lint --rev`, a bare repository, `check --range` and `check --staged` find what `lint` finds in a clone:
/// - documents are the Markdown files below the root, hidden files and folders (a name starting with '.') left out;
/// - a link is checked against every path of the tree (a PDF, an image, a folder, a submodule's folder), through
///   symbolic links as the file system follows them;
/// - a symbolic link to a document is followed when it stays inside the repository and ends at a file; one that
///   leaves the repository (an absolute target, or `..` above the top) is never followed;
/// - blobs are read as committed: `.gitattributes` (eol, working-tree-encoding, filters such as Git LFS) is not applied,
///   and a submodule's own files are not read (a clone without `--recurse-submodules` has an empty folder there).
/// `ignore:` globs of isms.yml apply to both alike (ISMSLoader); git's ignore rules only ever drop untracked files.
public final class StoredSource: DocumentSource, @unchecked Sendable {
    public struct Item: Sendable {
        public let oid: ObjectID
        public let mode: UInt32
        public init(oid: ObjectID, mode: UInt32) { self.oid = oid; self.mode = mode }
        var isSymlink: Bool { mode == 0o120000 }
        var isFile: Bool { mode == 0o100644 || mode == 0o100755 }
    }

    public let name: String
    private let repository: Repository
    private let conflicted: Set<String>
    private let list: () throws -> [(String, Item)]
    private var paths: (items: [String: Item], folders: Set<String>)?
    private var documents: [String: SourceFile] = [:]
    /// libgit2 objects are not shared across threads, and rules ask in parallel.
    private let lock = NSLock()

    init(name: String, repository: Repository, conflicted: Set<String>, list: @escaping () throws -> [(String, Item)]) {
        self.name = name
        self.repository = repository
        self.conflicted = conflicted
        self.list = list
    }

    static func isDocument(_ path: String) -> Bool { path.hasSuffix(".md") || path.hasSuffix(".markdown") }

    /// Reads the documents among `entries` (the paths below `root`), leaving out hidden ones as a checkout's walk does.
    func readDocuments(_ entries: [(String, Item)], root: String) throws {
        let skip = root.isEmpty ? 0 : root.count + 1
        for (path, item) in entries where Self.isDocument(path) && documents[path] == nil {
            guard !path.dropFirst(skip).split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            if conflicted.contains(path) {
                documents[path] = SourceFile(path: path, content: .unreadable(reason: "unresolved merge conflict in the index: resolve it before committing"))
            } else if !item.isFile && !item.isSymlink {
                continue   // a submodule named like a document: a folder in a checkout
            } else {
                documents[path] = try read(path, item)
            }
        }
    }

    public func markdownFiles() throws -> [SourceFile] { documents.values.sorted { $0.path < $1.path } }

    public func file(at path: String) throws -> SourceFile? {
        if let d = documents[path] { return d }
        lock.lock(); defer { lock.unlock() }
        if conflicted.contains(path) {
            return SourceFile(path: path, content: .unreadable(reason: "unresolved merge conflict in the index: resolve it before committing"))
        }
        guard let item = try lookup(path) else { return nil }
        return try read(path, item)
    }

    public func exists(_ path: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard !path.hasPrefix("/"), let r = try? resolve(path) else { return false }
        if case .found = r { return true }
        return false
    }

    /// A regular file's bytes (not a symbolic link), when it has at most `limit` bytes: what the audit pack copies.
    public func regularFile(_ path: String, limit: Int) -> Data? {
        lock.lock(); defer { lock.unlock() }
        guard let item = try? lookup(path), item.isFile,
              let (data, size) = try? repository.blobData(item.oid, limit: limit), size <= limit else { return nil }
        return data
    }

    // MARK: Paths (callers hold the lock, or are still in the factory)

    private func lookup(_ path: String) throws -> Item? {
        if paths == nil {
            var items: [String: Item] = [:]
            var folders: Set<String> = [""]
            for (p, item) in try list() {
                items[p] = item
                for d in RepositoryPath.ancestors(p) where !folders.insert(d).inserted { break }
            }
            paths = (items, folders)
        }
        return paths?.items[path]
    }

    private func isFolder(_ path: String) -> Bool { paths?.folders.contains(path) ?? false }

    enum Resolution { case found(Item?), missing, outside }

    /// Where `path` leads, symbolic links followed as the file system follows them: to an entry (nil: a folder),
    /// nowhere, or out of the repository.
    func resolve(_ path: String) throws -> Resolution {
        var parts = path.split(separator: "/").map(String.init)
        var i = 0, hops = 0
        while i < parts.count {
            let here = parts[0...i].joined(separator: "/")
            if let item = try lookup(here) {
                if item.isSymlink {
                    hops += 1
                    guard hops <= 40 else { return .missing }   // ELOOP
                    let target = try linkTarget(item)
                    if target.hasPrefix("/") { return .outside }
                    var resolved = Array(parts[0..<i])
                    for segment in target.split(separator: "/") {
                        switch segment {
                        case ".": continue
                        case "..":
                            if resolved.isEmpty { return .outside }
                            resolved.removeLast()
                        default: resolved.append(String(segment))
                        }
                    }
                    parts = resolved + parts[(i + 1)...]
                    i = 0
                    continue
                }
                // A file, or a submodule's folder (empty in a clone), has nothing below it.
                guard i == parts.count - 1 else { return .missing }
                return .found(item)
            }
            guard isFolder(here) else { return .missing }
            i += 1
        }
        return .found(nil)
    }

    private func linkTarget(_ item: Item) throws -> String {
        String(decoding: try repository.blobData(item.oid, limit: 1 << 16).data, as: UTF8.self)
    }

    /// The file at `path` as a checkout holds it: a symbolic link followed when it stays inside the repository and
    /// ends at a file (its target's bytes under the link's name), as `WorkingTreeSource.read` does.
    private func read(_ path: String, _ item: Item) throws -> SourceFile {
        var file = item
        if item.isSymlink {
            let target = try linkTarget(item)
            switch try resolve(path) {
            case .outside: return SourceFile(path: path, content: .symlinkOutside(target: target))
            case .found(let end?) where end.isFile: file = end
            default: return SourceFile(path: path, content: .unreadable(reason: "symbolic link to '\(target)', which is not a readable file"))
            }
        }
        guard file.isFile else { return SourceFile(path: path, content: .unreadable(reason: "not a regular file (a submodule): not read")) }
        let (data, size) = try repository.blobData(file.oid, limit: SourceFile.maximumSize)
        if size > SourceFile.maximumSize { return SourceFile(path: path, content: .tooLarge(size: size)) }
        return SourceFile(path: path, content: .bytes(data), blob: file.oid.hex)
    }
}
