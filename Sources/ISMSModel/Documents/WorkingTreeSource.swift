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

    /// In a sparse checkout: the files git keeps out of the working tree (skip-worktree in the index), by path, with
    /// their blobs. Documents among them are read as staged, not reported missing.
    public let outsideSparseCheckout: [String: ObjectID]
    private let sparseFolders: Set<String>

    public init(root: URL, repository: Repository?, displayBase: URL) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        self.repository = repository
        base = (repository?.workdir ?? displayBase).standardizedFileURL.resolvingSymlinksInPath()
        boundary = (repository?.workdir ?? root).standardizedFileURL.resolvingSymlinksInPath()
        var sparse: [String: ObjectID] = [:]
        var folders: Set<String> = []
        // git sparse-checkout keeps its setting in config.worktree, which libgit2 1.5 does not read: its patterns file
        // is the sign (the index is read only then).
        if let repo = repository, !repo.isBare,
           repo.configString("core.sparseCheckout")?.lowercased() == "true"
            || FileManager.default.fileExists(atPath: repo.gitdir.appendingPathComponent("info/sparse-checkout").path),
           let index = try? Index(repository: repo) {
            for e in index.entries where e.skipWorktree && e.stage == 0 {
                sparse[e.path] = e.oid
                for dir in RepositoryPath.ancestors(e.path) where !folders.insert(dir).inserted { break }
            }
        }
        outsideSparseCheckout = sparse
        sparseFolders = folders
    }

    /// Said once when a sparse checkout keeps documents of the ISMS out of the working tree.
    public func sparseCheckoutNotice() -> String? {
        let prefix = rootPrefix
        let documents = outsideSparseCheckout.filter { ($0.key.hasPrefix(prefix)) && Self.isMarkdown($0.key) }
        guard !documents.isEmpty, let repo = repository else { return nil }
        let absent = documents.values.filter { !repo.hasObject($0) }.count
        var text = "sparse checkout: \(documents.count) document\(documents.count == 1 ? "" : "s") of the ISMS outside the sparse cone \(documents.count == 1 ? "was" : "were") read as staged in the index, not from the working tree"
        if absent > 0 {
            text += "; \(absent) of them \(absent == 1 ? "is" : "are") not in this partial clone and \(absent == 1 ? "is" : "are") reported unreadable (git sparse-checkout add, or git fetch, to get them)"
        }
        return text
    }

    static func isMarkdown(_ path: String) -> Bool { path.hasSuffix(".md") || path.hasSuffix(".markdown") }

    /// The documents root's display path with a trailing slash ("" for the working tree's top).
    private var rootPrefix: String {
        let r = displayPath(root)
        return r.isEmpty ? "" : r + "/"
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
        var found: [(path: String, rel: String, isLink: Bool)] = []
        var problems: [SourceFile] = []
        let rootRel = displayPath(root)
        try walk(root.path, rel: rootRel, tracked: tracked, trackedDirs: trackedDirs, into: &found, problems: &problems)
        var files = found.map { f in f.isLink ? read(URL(fileURLWithPath: f.path)) : readRegular(f.path, path: f.rel, notALink: true) } + problems
        // Outside the sparse cone: as staged (git would check them out so).
        let onDisk = Set(files.map(\.path))
        let prefix = rootPrefix
        for (path, oid) in outsideSparseCheckout where path.hasPrefix(prefix) && Self.isMarkdown(path) && !onDisk.contains(path) {
            if let repo = repository, repo.isIgnored(path), !tracked.contains(path) { continue }
            do {
                let (data, size) = try repository!.blobData(oid, limit: SourceFile.maximumSize)
                files.append(SourceFile(path: path, content: size > SourceFile.maximumSize ? .tooLarge(size: size) : .bytes(data)))
            } catch {
                files.append(SourceFile(path: path, content: .unreadable(reason: "outside the sparse checkout, and its content is not in this clone: \(error)")))
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Folders as plain paths, not URLs: standardising a URL per file was most of listing a large ISMS.
    private func walk(_ dir: String, rel dirRel: String, tracked: Set<String>, trackedDirs: Set<String>,
                      into found: inout [(path: String, rel: String, isLink: Bool)], problems: inout [SourceFile]) throws {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: dir) } catch {
            // The ISMS folder itself unreadable: nothing to lint. A folder in it: a finding, and the rest is read.
            guard dir != root.path else {
                throw ToolFailure("cannot read the folder \(displayPath(root)): \(error.localizedDescription)")
            }
            let reason = access(dir, R_OK | X_OK) != 0 ? String(cString: strerror(errno)) : error.localizedDescription
            problems.append(SourceFile(path: dirRel, content: .unreadable(reason: "cannot read the folder: \(reason); the documents in it were not checked")))
            return
        }
        for name in names.sorted() where name != ".git" && !name.hasPrefix(".") {
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            // Under the working tree, relative to it (as git names it); the root outside it, absolute.
            let rel = dirRel.isEmpty ? name : dirRel + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            let isLink = (st.st_mode & S_IFMT) == S_IFLNK
            let isDir = (st.st_mode & S_IFMT) == S_IFDIR
            if isDir {
                if repository != nil, !trackedDirs.contains(rel), repository!.isIgnored(rel + "/") { continue }
                try walk(path, rel: rel, tracked: tracked, trackedDirs: trackedDirs, into: &found, problems: &problems)
            } else if name.hasSuffix(".md") || name.hasSuffix(".markdown") {
                if repository != nil, !tracked.contains(rel), repository!.isIgnored(rel) { continue }
                if isLink || (st.st_mode & S_IFMT) == S_IFREG {
                    found.append((path, rel, isLink))
                } else {
                    // Never opened: a named pipe would block the read for ever.
                    problems.append(SourceFile(path: rel, content: .unreadable(reason: "not a regular file (\(Self.kind(of: st.st_mode))): not read")))
                }
            }
        }
    }

    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a named pipe"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        default: return "not a file"
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

    private func readRegular(_ url: URL, path: String) -> SourceFile { readRegular(url.path, path: path) }

    /// One open, one fstat, one read: the file judged as opened (it cannot be swapped between a check and the read).
    /// `notALink`: seen as a file when listed; a link put in its place since is read as a link.
    private func readRegular(_ file: String, path: String, notALink: Bool = false) -> SourceFile {
        let fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (notALink ? O_NOFOLLOW : 0))
        guard fd >= 0 else {
            if notALink, errno == ELOOP { return read(URL(fileURLWithPath: file)) }
            let reason = errno == EACCES ? "cannot open the file for reading (permissions?)" : "cannot read the file: \(String(cString: strerror(errno)))"
            return SourceFile(path: path, content: .unreadable(reason: reason))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return SourceFile(path: path, content: .unreadable(reason: "cannot read the file: \(String(cString: strerror(errno)))")) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return SourceFile(path: path, content: .unreadable(reason: "not a regular file (\(Self.kind(of: st.st_mode))): not read")) }
        if Int(st.st_size) > SourceFile.maximumSize { return SourceFile(path: path, content: .tooLarge(size: Int(st.st_size))) }
        // A byte more than fstat said: a file that grew since is read on, up to one byte past the limit.
        var data = Data(count: Int(st.st_size) + 1)
        var count = 0
        while true {
            let n = data.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { return SourceFile(path: path, content: .unreadable(reason: "cannot read the file: \(String(cString: strerror(errno)))")) }
            if n == 0 { break }
            count += n
            if count == data.count {
                guard count <= SourceFile.maximumSize else { return SourceFile(path: path, content: .tooLarge(size: count)) }
                data.count = SourceFile.maximumSize + 1
            }
        }
        data.count = count
        return SourceFile(path: path, content: .bytes(data))
    }

    public func file(at path: String) throws -> SourceFile? {
        let url = url(forDisplayPath: path)
        var st = stat()
        guard lstat(url.path, &st) == 0 else {
            if let oid = outsideSparseCheckout[path], let repo = repository, let (data, size) = try? repo.blobData(oid, limit: SourceFile.maximumSize) {
                return SourceFile(path: path, content: size > SourceFile.maximumSize ? .tooLarge(size: size) : .bytes(data))
            }
            return nil
        }
        return read(url)
    }

    public func exists(_ path: String) -> Bool {
        let url = url(forDisplayPath: path).standardizedFileURL
        guard inside(url) else { return false }
        if FileManager.default.fileExists(atPath: url.path) { return true }
        // Outside a sparse checkout's cone the file is in git, only not checked out.
        guard !outsideSparseCheckout.isEmpty else { return false }
        let rel = displayPath(url)
        return outsideSparseCheckout[rel] != nil || sparseFolders.contains(rel)
    }
}
