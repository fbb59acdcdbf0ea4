import Foundation

/// Strings numbered in the order first met, each kept once as UTF-8 bytes in one buffer and found again through a
/// hash of its bytes (open addressing): Swift's own hashing of every name, path and front-matter key the history
/// cache writes was a third of writing a cold history's file. The hash is seeded per process, so paths chosen to
/// collide in one run do not collide in the next (the cache is written from untrusted commits).
struct StringNumbers {
    /// Every string's UTF-8, one after the other; `ends[i]` is where string `i` ends.
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    /// Number + 1 of the string in each slot (0: empty); a power of two, at most half full.
    private var slots = [Int32](repeating: 0, count: 1024)
    private static let seed = UInt64.random(in: .min ... .max)

    var count: Int { ends.count }

    /// The string's number: the one it was given when first met, else the next one.
    mutating func number(_ s: String) -> Int {
        var s = s
        return s.withUTF8 { number(utf8: $0) }
    }

    mutating func number(utf8 u: UnsafeBufferPointer<UInt8>) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(u)) & mask
        while slots[slot] != 0 {
            let i = Int(slots[slot]) - 1
            if equals(i, u) { return i }
            slot = (slot + 1) & mask
        }
        bytes.append(contentsOf: u)
        ends.append(bytes.count)
        slots[slot] = Int32(ends.count)
        if ends.count * 2 > slots.count { grow() }
        return ends.count - 1
    }

    /// String `i`'s bytes.
    func utf8(_ i: Int) -> ArraySlice<UInt8> { bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]] }

    private func equals(_ i: Int, _ u: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = i == 0 ? 0 : ends[i - 1]
        guard ends[i] - start == u.count else { return false }
        guard u.count > 0 else { return true }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, u.baseAddress!, u.count) == 0 }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        bytes.withUnsafeBufferPointer { all in
            for i in ends.indices {
                let start = i == 0 ? 0 : ends[i - 1]
                var slot = Int(truncatingIfNeeded: Self.hash(UnsafeBufferPointer(rebasing: all[start..<ends[i]]))) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(i + 1)
            }
        }
    }

    /// Eight bytes at a time, multiplied and folded (the finaliser of SplitMix64 at the end).
    static func hash(_ u: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = seed ^ UInt64(u.count) &* 0x9E37_79B9_7F4A_7C15
        guard let base = u.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var p = 0
        while p + 8 <= u.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            p += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while p < u.count { tail |= UInt64(base[p]) << shift; shift += 8; p += 1 }
        h = (h ^ tail) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 30; h &*= 0xBF58_476D_1CE4_E5B9
        h ^= h >> 27; h &*= 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }
}
