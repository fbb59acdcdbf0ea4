import ISMSModel

struct IDDuplicateRule: Rule {
    static let description = RuleDescription(
        id: "id-duplicate", name: "Two documents share an id", family: .schema, severity: .error,
        rationale: "Clause 7.5.2 a: each document can be told apart. References by id (controls → policies, findings → audits) are ambiguous when two documents share one.",
        triggering: [RuleExample(["policies/a.md": examplePolicy(), "policies/b.md": examplePolicy().replacingOccurrences(of: "id: POL-AC", with: "↓id: POL-AC"), "people.md": RuleExample.people])],
        nonTriggering: [RuleExample(["policies/a.md": examplePolicy(), "policies/b.md": examplePolicy(id: "POL-AUP"), "people.md": RuleExample.people])])

    func check(_ context: RuleContext) -> [Finding] {
        var first: [String: Document] = [:]
        var out: [Finding] = []
        for doc in context.isms.documents {
            guard let id = doc.id else { continue }
            if let earlier = first[id] {
                out.append(finding(doc, doc.position(of: "id"), "id '\(id)' is already used by \(earlier.path)"))
            } else {
                first[id] = doc
            }
        }
        return out
    }
}
