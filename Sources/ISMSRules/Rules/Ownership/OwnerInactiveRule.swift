import ISMSModel

struct OwnerInactiveRule: Rule {
    static let description = RuleDescription(
        id: "owner-inactive", name: "Owner or approver has left", family: .ownership, severity: .error,
        rationale: "Clauses 5.3 and 7.5.2: responsibilities are assigned to people who can carry them, and documents are approved by someone with the authority to. A document owned or approved by someone who has left has nobody to review it, keep it current or approve its next version; leavers' responsibilities are handed over (Annex A 6.5).",
        triggering: [
            RuleExample(["policies/access-control.md": examplePolicy().replacingOccurrences(of: "owner: alice", with: "owner: ↓erin"),
                         "people.md": OwnershipRules.examplePeople(adding: "  - id: erin\n    name: Erin Evans\n    emails: [erin@example.com]\n    left: 2026-04-30")],
                        note: "erin left before today"),
            RuleExample(["policies/access-control.md": examplePolicy().replacingOccurrences(of: "approver: carol", with: "approver: ↓frank"),
                         "people.md": OwnershipRules.examplePeople(adding: "  - id: frank\n    name: Frank Fox\n    emails: [frank@example.com]\n    roles: [top-management]\n    active: false")],
                        note: "the approver is marked inactive"),
        ],
        nonTriggering: [
            RuleExample(["policies/access-control.md": examplePolicy().replacingOccurrences(of: "owner: alice", with: "owner: erin"),
                         "people.md": OwnershipRules.examplePeople(adding: "  - id: erin\n    name: Erin Evans\n    emails: [erin@example.com]\n    left: 2026-06-30")],
                        note: "erin is working her notice"),
            RuleExample(["policies/access-control.md": examplePolicy(status: "retired").replacingOccurrences(of: "owner: alice", with: "owner: erin"),
                         "people.md": OwnershipRules.examplePeople(adding: "  - id: erin\n    name: Erin Evans\n    emails: [erin@example.com]\n    left: 2026-04-30")],
                        note: "a retired document needs no owner"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let entries = OwnershipRules.entries(context.isms)
        let today = context.today
        var out: [Finding] = []
        for doc in context.documents where !OwnershipRules.finished.contains(doc.status ?? "") {
            for key in ["owner", "approver"] {
                guard let id = doc.string(key), let entry = entries[id] else { continue }
                let why: String
                if let left = entry.left, left <= today {
                    why = "left on \(left)"
                } else if !entry.active {
                    why = "is marked active: false"
                } else { continue }
                let task = key == "owner" ? "hand the document to an active person who is accountable for it"
                    : "name an active approver (a person, or role:<name>)"
                out.append(finding(doc, doc.valuePosition(of: key), "\(key) '\(id)' \(why) in the people registry (\(entry.registry)): \(task)"))
            }
        }
        return out
    }
}
