import CLibgit2
import Foundation

/// A git object id (SHA-1), as a value.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    public let oid: git_oid

    public init(_ oid: git_oid) { self.oid = oid }

    public init?(hex: String) {
        var o = git_oid()
        guard hex.count == 40, git_oid_fromstr(&o, hex) == 0 else { return nil }
        oid = o
    }

    /// Lowercase hex, as git prints ids (built in place: a history names tens of thousands of commits).
    public var hex: String {
        withUnsafeBytes(of: oid.id) { raw in
            String(unsafeUninitializedCapacity: 40) { out in
                let digits: StaticString = "0123456789abcdef"
                let d = digits.utf8Start
                for i in 0..<20 {
                    out[2 * i] = d[Int(raw[i] >> 4)]
                    out[2 * i + 1] = d[Int(raw[i] & 15)]
                }
                return 40
            }
        }
    }
    public var short: String { String(hex.prefix(7)) }
    public var description: String { hex }

    // Compared as words, hashed by the first eight bytes (a SHA-1's bytes are uniform; equal ids hash equal): ids
    // are the keys of every table a history read builds, and hashing all twenty bytes was a tenth of assembling it.
    public static func == (a: ObjectID, b: ObjectID) -> Bool {
        withUnsafeBytes(of: a.oid.id) { x in
            withUnsafeBytes(of: b.oid.id) { y in
                x.loadUnaligned(as: UInt64.self) == y.loadUnaligned(as: UInt64.self)
                    && x.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    && x.loadUnaligned(fromByteOffset: 16, as: UInt32.self) == y.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
            }
        }
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(withUnsafeBytes(of: oid.id) { $0.loadUnaligned(as: UInt64.self) })
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
        let base = abbreviationLength()
        // From the packs' sorted indexes and the loose objects' names, as git itself does: one digit more than the
        // nearest other name shares (asking libgit2 prefix by prefix opened a loose-object folder per commit: a tenth
        // of a warm `history --all`). Only where every object is in a pack read here or loose in this repository.
        let neighbours = hasBorrowedObjects ? nil : packedObjects.neighbourhood(looseIn: commonDirectory.appendingPathComponent("objects"))
        return ids.map { id in
            if let near = neighbours?.shared(with: id) { return min(40, max(base, near + 1)) }
            return Self.abbreviation(of: id, in: odb, base: base)
        }
    }

    /// The length git abbreviates to before making a prefix unique: `core.abbrev` (4 to 40; false or no: 40), or when it
    /// is unset or auto, as git works it out from the number of packed objects: enough hex digits for a collision
    /// to be unlikely (7 at least; 9 for some 100,000 objects). libgit2 always starts at 7.
    public func abbreviationLength() -> Int {
        var config: OpaquePointer?
        var setting: String?
        if git_repository_config_snapshot(&config, handle) == 0 {
            var value: UnsafePointer<CChar>?
            if git_config_get_string(&value, config, "core.abbrev") == 0, let value { setting = String(cString: value) }
            git_config_free(config)
        }
        git_error_clear()
        if let setting = setting?.trimmingCharacters(in: .whitespaces).lowercased(), setting != "auto" {
            if ["false", "no", "off", ""].contains(setting) { return 40 }
            // (git refuses a number out of range; the default then.)
            if let n = Int(setting), (4...40).contains(n) { return n }
            return 7
        }
        let objects = commonDirectory.appendingPathComponent("objects")
        var folders = [objects]
        if let alternates = try? String(contentsOf: objects.appendingPathComponent("info/alternates"), encoding: .utf8) {
            for line in alternates.split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
                folders.append(URL(fileURLWithPath: String(line), relativeTo: objects).standardizedFileURL)
            }
        }
        let count = folders.reduce(0) { $0 + PackedObjects.packedObjectCount(in: $1) }
        // git: the bits of the count, halved and rounded up (a collision is expected at the square root), 7 at least.
        let bits = count == 0 ? 1 : Int.bitWidth - count.leadingZeroBitCount
        return max(7, (bits + 1) / 2)
    }

    /// The same, asking libgit2 whether each prefix is unique (the reference for the above).
    func abbreviationsThroughLibgit2(of ids: [ObjectID], base: Int = 7) -> [Int] {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, handle) == 0 else { return ids.map { _ in base } }
        defer { git_odb_free(odb) }
        return ids.map { Self.abbreviation(of: $0, in: odb, base: base) }
    }

    private static func abbreviation(of id: ObjectID, in odb: OpaquePointer?, base: Int) -> Int {
        var oid = id.oid
        var length = base
        while length < 40 {
            let result = git_odb_exists_prefix(nil, odb, &oid, length)
            guard result == GIT_EAMBIGUOUS.rawValue else { break }
            git_error_clear()
            length += 1
        }
        return length
    }
}

