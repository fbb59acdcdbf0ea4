import CLibgit2
import Foundation
@testable import GitKit
import Testing

/// Object ids as values: hex as libgit2 prints it, equality as libgit2 compares, and a hash that agrees with it.
@Suite struct ObjectIDTests {
    static func random(_ g: inout SystemRandomNumberGenerator) -> ObjectID {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { for i in 0..<20 { $0[i] = UInt8.random(in: 0...255, using: &g) } }
        return ObjectID(oid)
    }

    @Test func hexIsLibgit2sAndReadsBack() throws {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let id = Self.random(&g)
            var o = id.oid
            var buf = [CChar](repeating: 0, count: 41)
            git_oid_tostr(&buf, 41, &o)
            #expect(id.hex == String(cString: buf))
            #expect(id.hex.utf8.count == 40)
            #expect(ObjectID(hex: id.hex) == id)
        }
        #expect(ObjectID(hex: String(repeating: "0", count: 40))?.hex == String(repeating: "0", count: 40))
        #expect(ObjectID(hex: String(repeating: "f", count: 40))?.short == "fffffff")
    }

    /// Ids that differ in any one byte (also past the eight the hash reads) are different keys.
    @Test func equalityIsByEveryByte() throws {
        var g = SystemRandomNumberGenerator()
        let base = Self.random(&g)
        var table: [ObjectID: Int] = [base: -1]
        for i in 0..<20 {
            var oid = base.oid
            withUnsafeMutableBytes(of: &oid.id) { $0[i] ^= 0x01 }
            let other = ObjectID(oid)
            var x = base.oid, y = other.oid
            #expect(git_oid_cmp(&x, &y) != 0)
            #expect(other != base, "byte \(i)")
            #expect(table[other] == nil)
            table[other] = i
        }
        #expect(table.count == 21)
        #expect(table[ObjectID(base.oid)] == -1)
        for (id, i) in table where i >= 0 {
            var oid = base.oid
            withUnsafeMutableBytes(of: &oid.id) { $0[i] ^= 0x01 }
            #expect(id == ObjectID(oid))
            #expect(id.hashValue == ObjectID(oid).hashValue)
        }
    }
}
