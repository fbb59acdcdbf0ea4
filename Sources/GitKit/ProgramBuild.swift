import CLibgit2
import Foundation

/// The build of the running program, for the caches it keeps under the git directory (parsed documents, history
/// records): a cache is only as good as the code that wrote it, so a build that reads bytes differently never
/// inherits another's answers. It is the linker's build id (a hash of the program: the same for the same source
/// rebuilt on another CI runner), read from the program's own headers.
public enum ProgramBuild {
    /// The shared libraries the program reads git objects with, as loaded (the system's, not the build's): an upgrade
    /// of libgit2 or zlib may read some object differently, and the program's own build id does not change with them.
    public static let linkedLibraries: String = {
        var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
        _ = git_libgit2_version(&major, &minor, &revision)
        return "libgit2 \(major).\(minor).\(revision); zlib \(String(cString: zlibVersion()))"
    }()

    /// 20 bytes: the GNU build id, or (linked without one) the executable's size and modification time.
    public static let identity: [UInt8] = {
        var id = linkerBuildID() ?? {
            var size: UInt64 = 0, time: UInt64 = 0
            if let exe = Bundle.main.executablePath, let a = try? FileManager.default.attributesOfItem(atPath: exe) {
                size = (a[.size] as? NSNumber)?.uint64Value ?? 0
                time = ((a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0).bitPattern
            }
            return withUnsafeBytes(of: size.littleEndian, Array.init) + withUnsafeBytes(of: time.littleEndian, Array.init)
        }()
        id = Array(id.prefix(20))
        return id + [UInt8](repeating: 0, count: 20 - id.count)
    }()

    /// The running program's GNU build id (ELF note NT_GNU_BUILD_ID, 64-bit little-endian ELF), or nil: a few hundred
    /// bytes of its headers read.
    static func linkerBuildID() -> [UInt8]? {
        guard let file = FileHandle(forReadingAtPath: "/proc/self/exe") else { return nil }
        defer { try? file.close() }
        func read(_ offset: UInt64, _ count: Int) -> [UInt8]? {
            guard (try? file.seek(toOffset: offset)) != nil, let d = try? file.read(upToCount: count), d.count == count else { return nil }
            return [UInt8](d)
        }
        func u16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }
        func u32(_ b: [UInt8], _ at: Int) -> Int { u16(b, at) | u16(b, at + 2) << 16 }
        func u64(_ b: [UInt8], _ at: Int) -> UInt64 { UInt64(u32(b, at)) | UInt64(u32(b, at + 4)) << 32 }
        guard let header = read(0, 64), header.prefix(4) == [0x7F, 0x45, 0x4C, 0x46], header[4] == 2, header[5] == 1 else { return nil }
        let tableAt = u64(header, 0x20), entrySize = u16(header, 0x36), entries = u16(header, 0x38)
        guard entrySize >= 56, entries <= 256, let table = read(tableAt, entrySize * entries) else { return nil }
        for e in 0..<entries where u32(table, e * entrySize) == 4 {   // PT_NOTE
            let size = Int(min(u64(table, e * entrySize + 32), 4096))
            guard let notes = read(u64(table, e * entrySize + 8), size) else { continue }
            var p = 0
            while p + 12 <= notes.count {
                let nameSize = u32(notes, p), descSize = u32(notes, p + 4), type = u32(notes, p + 8)
                let desc = p + 12 + (nameSize + 3) & ~3
                guard desc + descSize <= notes.count else { break }
                if type == 3, nameSize == 4, notes[(p + 12)..<(p + 16)] == [0x47, 0x4E, 0x55, 0] { return Array(notes[desc..<(desc + descSize)]) }
                p = desc + (descSize + 3) & ~3
            }
        }
        return nil
    }
}
