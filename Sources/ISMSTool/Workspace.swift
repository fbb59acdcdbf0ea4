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
    public static func locate(_ path: String, currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                              frameworks: [String] = Configuration.supportedFrameworks) throws -> Workspace {
        let given = URL(fileURLWithPath: path, relativeTo: currentDirectory).standardizedFileURL
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
        let displayBase = currentDirectory
        var source = WorkingTreeSource(root: configDirectory, repository: repository, displayBase: displayBase)
        if let configURL {
            let display = source.displayPath(configURL)
            guard let data = FileManager.default.contents(atPath: configURL.path) else { throw ToolFailure("\(display): cannot read the configuration file") }
            let text: String
            switch TextDecoding.decode(data) {
            case .success(let t): text = t
            case .failure(let p): throw ToolFailure("\(display):\(p.position.line):\(p.position.column): \(p.message)")
            }
            configuration = try Configuration.parse(text, path: display, frameworks: frameworks)
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
        return Workspace(repository: repository, configDirectory: configDirectory, documentsRoot: documentsRoot,
                         configuration: configuration, source: source, focus: focus)
    }

    /// Whether an isms.yml was found (nil configuration path: the built-in defaults, for typed documents without one).
    public var hasConfigurationFile: Bool { configuration.path != nil }

    /// The documents root's display path.
    public var rootPath: String { source.displayPath(documentsRoot.resolvingSymlinksInPath()) }
}
