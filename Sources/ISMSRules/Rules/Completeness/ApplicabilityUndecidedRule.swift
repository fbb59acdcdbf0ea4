import ISMSModel

struct ApplicabilityUndecidedRule: Rule {
    static let description = RuleDescription(
        id: "applicability-undecided", name: "Control without an applicability decision", family: .completeness, severity: .error,
        rationale: "Clause 6.1.3 d: the Statement of Applicability records, for each control, whether it is included or excluded. A control file without `applicable: true` or `applicable: false` leaves that line of the SoA blank.",
        triggering: [
            RuleExample("controls/5.7.md", "↓" + CompletenessRules.exampleControl("5.7", "Threat intelligence", "justification: We subscribe to the NCSC feed."),
                        note: "no applicable key"),
            RuleExample("controls/5.7.md", CompletenessRules.exampleControl("5.7", "Threat intelligence", "↓applicable:\njustification: We subscribe to the NCSC feed."),
                        note: "applicable left empty"),
        ],
        nonTriggering: [
            RuleExample("controls/5.7.md", CompletenessRules.exampleControl("5.7", "Threat intelligence", "applicable: true\njustification: We subscribe to the NCSC feed.\nimplementation: implemented")),
            RuleExample("controls/7.5.md", CompletenessRules.exampleControl("7.5", "Protecting against physical and environmental threats", "applicable: false\njustification: We have no premises; all systems run in AWS, which holds ISO 27001 certification.")),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.control).compactMap { doc in
            guard doc.value("applicable") == nil, doc.status != "retired" else { return nil }
            let name = doc.id.map { "control \($0)" } ?? "this control"
            let how = doc.entry("applicable") == nil ? "add 'applicable: true' or 'applicable: false'" : "set it to true or false"
            return finding(doc, doc.position(of: "applicable"), "\(name) does not say whether it applies: \(how), so the Statement of Applicability records a decision")
        }
    }
}
