import ISMSModel

struct ChangeUnapprovedRule: Rule {
    static let description = RuleDescription(
        id: "change-unapproved", name: "Change to an approved document with no approval", family: .changeControl, severity: .error,
        rationale: "Clause 7.5.2 c and 7.5.3 e: documented information is reviewed and approved before use and its changes are controlled. A commit that changes, approves, retires or deletes an approved document carries an approval (an Approved-by trailer, a merge where configured, or the approvals file exported from the forge).",
        triggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "bob", message: "Allow shared admin accounts", files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Shared admin accounts are allowed.", marker: "↓")]),
        ])],
        nonTriggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "bob", message: "Require MFA\n\nApproved-by: Carol Clark <carol@example.com>", files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "MFA is required.")]),
            ExampleCommit(author: "bob", message: "Move the policy", renames: ["policies/ac.md": "policies/access-control.md"]),
        ], note: "approved by carol; a pure rename needs no approval")])

    func check(_ context: RuleContext) -> [Finding] {
        guard context.history?.approvalsPending != true else { return [] }
        return ChangeAssessment.all(context).filter { $0.needsApproval && $0.commit.approvals.isEmpty }.map { a in
            var f = finding(a.path, SourcePosition(line: a.line("version"), column: 1),
                            "commit \(a.commit.shortID) \(a.commitPhrase) \(a.whatChanged) without any approval: add an approval by \(a.whoMayApprove) (e.g. an 'Approved-by: Name <email>' trailer, or a pull-request review in the approvals file)")
            f.commit = a.commit.shortID
            return f
        }
    }
}
