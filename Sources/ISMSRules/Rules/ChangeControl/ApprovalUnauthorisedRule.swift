import ISMSModel

struct ApprovalUnauthorisedRule: Rule {
    static let description = RuleDescription(
        id: "approval-unauthorised", name: "Approval by someone without authority", family: .changeControl, severity: .error,
        rationale: "Only the document's approver (a person, or anyone holding `role:<name>`), as recorded at the parent commit, may approve a change. Authority is read from the people registry before the change, so nobody approves themselves into authority; an address nobody in the registry has (a forged trailer) approves nothing.",
        triggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "bob", message: "Widen access\n\nApproved-by: Dave Dunn <dave@example.com>", files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Everyone gets read access.", marker: "↓")]),
        ], note: "dave is an auditor, not the approver"),
        RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "bob", message: "Widen access\n\nApproved-by: Carol Clark <carol.clark@gmail.example>", files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Everyone gets read access.", marker: "↓")]),
        ], note: "carol's name, an address that is not hers")],
        nonTriggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "bob", message: "Narrow access\n\nApproved-by: Carol <carol@example.com>", files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Read access by request.")]),
        ])])

    func check(_ context: RuleContext) -> [Finding] {
        guard context.history?.approvalsPending != true else { return [] }
        return ChangeAssessment.all(context).filter { $0.needsApproval && $0.valid.isEmpty && !$0.unauthorised.isEmpty }.map { a in
            let reasons = a.unauthorised.map { "\($0.reason) [\($0.approval.source)]" }.joined(separator: "; ")
            var f = finding(a.path, SourcePosition(line: a.line("version"), column: 1),
                            "commit \(a.commit.shortID) \(a.commitPhrase) \(a.whatChanged), but its approval does not count: \(reasons). It can be approved by \(a.whoMayApprove)")
            f.commit = a.commit.shortID
            return f
        }
    }
}
