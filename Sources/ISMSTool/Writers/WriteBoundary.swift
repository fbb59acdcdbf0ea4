import Foundation
import GitKit
import ISMSModel

/// Where the writers (`init`, `new`, `report --out`) may write. By real path, never through a symbolic link that
/// leads out of the repository (or out of the ISMS folder outside git), the boundary `lint` keeps when it reads; and
/// never into a git directory, whose hooks and config git would run. Checked for every file before anything is written.
public struct WriteBoundary {
    /// The real path writes must stay below; nil: anywhere (the audit pack goes where the user says).
    public let root: URL?
    /// Real paths of the git directories (the repository's own and, for a linked worktree, the common one).
    let gitDirectories: [String]

    public init(root: URL?, repository: Repository?) {
        self.root = root.map { URL(fileURLWithPath: WriteBoundary.realPath($0.standardizedFileURL.path)) }
        var dirs: [String] = []
        if let repository {
            for dir in [repository.gitdir, repository.commonDirectory] {
                let real = WriteBoundary.realPath(dir.standardizedFileURL.path)
                if !dirs.contains(real) { dirs.append(real) }
            }
        }
        gitDirectories = dirs
    }

    /// The boundary for a new ISMS in `directory`: the repository around it, or the folder itself outside git.
    public static func forNewISMS(in directory: URL) -> WriteBoundary {
        let existing = deepestExisting(directory.standardizedFileURL.path)
        let repository = try? Repository.discover(containing: URL(fileURLWithPath: existing))
        return WriteBoundary(root: repository?.workdir ?? directory, repository: repository)
    }

    /// Throws (and the caller writes nothing) when `file` would land in a git directory or outside the boundary.
    public func check(_ file: URL, display: String) throws {
        let path = file.standardizedFileURL.path
        // The folder's real path; the file itself, if a link, is replaced rather than written through.
        let folder = WriteBoundary.realPath((path as NSString).deletingLastPathComponent)
        let real = (folder as NSString).appendingPathComponent((path as NSString).lastPathComponent)
        if let git = gitDirectories.first(where: { WriteBoundary.isBelow(real, $0) }) ?? WriteBoundary.dotGit(in: real) {
            throw ToolFailure("refusing to write \(display): it is inside the git directory \(git), "
                + "where git keeps its own configuration and hooks; nothing was written")
        }
        if let root, !WriteBoundary.isBelow(real, root.path) {
            let link = WriteBoundary.firstLinkLeaving(path, root: root.path)
            let how = link.map { "\($0.link) is a symbolic link to \($0.target)" } ?? "its real path is \(real)"
            throw ToolFailure("refusing to write \(display): \(how), outside \(root.path); writers never follow a link "
                + "out of the repository (or of the ISMS folder outside git); nothing was written")
        }
    }

    /// The leading part of `path` up to a component named `.git` (any case: case-insensitive file systems), if any.
    static func dotGit(in path: String) -> String? {
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix += "/" + part
            if part.lowercased() == ".git" { return prefix }
        }
        return nil
    }

    static func isBelow(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// The nearest folder of `path` (or `path` itself) that exists.
    static func deepestExisting(_ path: String) -> String {
        var probe = path
        var st = stat()
        while lstat(probe, &st) != 0, probe != "/", !probe.isEmpty { probe = (probe as NSString).deletingLastPathComponent }
        return probe.isEmpty ? "/" : probe
    }

    /// `path` with every symbolic link resolved, also when its last components do not exist yet.
    static func realPath(_ path: String) -> String {
        let existing = deepestExisting(path)
        var resolved = existing
        if let r = realpath(existing, nil) { resolved = String(cString: r); free(r) }
        let rest = path.dropFirst(existing.count).split(separator: "/").map(String.init)
        return rest.reduce(resolved) { ($0 as NSString).appendingPathComponent($1) }
    }

    /// The first component of `path` that is a symbolic link resolving outside `root`, with its target.
    static func firstLinkLeaving(_ path: String, root: String) -> (link: String, target: String)? {
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix += "/" + part
            var st = stat()
            guard lstat(prefix, &st) == 0 else { return nil }
            // A link above the boundary (macOS's /tmp → /private/tmp) is where the boundary itself is, not a way out.
            let real = realPath(prefix)
            if (st.st_mode & S_IFMT) == S_IFLNK, !isBelow(real, root), !isBelow(root, real) {
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: prefix)) ?? realPath(prefix)
                return (prefix, target)
            }
        }
        return nil
    }
}

extension Workspace {
    /// Every writer that adds to an existing ISMS goes through here: each target is checked against the repository's
    /// boundary (no git directory, no link leading out) before anything is written, then all are written atomically.
    func writeInside(_ files: [(url: URL, text: String)], force: Bool) throws {
        let boundary = WriteBoundary(root: source.boundary, repository: repository)
        for file in files { try boundary.check(file.url, display: source.displayPath(file.url)) }
        try AtomicWriter.write(files, force: force, displayBase: source.base)
    }
}
