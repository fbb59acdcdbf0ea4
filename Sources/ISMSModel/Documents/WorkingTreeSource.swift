import Foundation
import GitKit

/// Documents as they are on disk: Markdown files under the ISMS root that git tracks or does not ignore.
public struct WorkingTreeSource: DocumentSource {
    public let root: URL
    /// The folder display paths are relative to (the repository's working tree, or the current directory).
    public let base: URL
    /// The boundary symlinks may not leave (the repository's working tree, or the ISMS root outside git).
    public let boundary: URL
    public let repository: Repository?
    public var name: String { "the working tree" }

    public init(root: URL, repository: Repository?, displayBase: URL) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        self.repository = repository
        base = (repository?.workdir ?? displayBase).standardizedFileURL.resolvingSymlinksInPath()
        boundary = (repository?.workdir ?? root).standardizedFileURL.resolvingSymlinksInPath()
    }

    /// The display path of a file URL: relative to `base` when under it, absolute otherwise.
    public func displayPath(_ url: URL) -> String {
        let p = url.standardizedFileURL.path, b = base.path.hasSuffix("/") ? base.path : base.path + "/"
        if p + "/" == b { return "" }
        return p.hasPrefix(b) ? String(p.dropFirst(b.count)) : p
    }

    public func url(forDisplayPath path: String) -> URL {
        path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
    }

    public func markdownFiles() throws -> [SourceFile] {
        var tracked: Set<String> = []
        var trackedDirs: Set<String> = []
        if let repo = repository, !repo.isBare, let index = try? Index(repository: repo) {
            for entry in index.entries {
                tracked.insert(entry.path)
                for dir in RepositoryPath.ancestors(entry.path) where !trackedDirs.insert(dir).inserted { break }
            }
        }
        var urls: [URL] = []
        try walk(root, tracked: tracked, trackedDirs: trackedDirs, into: &urls)
        urls.sort { $0.path < $1.path }
        return urls.map { read($0) }
    }

    private func walk(_ dir: URL, tracked: Set<String>, trackedDirs: Set<String>, into urls: inout [URL]) throws {
        let fm = FileManager.default
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: dir.path) } catch {
            throw ToolFailure("cannot read the folder \(displayPath(dir)): \(error.localizedDescription)")
        }
        for name in names.sorted() where name != ".git" && !name.hasPrefix(".") {
            let url = dir.appendingPathComponent(name)
            let rel = displayPath(url)
            var st = stat()
            guard lstat(url.path, &st) == 0 else { continue }
            let isLink = (st.st_mode & S_IFMT) == S_IFLNK
            let isDir = (st.st_mode & S_IFMT) == S_IFDIR
            if isDir {
                if repository != nil, !trackedDirs.contains(rel), repository!.isIgnored(rel + "/") { continue }
                try walk(url, tracked: tracked, trackedDirs: trackedDirs, into: &urls)
            } else if name.hasSuffix(".md") || name.hasSuffix(".markdown") {
                if repository != nil, !tracked.contains(rel), repository!.isIgnored(rel) { continue }
                if isLink || (st.st_mode & S_IFMT) == S_IFREG { urls.append(url) }
            }
        }
    }

    private func inside(_ url: URL) -> Bool {
        let p = url.path, b = boundary.path.hasSuffix("/") ? boundary.path : boundary.path + "/"
        return p == boundary.path || p.hasPrefix(b)
    }

    func read(_ url: URL) -> SourceFile {
        let path = displayPath(url)
        var st = stat()
        if lstat(url.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) ?? "?"
            let resolved = url.resolvingSymlinksInPath()
            var tst = stat()
            // A link is followed only when it stays inside the repository and ends at a regular file.
            guard inside(resolved), stat(resolved.path, &tst) == 0, (tst.st_mode & S_IFMT) == S_IFREG else {
                return SourceFile(path: path, content: inside(resolved) ? .unreadable(reason: "symbolic link to '\(target)', which is not a readable file") : .symlinkOutside(target: target))
            }
            return readRegular(resolved, path: path)
        }
        return readRegular(url, path: path)
    }

    private func readRegular(_ url: URL, path: String) -> SourceFile {
        var st = stat()
        guard stat(url.path, &st) == 0 else { return SourceFile(path: path, content: .unreadable(reason: "cannot read the file: \(String(cString: strerror(errno)))")) }
        if Int(st.st_size) > SourceFile.maximumSize { return SourceFile(path: path, content: .tooLarge(size: Int(st.st_size))) }
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            return SourceFile(path: path, content: .unreadable(reason: "cannot open the file for reading (permissions?)"))
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: SourceFile.maximumSize + 1)) ?? Data()
        if data.count > SourceFile.maximumSize { return SourceFile(path: path, content: .tooLarge(size: data.count)) }
        return SourceFile(path: path, content: .bytes(data))
    }

    public func file(at path: String) throws -> SourceFile? {
        let url = url(forDisplayPath: path)
        var st = stat()
        guard lstat(url.path, &st) == 0 else { return nil }
        return read(url)
    }

    public func exists(_ path: String) -> Bool {
        let url = url(forDisplayPath: path).standardizedFileURL
        guard inside(url) else { return false }
        return FileManager.default.fileExists(atPath: url.path)
    }
}
