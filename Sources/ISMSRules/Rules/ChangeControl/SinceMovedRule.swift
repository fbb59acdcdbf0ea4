import ISMSModel

struct SinceMovedRule: Rule {
    static let description = RuleDescription(
        id: "change-control-since-moved", name: "Adoption point moved past commits already under change control", family: .changeControl, severity: .error,
        rationale: "`change_control.since` says where change control starts; history before it is exempt. Moving it later would silently exempt commits that were already judged (and erase their findings), so the configuration in force at each commit stays the one its parent had, and a change that moves `since` past checked commits is reported. Fix: restore the earlier `since` in a new, approved commit.",
        triggering: [], nonTriggering: [])

    func check(_ context: RuleContext) -> [Finding] {
        guard let history = context.history else { return [] }
        let moves = history.isSettled ? history.sinceMoves : ChangeAssessment.ledger(context, history).sinceMoves
        return moves.map { m in
            let ids = m.uncovered.prefix(5).map(\.shortID).joined(separator: ", ") + (m.uncovered.count > 5 ? ", …" : "")
            var f = finding(m.path, .start, "commit \(m.commit.shortID) '\(m.commit.subject)' by \(m.commit.author.email) moves change_control.since from \(m.from ?? "(none: everything checked)") to \(m.to ?? "(none)"), exempting \(m.uncovered.count) commit\(m.uncovered.count == 1 ? "" : "s") already under change control (\(ids)): those commits stay judged by the configuration in force when they were made")
            f.commit = m.commit.shortID
            return f
        }
    }
}