/// The names of every object in a repository's packs and loose, for the nearest names to an id (see
/// `Repository.abbreviations`).
struct ObjectNeighbourhood {
    let packs: [Pack]
    /// Loose objects' names, sorted.
    let loose: [[UInt8]]

    /// How many leading hex digits the nearest other object's name shares with `id`; nil when `id` is not here.
    func shared(with id: ObjectID) -> Int? {
        withUnsafeBytes(of: id.oid.id) { key -> Int? in
            var found = false, shared = 0
            for pack in packs {
                let near = pack.neighbourhood(of: key)
                found = found || near.found
                shared = max(shared, near.shared)
            }
            // Loose: the first name not before `id`, and the one before it.
            var low = 0, high = loose.count
            while low < high {
                let mid = (low + high) / 2
                if loose[mid].withUnsafeBytes({ memcmp($0.baseAddress!, key.baseAddress!, 20) }) < 0 { low = mid + 1 } else { high = mid }
            }
            var after = low
            if after < loose.count, loose[after].elementsEqual(key) { found = true; after += 1 }
            if low > 0 { shared = max(shared, loose[low - 1].withUnsafeBytes { Pack.sharedDigits($0.baseAddress!, key.baseAddress!) }) }
            if after < loose.count { shared = max(shared, loose[after].withUnsafeBytes { Pack.sharedDigits($0.baseAddress!, key.baseAddress!) }) }
            return found ? shared : nil
        }
    }
}

extension Repository {
    /// Whether objects are also read from outside this repository's own object folder (alternates, a quarantine):
    /// what is there cannot be listed or stamped from here.
    var hasBorrowedObjects: Bool {
        isQuarantined || FileManager.default.fileExists(atPath: commonDirectory.appendingPathComponent("objects/info/alternates").path)
    }

    /// What a command's output may depend on in the object database beyond the commits it read: the objects present
    /// (abbreviations are unique among all of them, and their default length grows with their number), the
    /// abbreviation setting, the shallow boundary and grafts. Made of the folders' modification times (a pack or a
    /// loose object added or removed changes its folder's), so it costs a few hundred `stat`s, not a listing.
    /// Nil when it cannot be vouched for: objects borrowed from elsewhere (alternates, a quarantine), or a folder
    /// changed within the last `settle` seconds (a change in the same clock tick would not show).
    public func objectDatabaseStamp(settle: TimeInterval = 2) -> [UInt8]? {
        guard !hasBorrowedObjects else { return nil }
        let objects = commonDirectory.appendingPathComponent("objects")
        var stamp: [UInt8] = Array("abbrev=\(configString("core.abbrev") ?? "")\n".utf8)
        for file in [gitdir.appendingPathComponent("shallow"), commonDirectory.appendingPathComponent("info/grafts")] {
            stamp += Array("\(file.lastPathComponent)=".utf8) + ((try? Data(contentsOf: file)).map { [UInt8]($0) } ?? []) + [0]
        }
        let now = Date().timeIntervalSince1970
        var folders = [objects.appendingPathComponent("pack").path]
        for i in 0..<256 { folders.append(objects.appendingPathComponent(String(format: "%02x", i)).path) }
        for folder in folders {
            var st = stat()
            guard stat(folder, &st) == 0 else { stamp.append(0); continue }
            let seconds = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
            guard now - seconds >= settle else { return nil }
            for v in [UInt64(st.st_ino), UInt64(bitPattern: Int64(st.st_mtim.tv_sec)), UInt64(st.st_mtim.tv_nsec)] {
                withUnsafeBytes(of: v.littleEndian) { stamp += $0 }
            }
        }
        return stamp
    }
}
