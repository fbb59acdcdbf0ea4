import ISMSModel

struct PeopleRegistryMissingRule: Rule {
    static let description = RuleDescription(
        id: "people-registry-missing", name: "No people registry", family: .completeness, severity: .error,
        rationale: "Clause 5.3: top management assigns and communicates the roles, responsibilities and authorities relevant to information security. The people registry (type: people) records who holds which role; without it no owner, approver or risk acceptance can be checked against an authority.",
        triggering: [
            RuleExample(["isms.yml": "↓version: 1\norganisation: Example Ltd\n", "policies/access-control.md": examplePolicy()]),
        ],
        nonTriggering: [
            RuleExample("policies/access-control.md", examplePolicy()),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        guard context.isms.documents(.people).isEmpty else { return [] }
        return [finding(CompletenessRules.ismsLocation(context.isms), .start,
                        "the ISMS has no people registry: add a document with type: people listing each person's id, name, e-mail addresses and roles (including who holds top-management), so owners, approvers and risk acceptances can be checked")]
    }
}
