import Testing
@testable import ISMSModel

/// The lint engine sorts findings by ranks of their paths and rules (`Finding.inOrder`): the order must be exactly
/// `Finding.ordered`'s, which every reporter and baseline relies on.
@Suite struct FindingOrderTests {
    @Test func ranksGiveTheOrderOfTheStrings() {
        var rng = SystemRandomNumberGenerator()
        // Few paths, lines and rules, so ties go down to the message; non-ASCII paths, one composed and decomposed.
        let paths = ["b.md", "a/b.md", "a.md", "ä.md", "a\u{308}.md", "Z.md", "a-b.md", "a b.md", "é/x.md"]
        let rules = ["link-broken", "field-required", "change-unapproved", "a"]
        let findings = (0..<2000).map { i in
            Finding(rule: rules.randomElement(using: &rng)!, path: paths.randomElement(using: &rng)!,
                    position: SourcePosition(line: Int.random(in: 1...4, using: &rng), column: Int.random(in: 1...3, using: &rng)),
                    message: "m\(Int.random(in: 0...3, using: &rng))", commit: "\(i)")
        }
        let expected = findings.sorted(by: Finding.ordered)
        let sorted = Finding.inOrder(findings)
        #expect(sorted.count == expected.count)
        for (a, b) in zip(sorted, expected) {
            // Equal keys may come in either order (neither comes first); anything else must match exactly.
            #expect(!Finding.ordered(a, b) && !Finding.ordered(b, a), "\(a) / \(b)")
        }
        #expect(Finding.inOrder([]).isEmpty)
    }
}
