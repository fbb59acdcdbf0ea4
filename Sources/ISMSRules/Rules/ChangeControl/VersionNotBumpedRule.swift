import ISMSModel

struct VersionNotBumpedRule: Rule {
    static let description = RuleDescription(
        id: "version-not-bumped", name: "Approved document changed without a new version", family: .changeControl, severity: .error,
        rationale: "Clause 7.5.3 e (version control): a reader must be able to tell versions apart. Every change of substance to an approved document raises its version (1.9 → 1.10, compared as integers). A review that only sets last_reviewed, a status change and a pure rename need no new version.",
        triggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.9")], then: [
            ExampleCommit(author: "bob", message: "Tighten access\n\nApproved-by: Carol <carol@example.com>", files: ["policies/ac.md": approvedPolicy(version: "1.9", body: "Access needs two approvals.", marker: "↓")]),
        ]),
        RuleExample(["policies/ac.md": approvedPolicy(version: "1.10")], then: [
            ExampleCommit(author: "bob", message: "Tighten access\n\nApproved-by: Carol <carol@example.com>", files: ["policies/ac.md": approvedPolicy(version: "1.9", body: "Access needs two approvals.", marker: "↓")]),
        ], note: "1.10 → 1.9 goes backwards")],
        nonTriggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.9")], then: [
            ExampleCommit(author: "bob", message: "Tighten access\n\nApproved-by: Carol <carol@example.com>", files: ["policies/ac.md": approvedPolicy(version: "1.10", body: "Access needs two approvals.")]),
            ExampleCommit(author: "alice", message: "Annual review\n\nApproved-by: Carol <carol@example.com>", files: ["policies/ac.md": approvedPolicy(version: "1.10", body: "Access needs two approvals.", lastReviewed: "2026-03-02")]),
        ], note: "1.9 → 1.10 is a bump; a review changes only last_reviewed")])

    func check(_ context: RuleContext) -> [Finding] {
        ChangeAssessment.all(context).compactMap { a in
            guard let how = a.versionProblem else { return nil }
            var f = finding(a.path, SourcePosition(line: a.line("version"), column: 1),
                            "commit \(a.commit.shortID) \(a.commitPhrase) changes the approved document but \(how): raise the version")
            f.commit = a.commit.shortID
            return f
        }
    }
}
