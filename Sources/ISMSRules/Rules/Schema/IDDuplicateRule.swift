import ISMSModel

struct IDDuplicateRule: Rule {
    static let description = RuleDescription(
        id: "id-duplicate", name: "Two documents share an id", family: .schema, severity: .error,
        rationale: "Clause 7.5.2 a: each document can be told apart. References by id (controls → policies, findings → audits) are ambiguous when two documents share one. Reported on every copy, at its id line: either may be the one to renumber.",
        triggering: [RuleExample(["policies/a.md": examplePolicy().replacingOccurrences(of: "id: POL-AC", with: "↓id: POL-AC"), "policies/b.md": examplePolicy().replacingOccurrences(of: "id: POL-AC", with: "↓id: POL-AC"), "people.md": RuleExample.people],
                                 note: "reported on every copy: either may be the one to renumber")],
        nonTriggering: [RuleExample(["policies/a.md": examplePolicy(), "policies/b.md": examplePolicy(id: "POL-AUP"), "people.md": RuleExample.people])])

    func check(_ context: RuleContext) -> [Finding] {
        var byID: [String: [Document]] = [:]
        var order: [String] = []
        for doc in context.isms.documents {
            guard let id = doc.id else { continue }
            if byID[id] == nil { order.append(id) }
            byID[id, default: []].append(doc)
        }
        var out: [Finding] = []
        for id in order {
            guard let docs = byID[id], docs.count > 1 else { continue }
            for doc in docs {
                let others = docs.filter { $0 !== doc }.map(\.path)
                out.append(finding(doc, doc.position(of: "id"), "id '\(id)' is also used by \(ProgrammeRules.list(others)): give one of them a new id, so references to it are unambiguous"))
            }
        }
        return out
    }
}
