import ISMSModel

struct ChangeSelfApprovedRule: Rule {
    static let description = RuleDescription(
        id: "change-self-approved", name: "Change approved only by its author", family: .changeControl, severity: .error,
        rationale: "Four eyes: whoever writes a change to a controlled document is never its approver, even when they are the document's owner or approver. Identity is by e-mail address, every address a person has.",
        triggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "carol", message: "Relax review cadence\n\nApproved-by: Carol Clark <carol@example.com>", files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Reviews every two years.", marker: "↓")]),
        ], note: "carol is the approver, but she wrote the change")],
        nonTriggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "alice", message: "Clarify scope\n\nApproved-by: Carol Clark <carol@example.com>", files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Applies to contractors too.")]),
        ])])

    func check(_ context: RuleContext) -> [Finding] {
        guard context.history?.approvalsPending != true else { return [] }
        return ChangeAssessment.all(context).filter { $0.needsApproval && $0.valid.isEmpty && !$0.selfApprovals.isEmpty && $0.unauthorised.isEmpty }.map { a in
            var f = finding(a.path, SourcePosition(line: a.line("version"), column: 1),
                            "commit \(a.commit.shortID) \(a.commitPhrase) \(a.whatChanged), approved only by its own author (\(a.author?.id ?? a.commit.author.email)): it needs an approval by someone else with authority (\(a.whoMayApprove))")
            f.commit = a.commit.shortID
            return f
        }
    }
}
