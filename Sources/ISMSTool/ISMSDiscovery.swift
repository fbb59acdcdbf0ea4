import Foundation
import GitKit
import ISMSModel

/// Finding an ISMS below a folder: from the repository root, where hooks and CI run, the ISMS is often in a subfolder.
enum ISMSDiscovery {
    /// Folders that hold copies of an ISMS which are not the organisation's: templates, test fixtures, dependencies.
    static let skippedFolders: Set<String> = [
        "templates", "template", "Tests", "tests", "test", "Fixtures", "fixtures", "testdata", "examples",
        "node_modules", "vendor", "Pods", "Carthage", "build", "dist", "target",
    ]

    /// Every isms.yml below `folder` (not below another one: an ISMS's subfolders belong to it), skipping hidden and
    /// git-ignored folders and `skippedFolders`, at most a few levels deep so a large repository stays fast.
    static func configurations(below folder: URL, repository: Repository?, depth: Int = 4) -> [URL] {
        var found: [URL] = []
        let workdir = repository?.workdir?.resolvingSymlinksInPath().path
        func visit(_ dir: URL, _ level: Int) {
            guard level <= depth, let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return }
            for name in names.sorted() where !name.hasPrefix(".") && !skippedFolders.contains(name) {
                let url = dir.appendingPathComponent(name)
                var st = stat()
                // Never follow a symbolic link out of the tree.
                guard lstat(url.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { continue }
                if let repository, let workdir, url.path.hasPrefix(workdir + "/") {
                    let rel = String(url.path.dropFirst(workdir.count + 1))
                    if repository.isIgnored(rel + "/") { continue }
                }
                let config = url.appendingPathComponent(Configuration.fileName)
                if FileManager.default.fileExists(atPath: config.path) { found.append(config); continue }
                visit(url, level + 1)
            }
        }
        visit(folder, 1)
        return found
    }

    /// Whether any Markdown file has front matter with a `type:` (an ISMS without isms.yml still runs on defaults).
    static func hasTypedDocument(_ source: WorkingTreeSource) throws -> Bool {
        try source.markdownFiles().contains { Document.load($0, parseBody: false).typeName != nil }
    }

    static func notAnISMS(_ path: String) -> String {
        "no ISMS found in \(path == "." ? "this folder" : path): no isms.yml here, above it or below it, and no document with a `type:` in its front matter. "
            + "Start one with `isms init isms` (a folder for the ISMS, then commit it), or point at an existing one with --in FOLDER"
    }
}
