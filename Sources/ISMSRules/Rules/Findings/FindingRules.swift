import ISMSModel

/// Clause 10.2: each nonconformity is corrected, its cause dealt with, and the corrective action reviewed for
/// effectiveness — by someone independent of it, with the fix traceable to where it was made.
enum FindingRules {
    static let all: [any Rule.Type] = [
        FindingVerificationNotIndependentRule.self, FindingFixUnresolvedRule.self, FindingAuditMismatchRule.self,
        FindingFixExternalRule.self,
    ]

    /// 7 to 40 hex digits: a commit id, not a pull-request reference.
    static func looksLikeCommit(_ s: String) -> Bool {
        (7...40).contains(s.count) && s.allSatisfy(\.isHexDigit)
    }

    /// A pull or merge request: a URL with /pull/ or /merge_requests/, `PR #12` (or `PR 12`, `MR !12`), `#12`, `!12`.
    static func looksLikeReviewReference(_ s: String) -> Bool {
        let t = s.trimmed
        if !t.contains(where: \.isWhitespace), t.contains("/pull/") || t.contains("/merge_requests/") || t.contains("/pull-requests/") { return true }
        var rest = Substring(t)
        var marked = false
        if ["pr", "mr"].contains(rest.prefix(2).lowercased()) {
            rest = rest.dropFirst(2).drop { $0 == " " }
            marked = true
        }
        if rest.first == "#" || rest.first == "!" {
            rest = rest.dropFirst()
            marked = true
        }
        return marked && !rest.isEmpty && rest.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A forge reference this repository cannot resolve: `owner/repo#12` or `owner/repo!12` (an issue, pull or merge
    /// request of another repository), or a URL that is not a pull or merge request of a forge.
    static func looksLikeExternalReference(_ s: String) -> Bool {
        let t = s.trimmed
        guard !t.contains(where: \.isWhitespace), !looksLikeReviewReference(t) else { return false }
        if t.hasPrefix("https://") || t.hasPrefix("http://") { return t.count > 8 }
        guard let mark = t.lastIndex(where: { $0 == "#" || $0 == "!" }) else { return false }
        let repo = t[..<mark], number = t[t.index(after: mark)...]
        let parts = repo.split(separator: "/", omittingEmptySubsequences: false)
        let name: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) } }
        return parts.count >= 2 && parts.allSatisfy(name) && !number.isEmpty && number.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A finding record for examples: `fields` follow the common fields.
    static func exampleFinding(_ fields: String, owner: String = "bob") -> String {
        """
        ---
        id: F-2026-03
        type: finding
        title: Leavers keep access to the CRM for weeks
        owner: \(owner)
        audit: AUD-2026-1
        severity: minor
        control: 5.18
        \(fields)
        ---
        # Leavers keep CRM access
        """
    }

    static let verified = "status: verified\nraised: 2026-03-10\ndue: 2026-05-01\nclosed: 2026-04-28\nroot_cause: No leaver checklist for SaaS tools.\ncorrective_action: Added the CRM to the leaver checklist."

    /// The audit the example findings name.
    static let exampleAudit = IndependenceRules.exampleAudit("status: complete\nstart: 2026-03-09\nend: 2026-03-10\nauditors: [dave]", scope: "  controls: [5.18]")

    /// A finding with its audit and the example people.
    static func example(_ finding: String, audit: String = exampleAudit) -> [String: String] {
        ["findings/F-2026-03.md": finding, "audits/AUD-2026-1.md": audit, "people.md": RuleExample.people]
    }
}
