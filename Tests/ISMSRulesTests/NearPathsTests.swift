import Testing
@testable import ISMSRules

/// link-broken's "did you mean" finds names one typo away by comparing them directly for the first broken links and
/// through an index after that: both must find the same names, or a suggestion would depend on how many links broke.
@Suite struct NearPathsTests {
    @Test func directComparisonFindsWhatTheIndexFinds() {
        var rng = SystemRandomNumberGenerator()
        // A small alphabet and short names, so that many pairs are one typo apart (and many are two).
        func name(_ length: Int) -> String { String((0..<length).map { _ in "abc-".randomElement(using: &rng)! }) }
        var paths: [String] = []
        for i in 0..<400 { paths.append("f\(i % 7)/" + name(Int.random(in: 0...6, using: &rng)) + ".md") }
        paths.append("long/" + String(repeating: "x", count: 70) + ".md")   // names are compared by their first 64 bytes
        var near = NearPaths(paths)
        var queries = paths.prefix(60).map { NearPaths.name($0) }
        queries += (0..<200).map { _ in name(Int.random(in: 0...7, using: &rng)) + ".md" }
        queries += [String(repeating: "x", count: 71) + ".md", String(repeating: "x", count: 69) + ".mdx", ""]
        var found = 0
        for q in queries {
            let direct = near.typoNeighbours(q, direct: true), indexed = near.typoNeighbours(q, direct: false)
            #expect(direct == indexed, "\(q): direct \(direct.subtracting(indexed)), index \(indexed.subtracting(direct))")
            found += direct.count
        }
        #expect(found > 100)
    }

    @Test func oneTypoApart() {
        func apart(_ a: String, _ b: String) -> Bool { NearPaths.oneTypoApart(Array(a.utf8), Array(b.utf8)) }
        #expect(apart("jml.md", "jml.md"))
        #expect(apart("jml.md", "jm.md"))          // a deletion
        #expect(apart("jml.md", "jmlx.md"))        // an insertion
        #expect(apart("jml.md", "jxl.md"))         // a substitution
        #expect(apart("jml.md", "mjl.md"))         // neighbours swapped
        #expect(apart("abcd", "bcda"))             // a byte moved (both lose one to meet at "bcd")
        #expect(!apart("jml.md", "lmj.md"))
        #expect(!apart("jml.md", "j.md"))
        #expect(!apart("abcd", "axcy"))
    }
}
