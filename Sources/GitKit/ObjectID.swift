import CLibgit2

/// A git object id (SHA-1), as a value.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    public let oid: git_oid

    public init(_ oid: git_oid) { self.oid = oid }

    public init?(hex: String) {
        var o = git_oid()
        guard hex.count == 40, git_oid_fromstr(&o, hex) == 0 else { return nil }
        oid = o
    }

    public var hex: String {
        var o = oid
        var buf = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buf, 41, &o)
        return String(cString: buf)
    }
    public var short: String { String(hex.prefix(7)) }
    public var description: String { hex }

    public static func == (a: ObjectID, b: ObjectID) -> Bool {
        var x = a.oid, y = b.oid
        return git_oid_cmp(&x, &y) == 0
    }
    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes(of: oid.id) { hasher.combine(bytes: $0) }
    }
}

extension Repository {
    /// The shortest unambiguous abbreviation of `id` in this object database (7 digits or more), as git prints it.
    public func abbreviation(of id: ObjectID) -> Int {
        abbreviations(of: [id])[0]
    }

    /// The same for many ids: the object database is asked whether each prefix is unique, without reading the
    /// objects (looking each commit up first was a tenth of a warm `history --all`).
    public func abbreviations(of ids: [ObjectID]) -> [Int] {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, handle) == 0 else { return ids.map { _ in 7 } }
        defer { git_odb_free(odb) }
        // As git_object_short_id: from core.abbrev (7 by default), longer until unique.
        var base: Int32 = 7
        var config: OpaquePointer?
        if git_repository_config_snapshot(&config, handle) == 0 {
            var configured: Int32 = 0
            if git_config_get_int32(&configured, config, "core.abbrev") == 0, configured > base, configured <= 40 { base = configured }
            git_config_free(config)
        }
        return ids.map { id in
            var oid = id.oid
            var length = Int(base)
            while length < 40 {
                let result = git_odb_exists_prefix(nil, odb, &oid, length)
                guard result == GIT_EAMBIGUOUS.rawValue else { break }
                git_error_clear()
                length += 1
            }
            return length
        }
    }
}
