import ISMSModel

struct AuthorUnknownRule: Rule {
    static let description = RuleDescription(
        id: "author-unknown", name: "Change by someone not in the people registry", family: .changeControl, severity: .warning,
        rationale: "Every change to a controlled document is attributable to a person (7.5.2 a): the commit's author address belongs to someone in the people registry. List every address people commit with (work, GitHub noreply).",
        triggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "contractor@elsewhere.example", message: "Fix typo\n\nApproved-by: Carol <carol@example.com>", files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Access is granted by role only.", marker: "↓")]),
        ])],
        nonTriggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "42+bob@users.noreply.github.com", message: "Fix typo\n\nApproved-by: Carol <carol@example.com>", files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Access is granted by role only.")]),
        ], note: "bob's second address")])

    func check(_ context: RuleContext) -> [Finding] {
        var seen: Set<String> = []
        return ChangeAssessment.all(context).compactMap { a in
            guard a.author == nil, !a.commit.authority.isEmpty, seen.insert(a.commit.id + a.path).inserted else { return nil }
            var f = finding(a.path, SourcePosition(line: a.line("version"), column: 1),
                            "commit \(a.commit.shortID) \(a.commitPhrase): \(a.commit.author.email) is not an address of anyone in the people registry: add it to their entry's emails")
            f.commit = a.commit.shortID
            return f
        }
    }
}
