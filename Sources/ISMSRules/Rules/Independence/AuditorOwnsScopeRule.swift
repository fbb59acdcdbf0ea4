import ISMSModel

struct AuditorOwnsScopeRule: Rule {
    static let description = RuleDescription(
        id: "auditor-owns-scope", name: "Auditor owns or approves what they audit", family: .independence, severity: .error,
        rationale: "Clause 9.2.2 c: auditors are selected, and audits conducted, so that the audit process is objective and impartial. ISO 19011 (principle of independence) reads that as: auditors are independent of the activity audited wherever practicable, and never audit their own work — so nobody audits a control, document or process they own, or approve (as the named approver, or as a holder of the approving role). Where a small organisation cannot avoid it, the audit records why the arrangement is still objective (independence_note), accepted by someone who is not an auditor of it (independence_approved_by); the conflict is then reported as info.",
        triggering: [
            RuleExample(["audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\ndate: 2026-04-14\nauditors: [alice]", scope: "  documents: [↓POL-AC]"),
                         "policies/access-control.md": examplePolicy(), "people.md": RuleExample.people],
                        note: "alice owns the access control policy she audits"),
            RuleExample(["audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: planned\ndate: 2026-09-14\nauditors: [dave, carol]", scope: "  controls: [5.18, ↓5.15]"),
                         "controls/5.15.md": CompletenessRules.exampleDocument("5.15", type: "control", title: "Access control", "applicable: true\njustification: Risk R-001.\nimplementation: implemented")
                            .replacingOccurrences(of: "approver: carol", with: "approver: role:top-management"),
                         "people.md": RuleExample.people],
                        note: "carol holds top-management, the role that approves control 5.15; a planned audit is checked too, while the auditors can still be changed"),
            RuleExample(["audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\ndate: 2026-04-14\nauditors: [bob]", scope: "  processes: [↓PROC-LEAVERS]"),
                         "procedures/leavers.md": IndependenceRules.exampleProcedure(owner: "bob", approver: "bob"), "people.md": RuleExample.people],
                        note: "bob owns and approves the process"),
            RuleExample(["audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\ndate: 2026-04-14\nauditors: [alice]\nindependence_note: Alice is the only person trained to audit; dave reviewed her working papers.\nindependence_approved_by: carol", scope: "  documents: [↓POL-AC]"),
                         "policies/access-control.md": examplePolicy(), "people.md": RuleExample.people],
                        note: "the justification is accepted by carol, who is not an auditor of it: reported as info, for the record"),
            RuleExample(["audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\ndate: 2026-04-14\nauditors: [alice]\nindependence_note: I know the policy well and can be objective.\nindependence_approved_by: alice", scope: "  documents: [↓POL-AC]"),
                         "policies/access-control.md": examplePolicy(), "people.md": RuleExample.people],
                        note: "a justification the auditor approved herself does not count: still an error"),
        ],
        nonTriggering: [
            RuleExample(["audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\ndate: 2026-04-14\nauditors: [dave]", scope: "  documents: [POL-AC]\n  processes: [PROC-LEAVERS]"),
                         "policies/access-control.md": examplePolicy(), "procedures/leavers.md": IndependenceRules.exampleProcedure(owner: "bob"),
                         "people.md": RuleExample.people],
                        note: "dave, the internal auditor, owns and approves nothing in scope"),
            RuleExample(["audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\ndate: 2026-04-14\nauditors: [dave]", scope: "  controls: [5.15]"),
                         "controls/5.15.md": CompletenessRules.exampleDocument("5.15", type: "control", title: "Access control", "applicable: true\njustification: Risk R-001.\nimplementation: implemented")
                            .replacingOccurrences(of: "approver: carol", with: "approver: role:top-management"),
                         "people.md": RuleExample.people],
                        note: "the approving role is held by carol, not by the auditor"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let people = context.isms.people
        var out: [Finding] = []
        for audit in AuditUnderReview.all(context.isms) {
            for item in audit.items {
                guard let target = item.target else { continue }
                let approver = target.string("approver")
                for auditor in audit.auditors {
                    var how: [String] = []
                    if target.owner == auditor { how.append(item.kind == .process ? "is its owner (the process owner)" : "is its owner") }
                    if let approver {
                        if approver == auditor {
                            how.append("is its approver")
                        } else if approver.hasPrefix("role:"), people.person(auditor)?.roles.contains(String(approver.dropFirst(5))) == true {
                            how.append("approves it as a holder of the role \(approver.dropFirst(5)) (approver: \(approver))")
                        }
                    }
                    guard !how.isEmpty else { continue }
                    let f = finding(audit.doc, item.position,
                                    "auditor \(auditor) audits \(item.noun) (\(target.path)) in \(audit.name) but \(how.joined(separator: " and "))")
                    out.append(audit.exception.judge(f))
                }
            }
        }
        return out
    }
}
