import Foundation
@testable import ISMSModel
import Testing
import TestSupport

/// The byte scan of front matter against the character-by-character scan it stands in for: the same facts (values,
/// lines, substance hash) or the same refusal, on plain, malformed and unusual documents.
struct FactsScannerTests {
    static let frontMatterLines: [String] = [
        "id: POL-1", "id: \"POL-1\"", "id: 'POL-1'", "id: 'it''s'", "type: policy", "owner: ops", "approver: ciso",
        "version: 1.2", "version: 1 # bumped", "status: approved", "status:  draft  ", "effective: 2026-01-01",
        "last_reviewed: 2026-02-01", "title: A title # comment", "title: A#b", "title: x: y", "title: x:", "title: a :b",
        "title:", "title:   ", "title: ~", "title: null", "title: Null", "title: NULL", "title: nul", "title: \t tab\t",
        "title:\tx", "title:x", "title: \"a\\\"b\"", "title: \"unterminated", "title: 'unterminated", "title: \"a\" # c",
        "title: \"a\" x", "title: \"a\"  ", "title: 'a' #c", "title: 'a'x", "title: 'a' ", "title: ''", "title: \"\"",
        "title: [a, b]", "title: {a: 1}", "title: |", "title: >", "title: &a x", "title: *a", "title: !tag x",
        "title: %x", "title: @x", "title: `x", "title: #x", "title: a\u{0B}", "title: \u{0C}b", "annex_a: [\"5.1\"]",
        "nested:", "  child: 1", "- item", "# comment", "", " ", "bad line", ":nokey", "ke y: v", "key_with-dash: v",
        "Key9: v", "id : x", "id:x", "owner: 'a' 'b'",
        // Not ASCII: left to the character scan, which must still agree.
        "title: Ünïcode value", "tïtle: v", "title: e\u{301}", " \u{301}x: y", "\u{212A}ey: v", "Key: v", "-\u{301} x",
        "#\u{301}: v", "title: \u{00A0}x\u{00A0}", "title: a \u{301}# b", "id: \u{FF1A}",
    ]
    static let plainLines = ["id: POL-1", "id: \"POL-1\"", "type: policy", "owner: ops", "approver: 'ciso'", "version: 1.2",
                             "status: approved", "effective: 2026-01-01", "last_reviewed: ~", "title: A # c", "title:",
                             "annex_a: [\"5.1\"]", "nested:", "  child: 1", "- item", "# comment", "", "other: x: y"]
    static let bodyLines = ["# Policy", "", "Some text.", "---", "...", "Ünïcode body — with dashes", "id: not front matter"]

    static func randomDocument(_ rng: inout SplitMix) -> [UInt8] {
        var lines: [String] = []
        lines.append(rng.next() % 20 == 0 ? rng.pick(["--- ", "----", "", "id: x"]) : "---")
        // Half the documents plain (their facts are read), half anything.
        let pool = rng.next() % 2 == 0 ? plainLines : frontMatterLines
        for _ in 0..<Int(rng.next() % 14) { lines.append(rng.pick(pool)) }
        if rng.next() % 6 == 0 {   // many keys, sometimes one of them twice
            let n = Int(rng.next() % 40)
            for k in 0..<n { lines.append("key\(k): \(k)") }
            if n > 0 && rng.next() % 2 == 0 { lines.append("key\(rng.next() % UInt64(n)): again") }
        }
        if rng.next() % 10 != 0 { lines.append(rng.pick(["---", "---", "...", "--- ", "---\u{301}"])) }
        for _ in 0..<Int(rng.next() % 6) { lines.append(rng.pick(bodyLines)) }
        var bytes = Array(lines.joined(separator: "\n").utf8)
        if rng.next() % 3 != 0 { bytes.append(0x0A) }
        switch rng.next() % 25 {
        case 0: bytes = [0xEF, 0xBB, 0xBF] + bytes                                        // BOM
        case 1: bytes.insert(0x0D, at: Int(rng.next() % UInt64(bytes.count + 1)))             // a CR
        case 2: bytes.insert(0, at: Int(rng.next() % UInt64(bytes.count + 1)))                // a NUL
        case 3: bytes.insert(0xFF, at: Int(rng.next() % UInt64(bytes.count + 1)))             // not UTF-8
        case 4: bytes.insert(0xC3, at: Int(rng.next() % UInt64(bytes.count + 1)))             // a cut sequence
        default: break
        }
        return bytes
    }

    static func expectSame(_ bytes: [UInt8], _ note: String) -> Bool {
        let data = Data(bytes)
        let fast = DocumentFacts.scan(data), slow = DocumentFacts.scanCharacters(data)
        #expect(fast == slow, "\(note): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        return fast != nil
    }

    @Test func byteScanEqualsCharacterScanOnRandomDocuments() {
        var rng = SplitMix(seed: 7)
        var accepted = 0
        for i in 0..<20_000 where Self.expectSame(Self.randomDocument(&rng), "document \(i)") { accepted += 1 }
        #expect(accepted > 2_000, "the random documents reach the facts often enough: \(accepted)")
    }

    @Test func byteScanEqualsCharacterScanOnEdgeCases() {
        let huge = String(repeating: "x", count: 300_000)
        let documents: [String] = [
            "", "---", "---\n", "---\n---", "---\n---\n", "---\n...\n", "---\nid: A\n---", "---\nid: A\n",
            "---\nversion: 1\n---\n", "---\nversion: 1\nstatus: draft\n---\nbody\n",
            "---\ntitle: \(huge)\n---\n", "---\nid: A\n---\n\(huge)\n", "---\n\(huge): v\n---\n",
            "---\ntitle: \"\(huge)\"\n---\n", "---\nid: A\n---\nbody Ünïcode\n", "---\nid: Ünïcode\n---\n",
            "---\nid: A\nid: B\n---\n", "---\nid: A\nID: B\n---\n", "---\nK: a\n\u{212A}: b\n---\n",
            "---\n" + (0..<20).map { "k\($0): v" }.joined(separator: "\n") + "\nk0: again\n---\n",
            "---\n" + (0..<20).map { "k\($0): v" }.joined(separator: "\n") + "\nk19: again\n---\n",
            "---\n" + (0..<20).map { "k\($0): v" }.joined(separator: "\n") + "\nk20: new\n---\n",
            "---\nversion: 2\n---\n---\nversion: 3\n",
        ]
        for (i, d) in documents.enumerated() { _ = Self.expectSame(Array(d.utf8), "case \(i)") }
        // The substance hash leaves out exactly the review and approval lines, as the String hash does.
        let doc = "---\nid: A\nversion: 1\nstatus: draft\ntitle: T\nlast_reviewed: 2026-01-01\n---\nBody\n"
        let facts = DocumentFacts.scan(Data(doc.utf8))
        #expect(facts?.substance == DocumentFacts.substanceHash(doc, excluding: [3, 4, 6]))
        #expect(facts?.substance != DocumentFacts.substanceHash(doc, excluding: []))
    }
}
