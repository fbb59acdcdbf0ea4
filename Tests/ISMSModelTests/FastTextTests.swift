@testable import ISMSModel
import Testing

/// The text helpers' fast paths against the plain character-by-character definitions.
@Suite struct FastTextTests {
    static let pieces = [" ", "\t", "\n", "\r\n", "\r", "\u{0B}", "\u{0C}", "a", "Z", "<", ">", "@", "x.y", "\u{A0}", "\u{3000}",
                         "\u{301}", "é", "e\u{301}", "👍🏽", "\u{85}", "\u{1C}", "-"]

    @Test func trimmedIsTrimmingWhitespaceCharacters() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let s = (0..<Int.random(in: 0...8, using: &g)).map { _ in Self.pieces.randomElement(using: &g)! }.joined()
            #expect(s.trimmed == s.characterTrimmed, "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(s[...].trimmed == s.characterTrimmed)
        }
        #expect("  Alice <a@x.org>\r\n".trimmed == "Alice <a@x.org>")
        #expect(" \u{A0}x\u{3000} ".trimmed == "x")
        #expect("\t \n".trimmed == "")
    }
}
