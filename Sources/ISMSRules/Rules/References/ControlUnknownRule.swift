import ISMSModel

struct ControlUnknownRule: Rule {
    static let description = RuleDescription(
        id: "control-unknown", name: "Reference to a control that does not exist", family: .references, severity: .error,
        rationale: "Clause 6.1.3: risk treatment selects controls, and the Statement of Applicability lists them. A policy, risk, evidence record, finding or audit that names a control outside Annex A of ISO/IEC 27001:2022 (and not one of the organisation's own `C-…` controls) links to nothing, so the treatment or the evidence cannot be traced.",
        triggering: [
            RuleExample("policies/ac.md", examplePolicy("annex_a: [5.15, ↓5.99]"), catalog: ["5.15"]),
            RuleExample("risks/R-001.md", """
            ---
            id: R-001
            type: risk
            title: Laptop theft
            owner: bob
            status: treated
            likelihood: 2
            impact: 3
            treatment: mitigate
            controls:
              - 8.1
              - ↓C-MDM
            ---
            """, catalog: ["8.1"], note: "a custom control without a control document"),
            RuleExample([
                "evidence/EV-1.md": """
                ---
                id: EV-1
                type: evidence
                title: Access review export
                owner: alice
                status: current
                collected: 2026-01-10
                location: https://drive.example.com/ev-1
                controls: [↓A.5.18]
                ---
                """,
                "findings/F-1.md": """
                ---
                id: F-1
                type: finding
                title: Access review late
                owner: alice
                status: open
                severity: minor
                raised: 2026-01-10
                control: ↓"8.35"
                ---
                """,
                "audits/AUD-1.md": """
                ---
                id: AUD-1
                type: audit
                title: Internal audit 2026
                owner: alice
                status: planned
                kind: internal
                auditors: [dave]
                date: 2026-05-04
                scope:
                  controls: [5.18, ↓5.180]
                ---
                """,
                "people.md": RuleExample.people,
            ], catalog: ["5.18"], note: "'A.5.18' is a 2022 id written with the 'A.' prefix"),
        ],
        nonTriggering: [
            RuleExample("policies/ac.md", examplePolicy("annex_a: [5.15, 5.18]"), catalog: ["5.15", "5.18"]),
            RuleExample([
                "risks/R-001.md": """
                ---
                id: R-001
                type: risk
                title: Laptop theft
                owner: bob
                status: treated
                likelihood: 2
                impact: 3
                treatment: mitigate
                controls: [8.1, C-MDM]
                ---
                """,
                "controls/C-MDM.md": """
                ---
                id: C-MDM
                type: control
                title: Device management enrolment
                owner: alice
                approver: carol
                version: "1.0"
                status: draft
                review_every: 12 months
                applicable: true
                justification: R-001.
                implementation: implemented
                ---
                """,
                "people.md": RuleExample.people,
            ], catalog: ["8.1"], note: "a custom control with its control document"),
            RuleExample("policies/ac.md", examplePolicy("annex_a: [A.9.2.1]"), catalog: ["5.16"], note: "2013 ids are control-id-2013's to report"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let catalog = context.isms.catalog
        let custom = context.isms.documents(.control).compactMap(\.id).filter(AnnexACatalog.isCustomControlID)
        var out: [Finding] = []
        for doc in context.isms.documents {
            for ref in ReferenceRuleSupport.controlReferences(doc) {
                let id = ref.id
                guard !catalog.contains(id), context.isms.control(id) == nil, !ReferenceRuleSupport.is2013(id, catalog) else { continue }
                let message: String
                if id.hasPrefix("A."), catalog.contains(String(id.dropFirst(2))) || AnnexACatalog.iso27001_2022.contains(String(id.dropFirst(2))) {
                    message = "\(ref.field): write Annex A controls without the 'A.' prefix: '\(id.dropFirst(2))', not '\(id)'"
                } else if AnnexACatalog.isCustomControlID(id) {
                    let hint = ReferenceRuleSupport.closest(to: id, in: custom).map { "did you mean '\($0)'?" }
                        ?? "add a control document (type: control) with this id, or correct the reference"
                    message = "\(ref.field): no control document has the id '\(id)': \(hint)"
                } else if AnnexACatalog.looksLikeAnnexA(id) && AnnexACatalog.iso27001_2022.contains(id) {
                    // Only in example catalogs: a real run holds all 93 controls.
                    message = "\(ref.field): control \(id) is not in this ISMS's catalog"
                } else {
                    message = "\(ref.field): '\(id)' is not a control of Annex A of ISO/IEC 27001:2022 (5.1 … 8.34) nor one of the organisation's own C-… controls: correct the id"
                }
                out.append(finding(doc, ref.scalar.position, message))
            }
        }
        return out
    }
}
