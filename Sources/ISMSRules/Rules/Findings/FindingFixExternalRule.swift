import ISMSModel

struct FindingFixExternalRule: Rule {
    static let description = RuleDescription(
        id: "finding-fix-external", name: "Fix recorded in another repository", family: .findings, severity: .info,
        rationale: "Clause 10.2 f–g: documented information is kept as evidence of the actions taken. A fix made in another repository (owner/repo#41, a URL that is not a pull or merge request of this forge) is a valid trail, but lint cannot follow it: the auditor will open it by hand. Reported as information so the reference is looked at once; set the rule to off in isms.yml (rules: finding-fix-external: off) when such references are the norm. Commit ids and pull requests of this repository are checked by finding-fix-unresolved.",
        triggering: [
            RuleExample(FindingRules.example(FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: ↓\"example/platform#41\"\nverified_by: dave\nverified_on: 2026-05-25")),
                        note: "a pull request in another repository"),
            RuleExample(FindingRules.example(FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: ↓https://tickets.example.com/browse/OPS-12\nverified_by: dave\nverified_on: 2026-05-25")),
                        note: "a URL that is not a pull or merge request"),
        ],
        nonTriggering: [
            RuleExample(FindingRules.example(FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: https://github.com/example/isms/pull/42\nverified_by: dave\nverified_on: 2026-05-25"))),
            RuleExample(FindingRules.example(FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: \"#42\"\nverified_by: dave\nverified_on: 2026-05-25")),
                        note: "a pull request of this repository"),
            RuleExample(FindingRules.example(FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: 1a2b3c4d\nverified_by: dave\nverified_on: 2026-05-25")),
                        note: "a commit id: finding-fix-unresolved resolves it"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.finding).compactMap { doc in
            guard let ref = doc.string("fixed_by"), !FindingRules.looksLikeCommit(ref), FindingRules.looksLikeExternalReference(ref) else { return nil }
            let name = doc.id.map { "finding \($0)" } ?? "this finding"
            return finding(doc, doc.valuePosition(of: "fixed_by"),
                           "\(name): fixed_by \(ref) is kept outside this repository and cannot be checked here: make sure it shows the merged change (turn this off with rules: finding-fix-external: off)")
        }
    }
}
