import ISMSModel

struct LinkBrokenRule: Rule {
    static let description = RuleDescription(
        id: "link-broken", name: "Link to a file that does not exist", family: .links, severity: .error,
        rationale: "Clause 7.5.3: documented information must be available where and when it is needed. A policy that points to a procedure, template or evidence that is not there leaves the reader — and the auditor — without the referenced requirement.",
        triggering: [
            RuleExample([
                "policies/ac.md": linkExamplePolicy("""
                # Access control
                Joiners follow ↓[the JML procedure](../procedures/jml.md); see also ↓[the standard](access-standard.md).
                """),
                "procedures/jm.md": linkExamplePolicy("# JML").replacingOccurrences(of: "POL-AC", with: "PROC-JML"),
                "people.md": RuleExample.people,
            ], note: "a typo in a file name, and a file that was never added"),
            RuleExample("policies/ac.md", linkExamplePolicy("""
            # Access control
            ↓![Access flow](img/access%20flow.png)

            The request form is in ↓[templates](../templates/access-request/).
            """), note: "an image, and a folder"),
            RuleExample("policies/ac.md", linkExamplePolicy("""
            # Access control
            Zugriff für Externe — ↓[Formular](formular.md)
            """), note: "columns count characters, not bytes"),
        ],
        nonTriggering: [
            RuleExample([
                "policies/ac.md": linkExamplePolicy("""
                # Access control
                Joiners follow [the JML procedure](../procedures/jml.md#steps "JML") and [the form](./forms/request%20form.md?plain=1).
                See [the policies](.), [ISO](https://www.iso.org/standard/27001), [mail](mailto:security@example.com) and [the list](#access-control).
                """),
                "policies/forms/request form.md": "Form",
                "procedures/jml.md": linkExamplePolicy("# Steps").replacingOccurrences(of: "POL-AC", with: "PROC-JML"),
                "people.md": RuleExample.people,
            ]),
            RuleExample("policies/ac.md", linkExamplePolicy("""
            # Access control
            See [the wiki](../../wiki/access.md).
            """), note: "a link that leaves the repository is link-outside-repository's finding"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        guard let source = context.isms.source else { return [] }
        var out: [Finding] = []
        for doc in context.isms.documents {
            for link in doc.body?.links ?? [] {
                guard case .file(let path, _) = LinkTarget.resolve(link.destination, from: doc.path), !path.isEmpty,
                      !source.exists(path) else { continue }
                var message = "\(LinkRuleSupport.noun(link)) '\(link.destination)' is broken: there is no file or folder \(path) in the repository"
                let candidates = context.isms.documents.map(\.path).filter { $0 != doc.path }
                if let match = ReferenceRuleSupport.closest(to: path, in: candidates) {
                    message += ": did you mean '\(LinkRuleSupport.relative(match, from: doc.path))'?"
                } else {
                    message += ": correct the path, add the file, or remove the link"
                }
                out.append(finding(doc, link.position, message))
            }
        }
        return out
    }
}
