import ISMSModel

struct FindingFixUnresolvedRule: Rule {
    static let description = RuleDescription(
        id: "finding-fix-unresolved", name: "Fix reference that leads nowhere", family: .findings, severity: .error,
        rationale: "Clause 10.2 f–g: documented information is kept as evidence of the actions taken and their results. fixed_by is that trail: a commit id must name a commit of this repository that is on the main line (reachable from HEAD) — not one that was never pushed, was rewritten by a rebase or squash, or sits on an unmerged branch — and anything else must be a pull or merge request (a URL with /pull/ or /merge_requests/, PR #12, #12 or !12) or a forge reference this repository cannot resolve (owner/repo#12, any URL: finding-fix-external notes those, as info). Commit ids are checked only inside a git repository.",
        triggering: [
            RuleExample(FindingRules.example(FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: ↓OPS-1234\nverified_by: dave\nverified_on: 2026-05-25")),
                        note: "a ticket key says where the work was planned, not what changed"),
            RuleExample(["audits/AUD-2026-1.md": FindingRules.exampleAudit], then: [
                ExampleCommit(author: "alice", date: "2026-05-25", message: "F-2026-03 verified",
                              files: ["findings/F-2026-03.md": FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: ↓0123456789abcdef0123\nverified_by: dave\nverified_on: 2026-05-25")]),
            ], note: "no such commit in the repository"),
        ],
        nonTriggering: [
            RuleExample(FindingRules.example(FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: https://github.com/example/isms/pull/42\nverified_by: dave\nverified_on: 2026-05-25"))),
            RuleExample(FindingRules.example(FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: \"example/platform#41\"\nverified_by: dave\nverified_on: 2026-05-25")),
                        note: "a pull request in another repository: finding-fix-external notes it"),
            RuleExample(FindingRules.example(FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: \"!17\"\nverified_by: dave\nverified_on: 2026-05-25")),
                        note: "a GitLab merge request"),
            RuleExample(FindingRules.example(FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: 1a2b3c4d\nverified_by: dave\nverified_on: 2026-05-25")),
                        note: "outside a git repository commit ids are not checked"),
            RuleExample(["audits/AUD-2026-1.md": FindingRules.exampleAudit], then: [
                ExampleCommit(author: "bob", date: "2026-04-20", message: "Remove CRM access in the offboarding script",
                              files: ["scripts/offboard.sh": "#!/bin/sh\ncrm-admin disable \"$1\"\n"]),
                ExampleCommit(author: "alice", date: "2026-05-25", message: "F-2026-03 verified",
                              files: ["findings/F-2026-03.md": FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: \"{{commit:1}}\"\nverified_by: dave\nverified_on: 2026-05-25")]),
            ], note: "the fix is on the main line"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.finding).compactMap { doc in
            guard let ref = doc.string("fixed_by") else { return nil }
            let name = doc.id.map { "finding \($0)" } ?? "this finding"
            let position = doc.valuePosition(of: "fixed_by")
            if FindingRules.looksLikeCommit(ref) {
                guard let history = context.history, let fix = history.fixes[ref] else { return nil }
                if !fix.exists {
                    let shallow = history.isTruncated ? " (this clone is shallow: fetch the full history first)" : ""
                    return finding(doc, position, "\(name): fixed_by \(ref) is not a commit of this repository\(shallow): name the commit that made the fix as it is on the main line, or its pull request")
                }
                if !fix.reachable {
                    let head = history.head.map { " (\(String($0.prefix(7))))" } ?? ""
                    return finding(doc, position, "\(name): fixed_by \(ref) is a commit that is not reachable from HEAD\(head): it is on a branch that was never merged, or was replaced by a rebase or squash — name the commit that landed, or the pull request")
                }
                return nil
            }
            guard !FindingRules.looksLikeReviewReference(ref), !FindingRules.looksLikeExternalReference(ref) else { return nil }
            return finding(doc, position, "\(name): fixed_by '\(ref)' is neither a commit id (7 to 40 hex digits), a pull or merge request (a URL with /pull/ or /merge_requests/, PR #12, #12 or !12) nor a forge reference (owner/repo#12, a URL): record where the fix can be seen")
        }
    }
}
