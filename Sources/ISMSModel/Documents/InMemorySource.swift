import Foundation

/// Documents held in memory (path → bytes): rule examples, and trees read out of git objects.
public struct InMemorySource: DocumentSource {
    public let name: String
    public let files: [String: SourceFile]
    private let folders: Set<String>

    public init(name: String, files: [SourceFile]) {
        self.name = name
        self.files = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var dirs: Set<String> = [""]
        for f in files {
            for d in RepositoryPath.ancestors(f.path) where !dirs.insert(d).inserted { break }
        }
        folders = dirs
    }

    public init(name: String = "example", texts: [String: String]) {
        self.init(name: name, files: texts.map { SourceFile(path: $0.key, content: .bytes(Data($0.value.utf8))) })
    }

    public func markdownFiles() throws -> [SourceFile] {
        files.values.filter { $0.path.hasSuffix(".md") || $0.path.hasSuffix(".markdown") }.sorted { $0.path < $1.path }
    }
    public func file(at path: String) throws -> SourceFile? { files[path] }
    public func exists(_ path: String) -> Bool { files[path] != nil || folders.contains(path) }
}
