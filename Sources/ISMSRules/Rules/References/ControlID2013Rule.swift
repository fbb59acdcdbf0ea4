import ISMSModel

struct ControlID2013Rule: Rule {
    static let description = RuleDescription(
        id: "control-id-2013", name: "ISO 27001:2013 control id", family: .references, severity: .error,
        rationale: "An ISMS certified to ISO/IEC 27001:2022 selects its controls from the 2022 Annex A (clause 6.1.3 c, d). A 2013 id such as A.9.2.1 names a control of the withdrawn standard: the Statement of Applicability and the risk treatment plan must use the 2022 control it became.",
        triggering: [
            RuleExample("policies/ac.md", examplePolicy("annex_a: [5.15, ↓A.9.2.1]"), catalog: ["5.15"]),
            RuleExample("risks/R-001.md", """
            ---
            id: R-001
            type: risk
            title: Stale accounts
            owner: bob
            status: treated
            likelihood: 2
            impact: 3
            treatment: mitigate
            controls:
              - ↓A.18.2.3
              - ↓9.2.6
            ---
            """, catalog: [], note: "one 2013 control can become several 2022 controls; the A. prefix may be missing"),
            RuleExample("findings/F-1.md", """
            ---
            id: F-1
            type: finding
            title: Access review late
            owner: alice
            status: open
            severity: minor
            raised: 2026-01-10
            control: ↓A.9.2.5
            ---
            """),
        ],
        nonTriggering: [
            RuleExample("policies/ac.md", examplePolicy("annex_a: [5.15, 5.16, 5.18]"), catalog: ["5.15", "5.16", "5.18"]),
            RuleExample("policies/ac.md", examplePolicy("annex_a: [A.5.15]"), catalog: ["5.15"],
                        note: "a 2022 id written with the A. prefix is not a 2013 id (control-unknown reports the prefix)"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let catalog = context.isms.catalog
        var out: [Finding] = []
        for doc in context.isms.documents {
            for ref in ReferenceRuleSupport.controlReferences(doc) where ReferenceRuleSupport.is2013(ref.id, catalog) {
                let id = ref.id
                let old = id.hasPrefix("A.") ? id : "A.\(id)"
                let title = catalog.oldTitle(id).map { " (\($0))" } ?? ""
                let successors = catalog.successors(of: id).sorted(by: AnnexACatalog.numericOrder)
                let message: String
                switch successors.count {
                case 0:
                    message = "\(ref.field): '\(id)' is written like an ISO/IEC 27001:2013 control, and 2013 had no such control: use an ISO/IEC 27001:2022 control id (5.1 … 8.34)"
                case 1:
                    message = "\(ref.field): \(old)\(title) is an ISO/IEC 27001:2013 control: in ISO/IEC 27001:2022 it is \(successors[0]), so write \(successors[0])"
                default:
                    let list = successors.dropLast().joined(separator: ", ") + " and " + successors.last!
                    message = "\(ref.field): \(old)\(title) is an ISO/IEC 27001:2013 control: in ISO/IEC 27001:2022 it became \(list): write whichever of them this reference means"
                }
                out.append(finding(doc, ref.scalar.position, message))
            }
        }
        return out
    }
}
