import ISMSModel

struct PersonUnknownRule: Rule {
    static let description = RuleDescription(
        id: "person-unknown", name: "Person not in the people registry", family: .references, severity: .error,
        rationale: "Clause 5.3: responsibilities and authorities are assigned to people. An owner, approver, auditor or attendee who is not in the people registry cannot be identified, so nobody can show who is accountable, who approved, or who audited.",
        triggering: [
            RuleExample("policies/ac.md", examplePolicy().replacingOccurrences(of: "owner: alice", with: "owner: ↓bbo"), note: "a typo in the owner"),
            RuleExample("policies/ac.md", examplePolicy().replacingOccurrences(of: "approver: carol", with: "approver: ↓Carol"), note: "a name instead of an id"),
            RuleExample("policies/ac.md", examplePolicy().replacingOccurrences(of: "approver: carol", with: "approver: ↓top-management"), note: "a role without 'role:'"),
            RuleExample("audits/2026.md", """
            ---
            id: AUD-2026
            type: audit
            title: Internal audit 2026
            owner: alice
            status: planned
            kind: internal
            auditors: [dave, ↓mallory]
            report_to:
              - carol
              - ↓erin
            date: 2026-05-04
            scope:
              clauses: ["9.2"]
            ---
            """),
            RuleExample("reviews/2026.md", """
            ---
            id: MR-2026
            type: management-review
            title: Management review 2026
            owner: carol
            status: complete
            date: 2026-03-02
            attendees: [carol, alice, ↓frank]
            inputs: {a: done, b: done, c: done, d: done, e: done, f: done, g: done}
            ---
            """),
            RuleExample("risks/R-001.md", """
            ---
            id: R-001
            type: risk
            title: Laptop theft
            owner: bob
            status: accepted
            likelihood: 2
            impact: 2
            treatment: accept
            accepted_by: ↓carl
            accepted_on: 2026-01-10
            ---
            """),
            RuleExample("findings/F-1.md", """
            ---
            id: F-1
            type: finding
            title: Access review late
            owner: alice
            status: verified
            severity: minor
            raised: 2026-01-10
            verified_by: ↓dve
            verified_on: 2026-02-01
            ---
            """),
            RuleExample("evidence/EV-1.md", """
            ---
            id: EV-1
            type: evidence
            title: Access review export
            owner: alice
            status: current
            collected: 2026-01-10
            location: https://drive.example.com/ev-1
            collected_by: ↓zoe
            ---
            """),
            RuleExample("people.md", RuleExample.people.replacingOccurrences(of: "---\n# People", with: "teams:\n  - id: security\n    name: Security\n    lead: ↓alise\n---\n# People")),
        ],
        nonTriggering: [
            RuleExample("policies/ac.md", examplePolicy()),
            RuleExample("policies/ac.md", examplePolicy().replacingOccurrences(of: "approver: carol", with: "approver: role:top-management"),
                        note: "a role is role-unknown's to check"),
            RuleExample("policies/ac.md", examplePolicy().replacingOccurrences(of: "owner: alice", with: "owner: security"),
                        note: "an owner that is a team (or a role) is owner-is-team's to report"),
            RuleExample(["policies/ac.md": examplePolicy().replacingOccurrences(of: "owner: alice", with: "owner: nobody")],
                        note: "without a people registry there is nothing to check against (people-registry-missing reports that)"),
            RuleExample("audits/2026.md", """
            ---
            id: AUD-2026
            type: audit
            title: Internal audit 2026
            owner: alice
            status: planned
            kind: internal
            auditors: [dave]
            report_to: [carol, alice]
            date: 2026-05-04
            scope:
              clauses: ["9.2"]
            ---
            """),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let people = context.isms.people
        guard !people.isEmpty else { return [] }
        let registry = ReferenceRuleSupport.registryName(context)
        var out: [Finding] = []
        for doc in context.documents where doc.frontMatter != nil {
            for ref in Self.personReferences(doc) where ref.isIdentifier {
                let id = ref.id
                guard !id.isEmpty, people.person(id) == nil else { continue }
                // A team or role as owner is owner-is-team's finding; elsewhere say what it is.
                if ref.field == "owner" && (people.teams.contains(id) || people.roles.contains(id)) { continue }
                // "owner 'bbo'", but "auditors: 'mallory'" for a list.
                let listField = ["auditors", "attendees", "report_to"].contains(ref.field)
                var message = "\(ref.field)\(listField ? ":" : "") '\(id)' is not in \(registry)"
                if people.teams.contains(id) {
                    message += ": '\(id)' is a team; name one person"
                } else if people.roles.contains(id) {
                    message += ref.field == "approver" ? ": '\(id)' is a role; write 'role:\(id)' to let anyone holding it approve, or name one person"
                        : ": '\(id)' is a role; name one person"
                } else if let match = Self.suggestion(for: id, in: people) {
                    message += ": did you mean '\(match)'?"
                } else {
                    message += ": add them to the registry or name someone who is in it"
                }
                out.append(finding(doc, ref.scalar.position, message))
            }
        }
        return out
    }

    /// Every place a document names a person by id.
    static func personReferences(_ doc: Document) -> [FrontMatterReference] {
        var out = doc.frontMatterReferences("owner")
        guard let type = doc.type else { return out }
        if type.isControlledDocument { out += doc.frontMatterReferences("approver").filter { !$0.id.hasPrefix("role:") } }
        switch type {
        case .risk: out += doc.frontMatterReferences("accepted_by")
        case .evidence: out += doc.frontMatterReferences("collected_by")
        case .finding: out += doc.frontMatterReferences("verified_by")
        case .audit: out += doc.frontMatterReferences("auditors") + doc.frontMatterReferences("report_to")
        case .managementReview: out += doc.frontMatterReferences("attendees")
        case .people:
            for team in doc.value("teams")?.sequence?.items ?? [] {
                guard let lead = team.mapping?["lead"]?.value.scalar, !lead.isNull else { continue }
                let name = team.mapping?["id"]?.value.scalar?.text
                out.append(FrontMatterReference(field: name.map { "team '\($0)' lead" } ?? "team lead", scalar: lead))
            }
        default: break
        }
        return out
    }

    /// The person an unknown reference most likely means: a near id, or someone whose name or e-mail address it is.
    static func suggestion(for value: String, in people: PeopleRegistry) -> String? {
        let lower = value.lowercased()
        if let p = people.person(email: lower) ?? people.people.first(where: { $0.name.lowercased() == lower || $0.id.lowercased() == lower }) {
            return p.id
        }
        return ReferenceRuleSupport.closest(to: value, in: people.people.map(\.id))
    }
}
