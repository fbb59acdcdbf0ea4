import Foundation

/// The whole ISMS as read from one source: documents, people, configuration and the catalog they are checked against.
public final class ISMS: @unchecked Sendable {
    public let configuration: Configuration
    public let documents: [Document]
    public let people: PeopleRegistry
    public let catalog: AnnexACatalog
    /// The documents root's display path ("" for the repository root).
    public let rootPath: String
    public let source: DocumentSource?
    private let byID: [String: [Document]]
    private let byPath: [String: Document]
    private let byType: [DocumentType: [Document]]
    private let memoLock = NSLock()
    private var memos: [String: Any] = [:]

    public init(configuration: Configuration, documents: [Document], catalog: AnnexACatalog = .iso27001_2022, rootPath: String = "", source: DocumentSource? = nil) {
        self.configuration = configuration
        self.documents = documents.sorted { $0.path < $1.path }
        self.catalog = catalog
        self.rootPath = rootPath
        self.source = source
        people = PeopleRegistry(documents: documents)
        var ids: [String: [Document]] = [:]
        for d in self.documents { if let id = d.id { ids[id, default: []].append(d) } }
        byID = ids
        byPath = Dictionary(self.documents.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var types: [DocumentType: [Document]] = [:]
        for d in self.documents { if let t = d.type { types[t, default: []].append(d) } }
        byType = types
    }

    public func documents(_ type: DocumentType) -> [Document] { byType[type] ?? [] }

    /// Work several rules share (schema validation of every document) is done once per run and kept here.
    public func memo<T>(_ key: String, _ compute: () -> T) -> T {
        // Look up by key presence, not by casting: a stored optional nil is still a stored value.
        memoLock.lock()
        if let stored = memos[key] { memoLock.unlock(); return stored as! T }
        memoLock.unlock()
        let value = compute()
        memoLock.lock()
        defer { memoLock.unlock() }
        if let existing = memos[key] { return existing as! T }
        memos[key] = value
        return value
    }
    public func document(id: String) -> Document? { byID[id]?.first }
    public func documents(id: String) -> [Document] { byID[id] ?? [] }
    public func document(path: String) -> Document? { byPath[path] }

    /// The control document for an Annex A or custom control id.
    public func control(_ id: String) -> Document? { byID[id]?.first { $0.type == .control } }

    public var methodology: RiskMethodology? { documents(.riskMethodology).first.map(RiskMethodology.init) }
}

/// The risk methodology's scales and acceptance threshold (clause 6.1.2).
public struct RiskMethodology: Sendable {
    public var likelihood: ClosedRange<Int>?
    public var impact: ClosedRange<Int>?
    public var acceptanceThreshold: Int?
    public var path: String

    public init(_ doc: Document) {
        path = doc.path
        func range(_ key: String) -> ClosedRange<Int>? {
            guard let m = doc.value("scales")?.mapping?[key]?.value.mapping,
                  let lo = m["min"]?.value.scalar.flatMap({ DocumentNumber.parse($0.text) }),
                  let hi = m["max"]?.value.scalar.flatMap({ DocumentNumber.parse($0.text) }), lo <= hi else { return nil }
            return lo...hi
        }
        likelihood = range("likelihood")
        impact = range("impact")
        acceptanceThreshold = doc.int("acceptance_threshold")
    }
}
