import Foundation
import ISMSModel

/// Reads every document of a source into the model, in parallel.
public enum ISMSLoader {
    /// `parseBody: false`: front matter only (what `history` needs), not the Markdown bodies the rules read.
    public static func load(from source: DocumentSource, configuration: Configuration, rootPath: String,
                            catalog: AnnexACatalog = .iso27001_2022, cache: ParseCache? = nil, parseBody: Bool = true) throws -> ISMS {
        try load(files(of: source, configuration: configuration, rootPath: rootPath), from: source, configuration: configuration,
                 rootPath: rootPath, catalog: catalog, cache: cache, parseBody: parseBody)
    }

    /// The source's Markdown files the configuration does not ignore, read.
    public static func files(of source: DocumentSource, configuration: Configuration, rootPath: String) throws -> [SourceFile] {
        let prefix = rootPath.isEmpty ? "" : rootPath + "/"
        let ignored = configuration.ignoreMatcher
        return try source.markdownFiles().filter { file in
            let rel = file.path.hasPrefix(prefix) ? String(file.path.dropFirst(prefix.count)) : file.path
            return !ignored.matches(rel)
        }
    }

    /// The documents of `files`, already read from `source`.
    public static func load(_ files: [SourceFile], from source: DocumentSource, configuration: Configuration, rootPath: String,
                            catalog: AnnexACatalog = .iso27001_2022, cache: ParseCache? = nil, parseBody: Bool = true) throws -> ISMS {
        var documents = [Document?](repeating: nil, count: files.count)
        documents.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                out[i] = cache?.document(files[i]) ?? Document.load(files[i], parseBody: parseBody)
            }
        }
        cache?.save()
        return ISMS(configuration: configuration, documents: documents.compactMap { $0 }, catalog: catalog, rootPath: rootPath, source: source)
    }
}
