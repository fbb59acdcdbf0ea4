import Foundation
import GitKit
import ISMSModel

/// isms.yml and its templates folder as stored in a commit's tree, read as `Workspace.locate` reads them from a
/// checkout: what `lint --rev`, a bare repository, `check --range` (at BASE) and the pack rebuild judge by.
enum StoredConfiguration {
    /// The configuration file at `path` in `tree` (nil when there is none), with its templates folder's headings.
    static func read(at path: String, in tree: Tree, _ repo: Repository, frameworks: [String] = Configuration.supportedFrameworks) throws -> Configuration? {
        guard let entry = try gitCall({ try tree.entry(at: path) }), entry.isFile else { return nil }
        var configuration = try Configuration.parse(try text(entry, repo), path: path, frameworks: frameworks)
        try readTemplates(into: &configuration, configDirectory: RepositoryPath.parent(path), tree: tree, repo)
        return configuration
    }

    /// The headings of the organisation's templates (`templates: folder:`), from the tree; or the folder is missing.
    static func readTemplates(into configuration: inout Configuration, configDirectory: String, tree: Tree, _ repo: Repository) throws {
        guard let folder = configuration.templates.folder else { return }
        let dir = try join(configDirectory, folder)
        guard let e = try gitCall({ try tree.entry(at: dir) }), e.mode == 0o040000 else {
            configuration.templates.folderMissing = true
            return
        }
        for type in DocumentType.allCases {
            guard let t = try gitCall({ try tree.entry(at: dir + "/" + type.rawValue + ".md") }), t.isFile,
                  let text = try? text(t, repo) else { continue }
            configuration.templates.fromFolder[type.rawValue] = TemplateHeadings.headings(ofTemplate: text)
        }
    }

    static func text(_ entry: Tree.Entry, _ repo: Repository) throws -> String {
        let blob = try gitCall { try repo.blobData(entry.oid, limit: SourceFile.maximumSize) }
        guard blob.size <= SourceFile.maximumSize else { throw ToolFailure("\(entry.path): too large to be read") }
        switch TextDecoding.decode(blob.data) {
        case .success(let t): return t
        case .failure(let p): throw ToolFailure("\(entry.path):\(p.position.line):\(p.position.column): \(p.message)")
        }
    }

    /// `base` + `relative` as a repository path ("" for the top); refuses one that leaves the repository.
    static func join(_ base: String, _ relative: String) throws -> String {
        let url = URL(fileURLWithPath: "/" + base).appendingPathComponent(relative).standardizedFileURL
        guard url.path.hasPrefix("/"), !url.path.hasPrefix("/..") else { throw ToolFailure("'\(relative)' in \(base.isEmpty ? "." : base) leaves the repository") }
        return String(url.path.dropFirst())
    }
}
