import Foundation
import GitKit
import ISMSModel

/// Where the ISMS is: the repository around it (if any), its configuration and its documents root.
public struct Workspace {
    public let repository: Repository?
    /// The folder holding isms.yml (or the given folder when there is none).
    public let configDirectory: URL
    public let documentsRoot: URL
    public let configuration: Configuration
    public let source: WorkingTreeSource
    /// The path the user asked about; findings outside it are not shown (nil: the whole ISMS).
    public let focus: String?

    /// Finds the ISMS that `path` is in or is: isms.yml in `path` or the nearest folder above it, within the repository;
    /// failing that, the one isms.yml below `path` (or below the repository root), so commands run from the root —
    /// where hooks and CI run — find an ISMS kept in a subfolder. Several below: the tool names them and stops.
    /// No isms.yml anywhere and no typed document: not an ISMS, said once (exit 2) instead of a finding per rule.
    /// `frameworks`: the `framework:` values accepted in isms.yml (only `isms transition` reads a 2013 ISMS).
    /// `revision`: in a bare repository (no working tree) the ISMS is found in this commit's tree; without one, a bare
    /// repository is refused.
    public static func locate(_ path: String, currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                              frameworks: [String] = Configuration.supportedFrameworks, revision: String? = nil) throws -> Workspace {
        let given = URL(fileURLWithPath: path, relativeTo: currentDirectory).standardizedFileURL
        if let bare = try bareRepository(around: given) {
            return try locateInTree(path, given: given, repository: bare, revision: revision, frameworks: frameworks)
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: given.path, isDirectory: &isDir) else {
            throw ToolFailure("\(path): no such file or folder")
        }
        let folder = isDir.boolValue ? given : given.deletingLastPathComponent()
        let repository: Repository?
        do { repository = try Repository.discover(containing: folder) } catch let e as GitError { throw ToolFailure(e.message) }
        let stop = repository?.workdir?.resolvingSymlinksInPath().path

        // isms.yml in the folder or, inside a repository, the nearest folder above it up to the working tree.
        var configURL: URL?
        var probe = folder.resolvingSymlinksInPath()
        while true {
            let candidate = probe.appendingPathComponent(Configuration.fileName)
            if FileManager.default.fileExists(atPath: candidate.path) { configURL = candidate; break }
            guard let stop, probe.path != stop, probe.path.hasPrefix(stop) else { break }
            probe = probe.deletingLastPathComponent()
        }
        var foundBelow = false
        if configURL == nil {
            var below = ISMSDiscovery.configurations(below: folder.resolvingSymlinksInPath(), repository: repository)
            if below.isEmpty, let top = repository?.workdir?.resolvingSymlinksInPath(), top.path != folder.resolvingSymlinksInPath().path {
                below = ISMSDiscovery.configurations(below: top, repository: repository)
            }
            if below.count > 1 {
                let base = repository?.workdir?.resolvingSymlinksInPath() ?? currentDirectory
                let names = below.map { WorkingTreeSource(root: $0, repository: repository, displayBase: base).displayPath($0) }
                throw ToolFailure("several ISMSs found below \(path): \(names.joined(separator: ", ")). Say which one: --in FOLDER (or the folder as the path for lint)")
            }
            configURL = below.first
            foundBelow = configURL != nil
        }
        let configDirectory = configURL?.deletingLastPathComponent() ?? folder.resolvingSymlinksInPath()
        var configuration = Configuration()
        var configurationBytes: Data?
        let displayBase = currentDirectory
        var source = WorkingTreeSource(root: configDirectory, repository: repository, displayBase: displayBase)
        if let configURL {
            let display = source.displayPath(configURL)
            // Never opened unless a regular file: a named pipe would block the read for ever.
            var st = stat()
            guard stat(configURL.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
                throw ToolFailure("\(display): the configuration file is not a regular file")
            }
            guard let data = FileManager.default.contents(atPath: configURL.path) else { throw ToolFailure("\(display): cannot read the configuration file") }
            configurationBytes = data
            let text: String
            switch TextDecoding.decode(data) {
            case .success(let t): text = t
            case .failure(let p): throw ToolFailure("\(display):\(p.position.line):\(p.position.column): \(p.message)")
            }
            configuration = try Configuration.parse(text, path: display, frameworks: frameworks)
        }
        // The organisation's own templates set the body headings each type must have.
        if let folder = configuration.templates.folder {
            let dir = configDirectory.appendingPathComponent(folder)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir.path, isDirectory: &isFolder), isFolder.boolValue {
                for type in DocumentType.allCases {
                    guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent(type.rawValue + ".md").path),
                          case .success(let text) = TextDecoding.decode(data) else { continue }
                    configuration.templates.fromFolder[type.rawValue] = TemplateHeadings.headings(ofTemplate: text)
                }
            } else {
                configuration.templates.folderMissing = true
            }
        }
        let documentsRoot = configDirectory.appendingPathComponent(configuration.root).standardizedFileURL
        guard FileManager.default.fileExists(atPath: documentsRoot.path) else {
            throw ToolFailure("\(configuration.path ?? "isms.yml"): root '\(configuration.root)' does not exist")
        }
        source = WorkingTreeSource(root: documentsRoot, repository: repository, displayBase: displayBase)
        if configURL == nil, try !ISMSDiscovery.hasTypedDocument(source) {
            throw ToolFailure(ISMSDiscovery.notAnISMS(path))
        }
        let focusPath = source.displayPath(given.resolvingSymlinksInPath())
        let rootPath = source.displayPath(documentsRoot.resolvingSymlinksInPath())
        let focus = foundBelow || focusPath == rootPath || given.resolvingSymlinksInPath().path == configDirectory.path ? nil : focusPath
        var workspace = Workspace(repository: repository, configDirectory: configDirectory, documentsRoot: documentsRoot,
                                  configuration: configuration, source: source, focus: focus)
        workspace.configurationBytes = configurationBytes
        return workspace
    }

    /// In a bare repository: the documents root in the tree (no working tree to take it from).
    var treeRootPath: String? = nil
    /// isms.yml as read from the working tree (nil: none, or read from a tree): what `configuration` was parsed from.
    var configurationBytes: Data? = nil

    /// Whether an isms.yml was found (nil configuration path: the built-in defaults, for typed documents without one).
    public var hasConfigurationFile: Bool { configuration.path != nil }

    /// The documents root's display path.
    public var rootPath: String { treeRootPath ?? source.displayPath(documentsRoot.resolvingSymlinksInPath()) }

    /// The bare repository `url` is in (or is), if it is in one.
    static func bareRepository(around url: URL) throws -> Repository? {
        let existing = URL(fileURLWithPath: WriteBoundary.deepestExisting(url.path))
        let repository: Repository?
        do { repository = try Repository.discover(containing: existing) } catch let e as GitError { throw ToolFailure(e.message) }
        guard let repository, repository.workdir == nil else { return nil }
        return repository
    }

    /// A bare repository (a server's, for a pre-receive hook): the ISMS is read from `revision`'s tree, with isms.yml
    /// found there as it would be in a checkout of it, so findings are those of a clone. Paths are the tree's.
    static func locateInTree(_ path: String, given: URL, repository repo: Repository, revision: String?,
                             frameworks: [String]) throws -> Workspace {
        let gitdir = WriteBoundary.realPath(repo.gitdir.path)
        guard let revision else {
            throw ToolFailure("\(gitdir) is a bare repository: there is no working tree (or index) to read. Read the ISMS "
                + "from a commit instead: `isms lint --rev HEAD`, or `isms check --range OLD..NEW` for a push (a pre-receive hook)")
        }
        let target = WriteBoundary.realPath(given.path)
        guard WriteBoundary.isBelow(target, gitdir) else { throw ToolFailure("\(path) is outside the bare repository \(gitdir)") }
        let asked = target == gitdir ? "" : String(target.dropFirst(gitdir.count + 1))
        let commit = try gitCall { try repo.resolveCommit(revision) }
        let tree = try gitCall { try repo.commit(commit).tree() }
        var folder = asked
        if !asked.isEmpty {
            guard let entry = try gitCall({ try tree.entry(at: asked) }) else {
                throw ToolFailure("\(asked): no such file or folder in \(revision)")
            }
            if entry.mode != 0o040000 { folder = RepositoryPath.parent(asked) }
        }
        // isms.yml in the folder or the nearest folder above it, as in a working tree.
        var configDir = folder
        var configEntry: Tree.Entry?
        while true {
            let candidate = configDir.isEmpty ? Configuration.fileName : configDir + "/" + Configuration.fileName
            if let e = try gitCall({ try tree.entry(at: candidate) }), e.isFile { configEntry = e; break }
            if configDir.isEmpty { configDir = folder; break }
            configDir = RepositoryPath.parent(configDir)
        }
        var configuration = Configuration()
        if let entry = configEntry {
            // With its templates folder, as a checkout's is read.
            configuration = try StoredConfiguration.read(at: entry.path, in: tree, repo, frameworks: frameworks) ?? configuration
        }
        let rootURL = URL(fileURLWithPath: "/" + configDir).appendingPathComponent(configuration.root).standardizedFileURL
        let rootPath = String(rootURL.path.dropFirst())
        guard !rootPath.hasPrefix(".."), rootURL.path.hasPrefix("/") else {
            throw ToolFailure("\(configuration.path ?? Configuration.fileName): root '\(configuration.root)' leaves the repository")
        }
        if !rootPath.isEmpty, try gitCall({ try tree.entry(at: rootPath) }) == nil {
            throw ToolFailure("\(configuration.path ?? Configuration.fileName): root '\(configuration.root)' does not exist in \(revision)")
        }
        let base = URL(fileURLWithPath: gitdir, isDirectory: true)
        let documentsRoot = rootPath.isEmpty ? base : base.appendingPathComponent(rootPath)
        let focus = asked == rootPath || asked == configDir ? nil : asked
        var workspace = Workspace(repository: repo, configDirectory: configDir.isEmpty ? base : base.appendingPathComponent(configDir),
                                  documentsRoot: documentsRoot, configuration: configuration,
                                  source: WorkingTreeSource(root: documentsRoot, repository: repo, displayBase: base), focus: focus)
        workspace.treeRootPath = rootPath
        return workspace
    }
}
