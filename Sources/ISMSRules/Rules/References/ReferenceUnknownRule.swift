import ISMSModel

struct ReferenceUnknownRule: Rule {
    static let description = RuleDescription(
        id: "reference-unknown", name: "Reference to a document that does not exist", family: .references, severity: .error,
        rationale: "Clause 7.5.3 and 9.2: documented information must be traceable. A control that cites a missing policy or evidence record, a finding whose audit does not exist, or an audit programme listing an unknown audit breaks the trail an auditor follows from requirement to proof.",
        triggering: [
            RuleExample([
                "controls/5.15.md": """
                ---
                id: 5.15
                type: control
                title: Access control
                owner: alice
                approver: carol
                version: "1.0"
                status: draft
                review_every: 12 months
                applicable: true
                justification: R-001.
                implementation: implemented
                policies: [POL-AC, ↓POL-AX, ↓R-001]
                risks: [R-001]
                evidence:
                  - ↓EV-404
                ---
                """,
                "policies/ac.md": examplePolicy(),
                "risks/R-001.md": referenceExampleRisk(),
                "people.md": RuleExample.people,
            ], catalog: ["5.15"], note: "a typo, a risk listed as a policy, and evidence that does not exist"),
            RuleExample([
                "risks/R-001.md": referenceExampleRisk("assets: [↓A-001]"),
                "findings/F-1.md": """
                ---
                id: F-1
                type: finding
                title: Access review late
                owner: alice
                status: open
                severity: minor
                raised: 2026-01-10
                audit: ↓AUD-2025
                ---
                """,
                "people.md": RuleExample.people,
            ]),
            RuleExample([
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
                  documents: [POL-AC, ↓POL-NOPE]
                  processes: [↓POL-AC]
                ---
                """,
                "audits/programme.md": """
                ---
                id: AP
                type: audit-programme
                title: Audit programme
                owner: alice
                approver: carol
                version: "1.0"
                status: draft
                review_every: 12 months
                audits: [AUD-1, ↓AUD-2]
                ---
                """,
                "policies/ac.md": examplePolicy("supersedes: ↓POL-OLD"),
                "people.md": RuleExample.people,
            ], note: "a process must be a procedure; supersedes must name a document of the ISMS"),
        ],
        nonTriggering: [
            RuleExample([
                "controls/5.15.md": """
                ---
                id: 5.15
                type: control
                title: Access control
                owner: alice
                approver: carol
                version: "1.0"
                status: draft
                review_every: 12 months
                applicable: true
                justification: R-001.
                implementation: implemented
                policies: [POL-AC, PROC-JML]
                risks: [R-001]
                ---
                """,
                "policies/ac.md": examplePolicy(),
                "procedures/jml.md": examplePolicy(id: "PROC-JML").replacingOccurrences(of: "type: policy", with: "type: procedure"),
                "risks/R-001.md": referenceExampleRisk(),
                "people.md": RuleExample.people,
            ], catalog: ["5.15"]),
            RuleExample([
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
                  documents: [POL-AC, PEOPLE]
                  processes: [PROC-JML]
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
                audit: AUD-1
                ---
                """,
                "policies/ac.md": examplePolicy("superseded_by: POL-AC2", status: "retired"),
                "policies/ac2.md": examplePolicy("supersedes: POL-AC", id: "POL-AC2"),
                "procedures/jml.md": examplePolicy(id: "PROC-JML").replacingOccurrences(of: "type: policy", with: "type: procedure"),
                "people.md": RuleExample.people,
            ]),
        ])

    /// What a field must point at: the types allowed (nil: any document), and how a message names them.
    struct Target {
        var types: Set<DocumentType>?
        var noun: String
    }

    static let policyOrProcedure = Target(types: [.policy, .procedure], noun: "a policy or procedure")
    static let risk = Target(types: [.risk], noun: "a risk")
    static let evidence = Target(types: [.evidence], noun: "an evidence record")
    static let asset = Target(types: [.asset], noun: "an asset")
    static let audit = Target(types: [.audit], noun: "an audit")
    static let process = Target(types: [.procedure], noun: "a procedure")
    static let anyDocument = Target(types: nil, noun: "a document")

    /// Every id reference a document makes to another document, with what it must point at.
    static func references(_ doc: Document) -> [(FrontMatterReference, Target)] {
        guard let type = doc.type else { return [] }
        var out: [(FrontMatterReference, Target)] = []
        func add(_ refs: [FrontMatterReference], _ target: Target) { out += refs.map { ($0, target) } }
        switch type {
        case .control:
            add(doc.frontMatterReferences("policies"), policyOrProcedure)
            add(doc.frontMatterReferences("risks"), risk)
            add(doc.frontMatterReferences("evidence"), evidence)
        case .risk: add(doc.frontMatterReferences("assets"), asset)
        case .finding: add(doc.frontMatterReferences("audit"), audit)
        case .audit:
            add(doc.frontMatterReferences("scope", "documents"), anyDocument)
            add(doc.frontMatterReferences("scope", "processes"), process)
        case .auditProgramme: add(doc.frontMatterReferences("audits"), audit)
        default: break
        }
        if type.isControlledDocument {
            add(doc.frontMatterReferences("supersedes"), anyDocument)
            add(doc.frontMatterReferences("superseded_by"), anyDocument)
        }
        return out.filter { $0.0.isIdentifier }
    }

    /// For a control: the field a document of `type` belongs under.
    static func controlField(for type: DocumentType?) -> String? {
        switch type {
        case .policy?, .procedure?: return "policies"
        case .risk?: return "risks"
        case .evidence?: return "evidence"
        default: return nil
        }
    }

    func check(_ context: RuleContext) -> [Finding] {
        let isms = context.isms
        var out: [Finding] = []
        for doc in isms.documents {
            for (ref, target) in Self.references(doc) {
                let id = ref.id
                let found = isms.documents(id: id)
                if let types = target.types {
                    guard !found.contains(where: { $0.type.map(types.contains) == true }) else { continue }
                } else {
                    guard found.isEmpty else { continue }
                }
                var message: String
                if let other = found.first {
                    message = "\(ref.field): \(id) is \(ReferenceRuleSupport.noun(other.type)), not \(target.noun)"
                    if doc.type == .control, let field = Self.controlField(for: other.type), field != ref.field {
                        message += ": list it under '\(field)'"
                    } else if ref.field == "scope.processes" {
                        message += " (the processes an audit covers are its procedures; other documents go under scope.documents)"
                    }
                } else {
                    message = "\(ref.field): no document has the id '\(id)'"
                    let candidates = isms.documents.filter { d in target.types.map { d.type.map($0.contains) == true } ?? true }.compactMap(\.id)
                    if let match = ReferenceRuleSupport.closest(to: id, in: candidates) {
                        message += ": did you mean '\(match)'?"
                    } else {
                        message += ": correct the id, or add \(target.noun) with this id"
                    }
                }
                out.append(finding(doc, ref.scalar.position, message))
            }
        }
        return out
    }
}

/// A minimal risk record, for examples: `extra` is added to the front matter.
private func referenceExampleRisk(_ extra: String = "", id: String = "R-001") -> String {
    """
    ---
    id: \(id)
    type: risk
    title: Laptop theft
    owner: bob
    status: treated
    likelihood: 2
    impact: 3
    treatment: mitigate
    \(extra)
    ---
    """
}
