import ISMSModel

struct AuditorTeamProcessRule: Rule {
    static let description = RuleDescription(
        id: "auditor-team-process", name: "Auditor audits a process of their own team", family: .independence, severity: .error,
        rationale: "Clause 9.2.2 c: auditors are selected so that the audit is objective and impartial. ISO 19011 asks internal auditors to be independent of the function they audit wherever practicable: someone auditing a process run by their own team audits their colleagues' work and, often, their own. A process is a procedure; its team is its owner's team in the people registry. Rotate auditors or cross-audit between teams; where that is impossible, record why the arrangement is objective (independence_note) and have someone who is not an auditor of it accept that (independence_approved_by): the finding is then info.",
        triggering: [
            RuleExample(["audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\ndate: 2026-04-14\nauditors: [erin]", scope: "  processes: [↓PROC-LEAVERS]"),
                         "procedures/leavers.md": IndependenceRules.exampleProcedure(owner: "alice"), "people.md": IndependenceRules.peopleWithErin],
                        note: "erin and alice, the process owner, are both in the security team"),
            RuleExample(["audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\ndate: 2026-04-14\nauditors: [erin]\nindependence_note: The security team is two people; the leavers sample was drawn by dave.", scope: "  processes: [↓PROC-LEAVERS]"),
                         "procedures/leavers.md": IndependenceRules.exampleProcedure(owner: "alice"), "people.md": IndependenceRules.peopleWithErin],
                        note: "a justification nobody accepted does not count"),
        ],
        nonTriggering: [
            RuleExample(["audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\ndate: 2026-04-14\nauditors: [dave]", scope: "  processes: [PROC-LEAVERS]"),
                         "procedures/leavers.md": IndependenceRules.exampleProcedure(owner: "alice"), "people.md": IndependenceRules.peopleWithErin],
                        note: "dave is in finance"),
            RuleExample(["audits/AUD-2026-1.md": IndependenceRules.exampleAudit("status: complete\ndate: 2026-04-14\nauditors: [erin]", scope: "  documents: [POL-AC]\n  processes: [PROC-DEPLOY]"),
                         "policies/access-control.md": examplePolicy(), "procedures/deploy.md": IndependenceRules.exampleProcedure("PROC-DEPLOY", owner: "bob"),
                         "people.md": IndependenceRules.peopleWithErin],
                        note: "the deployment process belongs to engineering; a policy is not a process"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let people = context.isms.people
        var out: [Finding] = []
        for audit in AuditUnderReview.all(context.isms) {
            for item in audit.items where item.kind == .process {
                guard let owner = item.target?.owner, let ownerPerson = people.person(owner) else { continue }
                // An auditor who owns the process is auditor-owns-scope's finding.
                for auditor in audit.auditors where auditor != owner {
                    guard let person = people.person(auditor) else { continue }
                    let shared = person.teams.filter(ownerPerson.teams.contains)
                    guard !shared.isEmpty else { continue }
                    let teams = shared.count == 1 ? "the team \(shared[0])" : "the teams " + shared.joined(separator: ", ")
                    let f = finding(audit.doc, item.position,
                                    "auditor \(auditor) audits \(item.noun) in \(audit.name), which \(owner) owns, and \(auditor) and \(owner) are both in \(teams)")
                    out.append(audit.exception.judge(f))
                }
            }
        }
        return out
    }
}
