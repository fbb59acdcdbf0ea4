import ISMSModel

struct ControlTitleMismatchRule: Rule {
    static let description = RuleDescription(
        id: "control-title-mismatch", name: "Control title differs from Annex A", family: .completeness, severity: .warning,
        rationale: "Clause 6.1.3 c–d: the Statement of Applicability is compared line by line with Annex A. A control file whose title differs from the standard's makes that comparison harder and may hide a wrong id (8.1 titled as 5.1's control).",
        triggering: [
            RuleExample("controls/5.15.md", CompletenessRules.exampleControl("5.15", "↓Access control policy", "applicable: true\njustification: Treats R-003.\nimplementation: implemented\npolicies: [POL-AC]"),
                        catalog: ["5.15"]),
        ],
        nonTriggering: [
            RuleExample("controls/5.15.md", CompletenessRules.exampleControl("5.15", "Access Control", "applicable: true\njustification: Treats R-003.\nimplementation: implemented\npolicies: [POL-AC]"),
                        catalog: ["5.15"], note: "case and punctuation do not matter"),
            RuleExample("controls/8.1.md", CompletenessRules.exampleControl("8.1", "User endpoint devices", "applicable: true\njustification: Treats R-001.\nimplementation: implemented\npolicies: [POL-AUP]"),
                        catalog: ["8.1"], note: "ISO/IEC 27002's spelling of the title is accepted too"),
            RuleExample("controls/C-RESTORE.md", CompletenessRules.exampleControl("C-RESTORE", "Quarterly restore test", "applicable: true\njustification: Treats R-002.\nimplementation: implemented\npolicies: [POL-BACKUP]"),
                        catalog: ["5.15"], note: "the organisation's own controls have no standard title"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let catalog = context.isms.catalog
        return context.isms.documents(.control).compactMap { doc in
            guard let id = doc.id, let control = catalog.control(id), let title = doc.title,
                  !catalog.acceptsTitle(title, for: id) else { return nil }
            return finding(doc, doc.valuePosition(of: "title"),
                           "control \(id) is titled '\(title)', but Annex A calls it '\(control.title)': use the standard's title so the Statement of Applicability reads against Annex A (and check the id is the one you meant)")
        }
    }
}
