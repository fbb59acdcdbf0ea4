import Foundation
import Testing
@testable import ISMSHistory

/// The history cache's string table: each string numbered once, in the order first met, found again whatever its
/// length or script, across the table's growth; the bytes kept are the string's UTF-8.
@Suite struct StringNumbersTests {
    @Test func eachStringIsNumberedOnceInTheOrderFirstMet() {
        var table = StringNumbers()
        // Keyed by bytes: Swift's String equality would join canonically equivalent spellings, which git keeps apart.
        var oracle: [[UInt8]: Int] = [:]
        var order: [String] = []
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab/.-_ é漢\u{301}0123456789")
        // Enough strings to grow the table several times; many repeats, lengths around the 8-byte steps.
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...19, using: &generator)
            let s = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let n = table.number(s)
            if let known = oracle[Array(s.utf8)] {
                #expect(n == known, "\(s) numbered \(n), first \(known)")
            } else {
                #expect(n == order.count, "\(s) is new: the next number")
                oracle[Array(s.utf8)] = n
                order.append(s)
            }
        }
        #expect(table.count == order.count)
        for (i, s) in order.enumerated() { #expect(Array(table.utf8(i)) == Array(s.utf8)) }
    }

    @Test func stringsThatDifferOnlyPastTheirCommonPrefixOrInLengthAreDifferent() {
        var table = StringNumbers()
        let strings = ["", "a", "a\u{0}", "isms/policies/a.md", "isms/policies/a.md ", "isms/policies/b.md", "12345678", "123456789", "1234567"]
        let numbers = strings.map { table.number($0) }
        #expect(numbers == Array(0..<strings.count))
        #expect(strings.map { table.number($0) } == numbers)
    }

    /// Two paths git keeps apart though Swift's `==` calls them equal (composed and decomposed é): a warm history
    /// must not give one file's changes the other's name.
    @Test func canonicallyEquivalentSpellingsAreDifferentStrings() {
        var table = StringNumbers()
        let composed = "policies/caf\u{E9}.md", decomposed = "policies/cafe\u{301}.md"
        #expect(composed == decomposed)
        #expect(table.number(composed) == 0)
        #expect(table.number(decomposed) == 1)
        #expect(Array(table.utf8(1)) == Array(decomposed.utf8))
    }
}
