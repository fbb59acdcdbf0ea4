import ISMSModel

struct LinkOutsideRepositoryRule: Rule {
    static let description = RuleDescription(
        id: "link-outside-repository", name: "Link to a file outside the repository", family: .links, severity: .error,
        rationale: "Clause 7.5.3: documented information is controlled where it is kept. A link to a path outside the repository (`../../…` above its root, `file:` URLs, drive paths; a leading `/` means the repository root, as forges render it) works on one person's machine only, points at something no change control covers, and is never followed by isms.",
        triggering: [
            RuleExample("policies/ac.md", linkExamplePolicy("""
            # Access control
            See ↓[the shared drive copy](../../shared/access.md) and ↓[hosts](/../etc/hosts).
            """)),
            RuleExample("policies/ac.md", linkExamplePolicy("""
            # Access control
            ↓![diagram](file:///Users/alice/Desktop/access.png)
            ↓[register](C:\\ISMS\\register.xlsx)
            """), note: "a file: URL and a Windows path"),
        ],
        nonTriggering: [
            RuleExample([
                "policies/ac.md": linkExamplePolicy("""
                # Access control
                See [the scope](../scope.md), [the handbook](../handbook/intro.txt), [the root copy](/scope.md) and [the published copy](https://isms.example.com/ac).
                """),
                "scope.md": "# Scope",
                "handbook/intro.txt": "Intro",
                "people.md": RuleExample.people,
            ]),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for (doc, links) in LinkTarget.resolvedLinks(context) {
            for (link, resolved) in links {
                let noun = LinkRuleSupport.noun(link)
                switch resolved {
                case .absolute:
                    out.append(finding(doc, link.position, "\(noun) '\(link.destination)' is an absolute path on someone's machine: isms does not follow it; link to a file in the repository with a relative path, or to a published URL"))
                case .aboveRoot:
                    out.append(finding(doc, link.position, "\(noun) '\(link.destination)' leads outside the repository: isms does not follow it; bring the file into the repository or link to a published URL"))
                default:
                    continue
                }
            }
        }
        return out
    }
}
