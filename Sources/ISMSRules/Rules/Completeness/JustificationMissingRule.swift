import ISMSModel

struct JustificationMissingRule: Rule {
    static let description = RuleDescription(
        id: "justification-missing", name: "Control without a justification", family: .completeness, severity: .error,
        rationale: "Clause 6.1.3 d: the Statement of Applicability gives the justification for including each control and for excluding each Annex A control. Auditors read an included control's justification against the risks it treats, and challenge every exclusion.",
        triggering: [
            RuleExample("controls/5.7.md", "↓" + CompletenessRules.exampleControl("5.7", "Threat intelligence", "applicable: true\nimplementation: implemented"),
                        note: "included, but not said why"),
            RuleExample("controls/7.5.md", CompletenessRules.exampleControl("7.5", "Protecting against physical and environmental threats", "applicable: false\n↓justification:"),
                        note: "excluded, justification left empty"),
        ],
        nonTriggering: [
            RuleExample("controls/5.7.md", CompletenessRules.exampleControl("5.7", "Threat intelligence", "applicable: true\njustification: Treats R-004 (unpatched exposure to known exploits).\nimplementation: implemented")),
            RuleExample("controls/7.5.md", CompletenessRules.exampleControl("7.5", "Protecting against physical and environmental threats", "applicable: false\njustification: We have no premises; all systems run in AWS, which holds ISO 27001 certification.")),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.control).compactMap { doc in
            guard doc.string("justification") == nil, doc.status != "retired" else { return nil }
            let name = doc.id.map { "control \($0)" } ?? "this control"
            let what: String
            switch doc.bool("applicable") {
            case true?: what = "\(name) is included without a justification: say why it is needed (the risks it treats, or the requirement behind it) in justification:"
            case false?: what = "\(name) is excluded without a justification: say why it is not needed in justification:, in terms an auditor can check"
            case nil: what = "\(name) has no justification: say why it is included, or why it is excluded, in justification:"
            }
            return finding(doc, doc.position(of: "justification"), what)
        }
    }
}
