import ISMSModel

struct OwnerIsTeamRule: Rule {
    static let description = RuleDescription(
        id: "owner-is-team", name: "Owner is a team or a role, not a person", family: .ownership, severity: .error,
        rationale: "Clause 5.3 and Annex A 5.2: responsibilities and authorities are assigned, and clause 6.1.2 c names a risk owner for each risk. A team or a role owns nothing in practice: when leavers' access was \"owned\" by HR, IT and security together, each assumed another removed it. One named person is accountable; the team does the work.",
        triggering: [
            RuleExample(["procedures/leavers.md": CompletenessRules.exampleDocument("PROC-LEAVERS", type: "procedure", title: "Leavers").replacingOccurrences(of: "owner: alice", with: "owner: ↓security"),
                         "people.md": RuleExample.people],
                        note: "security is alice's team"),
            RuleExample(["procedures/leavers.md": CompletenessRules.exampleDocument("PROC-LEAVERS", type: "procedure", title: "Leavers").replacingOccurrences(of: "owner: alice", with: "owner: ↓people-ops"),
                         "people.md": OwnershipRules.examplePeople(teams: "teams:\n  - id: people-ops\n    name: People operations\n    lead: bob")],
                        note: "a team of the registry's teams: list, even with nobody in it yet"),
            RuleExample(["procedures/leavers.md": CompletenessRules.exampleDocument("PROC-LEAVERS", type: "procedure", title: "Leavers").replacingOccurrences(of: "owner: alice", with: "owner: ↓role:ciso"),
                         "people.md": RuleExample.people]),
            RuleExample(["procedures/leavers.md": CompletenessRules.exampleDocument("PROC-LEAVERS", type: "procedure", title: "Leavers").replacingOccurrences(of: "owner: alice", with: "owner: ↓ciso"),
                         "people.md": RuleExample.people],
                        note: "a role someone holds"),
        ],
        nonTriggering: [
            RuleExample("procedures/leavers.md", CompletenessRules.exampleDocument("PROC-LEAVERS", type: "procedure", title: "Leavers")),
            RuleExample("procedures/leavers.md", CompletenessRules.exampleDocument("PROC-LEAVERS", type: "procedure", title: "Leavers", "approver: role:top-management")
                .replacingOccurrences(of: "approver: carol\n", with: ""),
                        note: "an approver may be a role"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let people = context.isms.people
        let leads = OwnershipRules.teamLeads(context.isms)
        return context.documents.compactMap { doc in
            guard let owner = doc.value("owner")?.scalar?.text.trimmed, !owner.isEmpty,
                  people.person(owner) == nil else { return nil }
            let position = doc.valuePosition(of: "owner")
            if owner.hasPrefix("role:") || people.roles.contains(owner) {
                let role = owner.hasPrefix("role:") ? String(owner.dropFirst(5)) : owner
                let holders = people.holders(ofRole: role).map(\.id)
                let hint = holders.count == 1 ? " (\(holders[0]) holds it)" : holders.isEmpty ? "" : " (held by \(holders.joined(separator: ", ")))"
                return finding(doc, position, "owner '\(owner)' is a role, not a person: name the one person accountable for this document\(hint)")
            }
            if people.teams.contains(owner) {
                let hint = leads[owner].map { ", for example the team's lead, \($0)" } ?? ""
                return finding(doc, position, "owner '\(owner)' is a team, not a person: name the one person accountable for this document\(hint); the team can still do the work")
            }
            return nil
        }
    }
}
