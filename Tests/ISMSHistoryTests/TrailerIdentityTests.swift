import ISMSHistory
@testable import ISMSModel
import Testing

/// Approvers' identities read from trailers, by bytes when ASCII, against the character-by-character reading.
@Suite struct TrailerIdentityTests {
    static func byCharacters(_ value: String) -> (name: String, email: String) {
        let v = value.characterTrimmed
        if let lt = v.lastIndex(of: "<"), let gt = v.lastIndex(of: ">"), lt < gt {
            return (String(v[..<lt]).characterTrimmed, String(v[v.index(after: lt)..<gt]).characterTrimmed)
        }
        return (v, v.contains("@") ? v : "")
    }

    @Test func identitiesReadAsCharactersRead() {
        var g = SystemRandomNumberGenerator()
        let pieces = [" ", "Alice", "Bob Ó", "<", ">", "a@x.org", "@", "\u{301}", "\t", "é", "<\u{301}", "\u{A0}"]
        for _ in 0..<5000 {
            let s = (0..<Int.random(in: 0...7, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
            let fast = ApprovalSources.parseIdentity(s), slow = Self.byCharacters(s)
            #expect(fast.name == slow.name && fast.email == slow.email, "\(s)")
        }
        #expect(ApprovalSources.parseIdentity(" Carol Ng <carol@example.com> ") == ("Carol Ng", "carol@example.com"))
    }
}
