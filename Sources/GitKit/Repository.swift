import CLibgit2
import Foundation

/// An open git repository: the one owner of a `git_repository*`.
public final class Repository: @unchecked Sendable {
    let handle: OpaquePointer

    /// The working tree (with a trailing slash stripped), or nil for a bare repository.
    public let workdir: URL?
    /// The git directory (`.git`, or the repository itself when bare).
    public let gitdir: URL

    private init(handle: OpaquePointer) {
        self.handle = handle
        if let wd = git_repository_workdir(handle) {
            workdir = URL(fileURLWithPath: String(cString: wd), isDirectory: true).standardizedFileURL
        } else {
            workdir = nil
        }
        gitdir = URL(fileURLWithPath: String(cString: git_repository_path(handle)), isDirectory: true).standardizedFileURL
        // Damaged loose objects become an error naming them, never an endless loop (libgit2 issue 7342).
        _ = isms_git_add_loose_guard(handle, CorruptObjectReport.buffer)
        addQuarantinedObjects()
    }

    /// In a pre-receive hook git keeps the pushed objects in a quarantine folder inside `objects/`, named by
    /// GIT_QUARANTINE_PATH (and GIT_OBJECT_DIRECTORY); libgit2 does not read those variables, so without this the
    /// pushed commits would be "not a revision". Only a folder inside this repository's own objects is taken.
    private func addQuarantinedObjects() {
        let env = ProcessInfo.processInfo.environment
        guard let dir = env["GIT_QUARANTINE_PATH"] ?? env["GIT_OBJECT_DIRECTORY"], !dir.isEmpty else { return }
        let objects = commonDirectory.appendingPathComponent("objects").resolvingSymlinksInPath().path + "/"
        let quarantine = URL(fileURLWithPath: dir, relativeTo: gitdir).standardizedFileURL.resolvingSymlinksInPath().path
        guard quarantine.hasPrefix(objects) else { return }
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, handle) == 0 else { return }
        defer { git_odb_free(odb) }
        if git_odb_add_disk_alternate(odb, quarantine) == 0 { isQuarantined = true }
    }
    /// Objects are read from a quarantine folder too (see `addQuarantinedObjects`).
    private(set) var isQuarantined = false

    deinit { git_repository_free(handle) }

    /// This repository's packs, read directly (see `PackedObjects`); opened at the first blob read.
    var packedObjects: PackedObjects {
        packLock.lock(); defer { packLock.unlock() }
        if let p = packs { return p }
        let p = PackedObjects(objectsDirectory: commonDirectory.appendingPathComponent("objects"),
                              cacheBytes: Self.objectCacheBytes / cacheShare, treeCacheBytes: Self.treeCacheBytes / cacheShare)
        packs = p
        return p
    }
    private var packs: PackedObjects?

    /// Trees read for comparison (see `RawTrees`); made at the first comparison.
    var rawTrees: RawTrees {
        packLock.lock(); defer { packLock.unlock() }
        if let t = trees { return t }
        let t = RawTrees(repository: self, budget: Self.comparedTreeBytes / cacheShare)
        trees = t
        return t
    }
    private var trees: RawTrees?

    /// Frees what the pack reader keeps to read successive versions quickly (up to 64 MiB), once they are read.
    public func forgetResolvedObjects() {
        packLock.lock(); defer { packLock.unlock() }
        packs?.forgetResolved()
        trees?.removeAll()
    }
    private let packLock = NSLock()

    /// Lets the kernel drop the pack pages this process holds mapped (see `Pack.releasePages`): a read of many
    /// versions touches most of the pack, and what it touched would otherwise count in the command's memory.
    public func releasePackPages() {
        packLock.lock(); defer { packLock.unlock() }
        packs?.releasePages()
    }

    /// Frees the trees kept to compare them (see `changedFiles`), once a walk has compared them.
    public func forgetComparedTrees() {
        packLock.lock(); defer { packLock.unlock() }
        packs?.forgetTrees()
        trees?.removeAll()
    }

    /// Opens the repository that contains `path` (searching upwards, like git does).
    /// Returns nil when `path` is in no repository; throws when a repository is there but cannot be opened.
    public static func discover(containing path: URL) throws -> Repository? {
        Libgit2.initialise()
        var buf = git_buf()
        defer { git_buf_dispose(&buf) }
        let code = git_repository_discover(&buf, path.path, 0, nil)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot look for a git repository at \(path.path)")
        let found = String(cString: buf.ptr)
        return try open(at: URL(fileURLWithPath: found))
    }

    /// Opens the repository at exactly `path` (a working tree, a `.git` directory, or a bare repository).
    public static func open(at path: URL) throws -> Repository {
        Libgit2.initialise()
        var repo: OpaquePointer?
        let code = git_repository_open_ext(&repo, path.path, UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue), nil)
        if code < 0 {
            let error = GitError.last(code: code, context: "cannot open the git repository at \(path.path)")
            // libgit2 1.5 reports an ownership mismatch either as GIT_EOWNER or, misleadingly, as a missing
            // 'safe.directory' config value. Say what it really is and what to do.
            if code == GIT_EOWNER.rawValue || error.message.contains("safe.directory") {
                let trusted = safeDirectory(forGitDirectory: path)
                throw GitError(kind: .ownedByAnotherUser, code: code, message:
                    "the git repository at \(trusted) is owned by another user, so git refuses to trust it. "
                    + "If you trust it, run: git config --global --add safe.directory \(shellQuoted(trusted))  "
                    + "(or run isms as the repository's owner; in CI containers, chown the checkout)")
            }
            if code == GIT_ENOTFOUND.rawValue {
                throw GitError(kind: .notARepository, code: code, message: "\(path.path) is not a git repository")
            }
            throw error
        }
        return Repository(handle: repo!)
    }

    /// The same repository opened again: a handle (and pack reader, and tree caches) of its own for another thread,
    /// since libgit2 wants a repository handle used by one thread at a time. Its caches get `1/share` of the usual
    /// budgets: several open at once would otherwise add up in the command's peak memory.
    public func openedAgain(cacheShare share: Int = 1) throws -> Repository {
        let r = try Repository.open(at: gitdir)
        r.cacheShare = max(1, share)
        // The same packs' mappings (see `PackedObjects.init(sharingPacksOf:)`), when both open the same objects folder.
        if r.commonDirectory == commonDirectory {
            r.packs = PackedObjects(sharingPacksOf: packedObjects, cacheBytes: Self.objectCacheBytes / r.cacheShare,
                                    treeCacheBytes: Self.treeCacheBytes / r.cacheShare)
        }
        return r
    }
    /// The caches' budgets are divided by this (see `openedAgain`).
    private var cacheShare = 1
    /// The pack reader's budgets: resolved objects (versions above all) and trees with their delta bases; and the
    /// trees kept parsed for comparison (see `RawTrees`).
    static let objectCacheBytes = 64 << 20, treeCacheBytes = 16 << 20, comparedTreeBytes = 8 << 20

    /// The git directory shared by all worktrees (objects, config, hooks); `gitdir` itself outside a linked worktree.
    public var commonDirectory: URL {
        guard let dir = git_repository_commondir(handle) else { return gitdir }
        return URL(fileURLWithPath: String(cString: dir), isDirectory: true).standardizedFileURL
    }

    /// The path git's `safe.directory` takes for the repository with git directory `gitdir`: its working tree (git
    /// and libgit2 compare the top level, so `<repo>/.git` is not accepted), or the git directory itself when bare.
    public static func safeDirectory(forGitDirectory gitdir: URL) -> String {
        let dir = gitdir.standardizedFileURL
        if dir.lastPathComponent == ".git" { return dir.deletingLastPathComponent().path }
        // A linked worktree: its git directory names the worktree's `.git` file in `gitdir`.
        if let text = try? String(contentsOf: dir.appendingPathComponent("gitdir"), encoding: .utf8) {
            let file = URL(fileURLWithPath: text.trimmingCharacters(in: .whitespacesAndNewlines)).standardizedFileURL
            if file.lastPathComponent == ".git" { return file.deletingLastPathComponent().path }
        }
        return dir.path
    }

    public var isBare: Bool { git_repository_is_bare(handle) == 1 }
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }
    public var isEmpty: Bool { git_repository_is_empty(handle) == 1 }

    /// True when git would ignore `relativePath` (a path relative to the working tree, `/`-separated).
    public func isIgnored(_ relativePath: String) -> Bool {
        var ignored: Int32 = 0
        guard git_ignore_path_is_ignored(&ignored, handle, relativePath) == 0 else { return false }
        return ignored == 1
    }

    /// The path of `url` relative to the working tree, or nil when it lies outside it.
    public func relativePath(of url: URL) -> String? {
        guard let workdir else { return nil }
        let root = workdir.resolvingSymlinksInPath().path
        let target = url.standardizedFileURL.resolvingSymlinksInPath().path
        if target == root { return "" }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard target.hasPrefix(prefix) else { return nil }
        return String(target.dropFirst(prefix.count))
    }
}

/// `text` as one shell word: unchanged when plain, else in single quotes.
func shellQuoted(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/._-+:@".unicodeScalars.contains($0) }
    return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
