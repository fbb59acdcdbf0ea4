import Foundation
import GitKit
import ISMSModel

/// The ISMS as it is in a commit, or in the index (what is staged): the same model and rules as the working tree.
public enum GitSources {
    /// Markdown files under `root` (a repository-relative folder, "" for all) in the tree of `commit`.
    public static func commit(_ commit: ObjectID, in repository: Repository, root: String) throws -> InMemorySource {
        let tree = try repository.commit(commit).tree()
        let entries = try tree.files(under: root)
        return InMemorySource(name: "commit \(commit.short)", files: try entries.compactMap { try read($0.path, $0.oid, $0.mode, repository) })
    }

    /// Markdown files under `root` as staged in the index. Conflicted entries (stages 1–3) are reported unreadable.
    public static func index(of repository: Repository, root: String) throws -> InMemorySource {
        let index = try Index(repository: repository)
        let prefix = root.isEmpty ? "" : root + "/"
        var files: [SourceFile] = []
        var conflicted: Set<String> = []
        for e in index.entries where e.path.hasPrefix(prefix) {
            if e.stage != 0 {
                if conflicted.insert(e.path).inserted, isMarkdown(e.path) {
                    files.append(SourceFile(path: e.path, content: .unreadable(reason: "unresolved merge conflict in the index: resolve it before committing")))
                }
                continue
            }
            if let f = try read(e.path, e.oid, e.mode, repository) { files.append(f) }
        }
        return InMemorySource(name: "the index", files: files)
    }

    static func isMarkdown(_ path: String) -> Bool { path.hasSuffix(".md") || path.hasSuffix(".markdown") || path == Configuration.fileName || path.hasSuffix("/" + Configuration.fileName) }

    static func read(_ path: String, _ oid: ObjectID, _ mode: UInt32, _ repository: Repository) throws -> SourceFile? {
        guard isMarkdown(path) else { return nil }
        if mode == 0o120000 {
            // A symlink stored in git: its blob is the target path. Never followed.
            let target = String(decoding: try repository.blobData(oid).data, as: UTF8.self)
            return SourceFile(path: path, content: .symlinkOutside(target: target))
        }
        let (data, size) = try repository.blobData(oid, limit: SourceFile.maximumSize)
        if size > SourceFile.maximumSize { return SourceFile(path: path, content: .tooLarge(size: size)) }
        return SourceFile(path: path, content: .bytes(data), blob: oid.hex)
    }
}
