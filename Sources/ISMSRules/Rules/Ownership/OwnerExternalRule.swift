import ISMSModel

struct OwnerExternalRule: Rule {
    static let description = RuleDescription(
        id: "owner-external", name: "Controlled document owned by an external party", family: .ownership, severity: .warning,
        rationale: "Clauses 5.3 and 8.1: the organisation assigns responsibility for its ISMS and controls the processes it outsources. A consultant may write the policy or run the audit, but accountability cannot be outsourced: a policy, procedure, control, scope, risk methodology or objective is owned by someone inside the organisation.",
        triggering: [
            RuleExample(["policies/access-control.md": examplePolicy().replacingOccurrences(of: "owner: alice", with: "owner: ↓acme"),
                         "people.md": OwnershipRules.examplePeople(adding: "  - id: acme\n    name: Acme Security Consulting\n    external: true\n    organisation: Acme Security Consulting Ltd\n    emails: [isms@acme.example]")]),
        ],
        nonTriggering: [
            RuleExample(["policies/access-control.md": examplePolicy(),
                         "people.md": OwnershipRules.examplePeople(adding: "  - id: acme\n    name: Acme Security Consulting\n    external: true\n    organisation: Acme Security Consulting Ltd\n    emails: [isms@acme.example]")]),
            RuleExample(["evidence/pentest-2026.md": "---\nid: EV-PENTEST-2026\ntype: evidence\ntitle: Penetration test report 2026\nowner: acme\nstatus: current\ncontrols: [8.8]\ncollected: 2026-03-02\nvalid_for: 12 months\nlocation: https://drive.example.com/pentest-2026.pdf\n---\n",
                         "people.md": OwnershipRules.examplePeople(adding: "  - id: acme\n    name: Acme Security Consulting\n    external: true\n    organisation: Acme Security Consulting Ltd\n    emails: [isms@acme.example]")],
                        note: "an external party may own a record of its own work"),
        ])

    static let controlled: Set<DocumentType> = [.policy, .procedure, .control, .scope, .riskMethodology, .objective]

    func check(_ context: RuleContext) -> [Finding] {
        context.documents.compactMap { doc in
            guard let type = doc.type, Self.controlled.contains(type), doc.status != "retired",
                  let id = doc.owner, let person = context.isms.people.person(id), person.external else { return nil }
            return finding(doc, doc.valuePosition(of: "owner"),
                           "owner '\(id)' (\(person.name)) is external: an outside party can do the work, but the organisation stays accountable for its \(type.rawValue) — name an internal owner")
        }
    }
}
