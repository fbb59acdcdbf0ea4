import ISMSModel

struct RoleUnknownRule: Rule {
    static let description = RuleDescription(
        id: "role-unknown", name: "Approver role nobody holds", family: .references, severity: .error,
        rationale: "Clause 7.5.2 c and 5.3: a document is approved by someone with the authority to do so. `approver: role:<name>` names everyone holding that role; when nobody in the people registry holds it, nobody can approve the document and any approval recorded cannot be checked.",
        triggering: [
            RuleExample("policies/ac.md", examplePolicy().replacingOccurrences(of: "approver: carol", with: "approver: ↓role:cisco")),
            RuleExample("policies/ac.md", examplePolicy().replacingOccurrences(of: "approver: carol", with: "approver: ↓role:board"),
                        note: "a role no one has been given"),
        ],
        nonTriggering: [
            RuleExample("policies/ac.md", examplePolicy().replacingOccurrences(of: "approver: carol", with: "approver: role:top-management")),
            RuleExample("policies/ac.md", examplePolicy(), note: "a person, not a role"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let people = context.isms.people
        guard !people.isEmpty else { return [] }
        let registry = ReferenceRuleSupport.registryName(context)
        var out: [Finding] = []
        for doc in context.documents where doc.type?.isControlledDocument == true {
            for ref in doc.frontMatterReferences("approver") where ref.id.hasPrefix("role:") {
                let role = String(ref.id.dropFirst(5)).trimmed
                guard !role.isEmpty, people.holders(ofRole: role).isEmpty else { continue }
                var message = "approver '\(ref.id)': nobody in \(registry) holds the role '\(role)'"
                if let match = ReferenceRuleSupport.closest(to: role, in: people.roles) {
                    message += ": did you mean 'role:\(match)'?"
                } else {
                    message += ": give the role to someone in the registry, or name the approver by person id"
                }
                out.append(finding(doc, ref.scalar.position, message))
            }
        }
        return out
    }
}
