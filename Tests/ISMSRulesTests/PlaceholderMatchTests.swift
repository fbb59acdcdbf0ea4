import Testing
@testable import ISMSRules

/// template-text-left matches lines against the templates' placeholders as bytes (it runs on every line of every
/// document in the pre-commit hook): whitespace, the filled-in name and non-ASCII text must behave as characters would.
@Suite struct PlaceholderMatchTests {
    @Test(arguments: [
        "How Example Ltd implements this control, or why it does not apply.",
        "How  Example   Ltd implements this control, or why it does not apply.",        // re-spaced
        "\t  How Example Ltd implements this control,\tor why it does not apply.  ",    // tabs, indented, trailing blanks
        "How Ünïcødé GmbH implements this control, or why it does not apply.",           // the filled-in name is not ASCII
        "How é\u{301} implements this control, or why it does not apply.",              // nor composed
        "State which parts of Æ the ISMS covers: teams, offices, remote working.",       // one character stands for `*`
        "What is out of scope, and why.",
    ])
    func placeholder(_ line: String) {
        #expect(HollowRules.isPlaceholder(Substring(line)), "\(line)")
    }

    @Test(arguments: [
        "How implements this control, or why it does not apply.",                       // nothing where the name goes
        "State which parts of  the ISMS covers: teams, offices, remote working.",        // only blanks there
        "What is out of scope, and why.x.",                                             // more after the sentence
        "List the products, services, cloud accounts and information in scope .",       // a blank before the stop
        "Why X protects information, and the commitment of top management to do so.\u{301}",  // ends in a mark, not a stop
        "We decided what is out of scope, and why.",                                    // the sentence within another
        "what is out of scope, and why.",                                               // case matters
        "",
    ])
    func notPlaceholder(_ line: String) {
        #expect(!HollowRules.isPlaceholder(Substring(line)), "\(line)")
    }

    /// Whitespace is collapsed exactly as the review-input rule's `normalized` does it.
    @Test func collapsingAgreesWithNormalized() {
        for line in ["  a  b\tc ", "\t\t", "a", " What is out of  scope,\tand why. "] {
            let expected = HollowRules.normalized(line) == "What is out of scope, and why."
            #expect(HollowRules.isPlaceholder(Substring(line)) == expected, "\(line)")
        }
    }
}
