import Foundation
import GitKit
import ISMSHistory
import ISMSModel
import ISMSReport

/// Everything the audit pack is built from: the working tree (`report --out`), or the tree of the commit a pack records
/// (`report --verify --rebuild`). The builder reads only through this, so both build the same way.
struct PackInput {
    var repository: Repository?
    /// The commit the pack records (nil outside git or before the first commit).
    var head: ObjectID?
    var configuration: Configuration
    /// The isms.yml used, as a repository path (nil: the built-in defaults).
    var configurationPath: String?
    /// The documents root, as a repository path.
    var rootPath: String
    var documents: DocumentSource
    /// A file the pack copies (an image), by display path: its bytes when it is a regular file of at most
    /// `ImageCollector.maximumSize` bytes, else nil.
    var readFile: (String) -> Data?
    /// Whether the history reader may keep its cache in .git/isms (a rebuild writes nothing into the repository).
    var cacheHistory: Bool
    /// Whether the ISMS read differs from `head`, given the images copied.
    var differsFromHead: ([String]) throws -> Bool

    /// The ISMS in the working tree, its history up to HEAD.
    static func workingTree(_ workspace: Workspace) throws -> PackInput {
        let repo = workspace.repository
        let head = try repo.flatMap { r in try gitCall { try r.headCommitID() } }
        let source = workspace.source
        return PackInput(
            repository: repo, head: head, configuration: workspace.configuration, configurationPath: workspace.configuration.path,
            rootPath: workspace.rootPath, documents: source,
            readFile: { displayPath in
                let url = source.url(forDisplayPath: displayPath)
                var st = stat()
                guard lstat(url.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) <= ImageCollector.maximumSize else { return nil }
                return FileManager.default.contents(atPath: url.path)
            },
            cacheHistory: true,
            differsFromHead: { images in
                guard let repo, let head else { return false }
                return try gitCall { try Dirtiness.differs(workspace: workspace, repository: repo, head: head, images: images) }
            })
    }

    /// The ISMS as it is in `commit`: isms.yml at `configurationPath` (nil: the built-in defaults, with the documents at
    /// `source`), its templates folder, documents and images all from the commit's tree. Reads git objects only.
    static func commit(_ id: ObjectID, in repo: Repository, configurationPath: String?, source: String) throws -> PackInput {
        let tree = try gitCall { try repo.commit(id).tree() }
        var configuration = Configuration()
        var rootPath = source
        if let path = configurationPath {
            guard let entry = try gitCall({ try tree.entry(at: path) }), entry.isFile else {
                throw ToolFailure("\(path): not in commit \(id.short), though the pack says it was built with it")
            }
            configuration = try Configuration.parse(try StoredConfiguration.text(entry, repo), path: path)
            let configDir = RepositoryPath.parent(path)
            try StoredConfiguration.readTemplates(into: &configuration, configDirectory: configDir, tree: tree, repo)
            rootPath = try StoredConfiguration.join(configDir, configuration.root)
        }
        let documents = try gitCall { try GitSources.commit(id, in: repo, root: rootPath) }
        return PackInput(repository: repo, head: id, configuration: configuration, configurationPath: configurationPath,
                         rootPath: rootPath, documents: documents,
                         readFile: { documents.regularFile($0, limit: ImageCollector.maximumSize) },
                         cacheHistory: false, differsFromHead: { _ in false })
    }
}

/// Where the builder puts the pack's files.
protocol PackSink: AnyObject {
    var entries: [AuditPackManifest.Entry] { get }
    func write(_ path: String, _ data: Data) throws
    func writeAll(_ files: [(path: String, render: () -> Data)]) throws
}

/// A pack held in memory (the rebuild: nothing is written anywhere).
final class MemoryPack: PackSink, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var files: [String: Data] = [:]
    private(set) var entries: [AuditPackManifest.Entry] = []

    func write(_ path: String, _ data: Data) throws {
        let entry = AuditPackManifest.Entry(path: path, sha256: AuditPackManifest.sha256(data), bytes: data.count)
        lock.lock(); defer { lock.unlock() }
        files[path] = data
        entries.append(entry)
    }

    func writeAll(_ files: [(path: String, render: () -> Data)]) throws {
        DispatchQueue.concurrentPerform(iterations: files.count) { i in try? write(files[i].path, files[i].render()) }
    }
}
