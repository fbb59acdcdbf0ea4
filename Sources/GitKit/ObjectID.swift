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
        var oid = id.oid
        var object: OpaquePointer?
        guard git_object_lookup(&object, handle, &oid, GIT_OBJECT_ANY) == 0 else { return 7 }
        defer { git_object_free(object) }
        var buf = git_buf()
        defer { git_buf_dispose(&buf) }
        guard git_object_short_id(&buf, object) == 0 else { return 7 }
        return max(7, Int(buf.size))
    }
}
