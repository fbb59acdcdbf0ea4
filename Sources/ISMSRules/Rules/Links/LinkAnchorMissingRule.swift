import ISMSModel

struct LinkAnchorMissingRule: Rule {
    static let description = RuleDescription(
        id: "link-anchor-missing", name: "Link to a heading that does not exist", family: .links, severity: .error,
        rationale: "Clause 7.5.3: documented information must be available and suitable for use. A link to a section that was renamed or removed sends the reader to the top of the document instead of the requirement it cites.",
        triggering: [
            RuleExample("policies/ac.md", linkExamplePolicy("""
            # Access control
            ## Reviews
            Access is reviewed quarterly (see ↓[reviews](#review)).
            """)),
            RuleExample([
                "policies/ac.md": linkExamplePolicy("""
                # Access control
                Leavers lose access on their last day (↓[JML, leavers](../procedures/jml.md#leaver-steps)).
                """),
                "procedures/jml.md": linkExamplePolicy("# JML\n## Leavers").replacingOccurrences(of: "POL-AC", with: "PROC-JML"),
                "people.md": RuleExample.people,
            ], note: "an anchor into another document of the ISMS"),
        ],
        nonTriggering: [
            RuleExample([
                "policies/ac.md": linkExamplePolicy("""
                # Access control
                ## Reviews
                See [reviews](#reviews), [leavers](../procedures/jml.md#leavers), [the form](#request-form) and [top](#).
                <a id="request-form"></a>
                Set-up notes: [install](../handbook/setup.html#install).
                """),
                "procedures/jml.md": linkExamplePolicy("# JML\n## Leavers").replacingOccurrences(of: "POL-AC", with: "PROC-JML"),
                "handbook/setup.html": "<h1>Setup</h1>",
                "people.md": RuleExample.people,
            ], note: "HTML anchors count; anchors into files the ISMS does not read are not checked"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        // Each target's anchors once per run, not once per link: a table of contents of thousands of links was quadratic.
        var anchorsOf: [ObjectIdentifier: Set<String>] = [:]
        for (doc, links) in LinkTarget.resolvedLinks(context) {
            for (link, resolved) in links {
                let target: Document, anchor: String, name: String
                switch resolved {
                case .sameDocument(let a) where !a.isEmpty:
                    (target, anchor, name) = (doc, a, "this document")
                case .file(let path, let a?):
                    guard let other = context.isms.document(path: path) else { continue }
                    (target, anchor, name) = (other, a, other === doc ? "this document" : path)
                default:
                    continue
                }
                guard let body = target.body else { continue }
                let anchors: Set<String>
                if let known = anchorsOf[ObjectIdentifier(target)] { anchors = known } else {
                    anchors = LinkRuleSupport.anchors(of: body)
                    anchorsOf[ObjectIdentifier(target)] = anchors
                }
                guard !anchors.contains(anchor), !anchors.contains(anchor.lowercased()) else { continue }
                var message = "\(LinkRuleSupport.noun(link)) '\(link.destination)' is broken: no heading of \(name) has the anchor '#\(anchor)'"
                if let match = ReferenceRuleSupport.closest(to: anchor.lowercased(), in: anchors) {
                    message += ": did you mean '#\(match)'?"
                } else if body.headings.isEmpty {
                    message += " (it has no headings)"
                } else {
                    message += ": link to one of its headings (\(body.headings.prefix(5).map { "#" + $0.anchor }.joined(separator: ", "))\(body.headings.count > 5 ? ", …" : ""))"
                }
                out.append(finding(doc, link.position, message))
            }
        }
        return out
    }
}
