import Foundation

/// One file as read from a source (the working tree, the index or a commit), before any parsing.
public struct SourceFile: Sendable {
    public enum Content: Sendable {
        case bytes(Data)
        /// A symbolic link whose target lies outside the repository (or the ISMS root): never followed.
        case symlinkOutside(target: String)
        case tooLarge(size: Int)
        case unreadable(reason: String)
    }

    /// Path shown to users: relative to the repository root (or the current directory outside git).
    public var path: String
    public var content: Content
    /// The git blob id of the content, when it was read from git: what the parse cache of `check --staged` is keyed by.
    public var blob: String?

    public init(path: String, content: Content, blob: String? = nil) {
        self.path = path
        self.content = content
        self.blob = blob
    }

    /// Larger files are reported, not read: no honest ISMS document comes near this.
    public static let maximumSize = 1 << 20
}

/// Where documents come from. The working tree now; the index and any commit share the same model and rules.
public protocol DocumentSource {
    /// A short name for messages ("the working tree", "commit 1a2b3c4").
    var name: String { get }
    /// The Markdown files under the ISMS root, and the configuration file when there is one.
    func markdownFiles() throws -> [SourceFile]
    /// The file at `path` (display path), or nil when there is none.
    func file(at path: String) throws -> SourceFile?
    /// Whether a file or folder exists at `path` (display path), for link checks.
    func exists(_ path: String) -> Bool
}

/// `/`-separated repository paths (never through NSString, whose path methods misbehave on one-letter names on Linux).
public enum RepositoryPath {
    /// The folder part: "a/b/c.md" → "a/b"; "c.md" → "".
    public static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Every folder above `path`, nearest first.
    public static func ancestors(_ path: String) -> [String] {
        var out: [String] = []
        var d = parent(path)
        while !d.isEmpty { out.append(d); d = parent(d) }
        return out
    }
}
