import ISMSModel

struct DateBackdatedRule: Rule {
    static let description = RuleDescription(
        id: "date-backdated", name: "Review or effective date the commit does not back", family: .changeControl, severity: .error,
        rationale: "A last_reviewed or effective date is evidence only if the commit that sets it agrees: a date later than the commit claims a future review; one set long after the day it claims (more than change_control.review_backdate_days, default 30) is back-dated.",
        triggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "alice", date: "2026-05-20", message: "Annual review\n\nApproved-by: Carol <carol@example.com>",
                          files: ["policies/ac.md": approvedPolicy(version: "1.0").replacingOccurrences(of: "last_reviewed: 2026-01-05", with: "↓last_reviewed: 2026-02-01")]),
        ], note: "set on 2026-05-20, claims 2026-02-01"),
        RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "alice", date: "2026-03-02", message: "Annual review\n\nApproved-by: Carol <carol@example.com>",
                          files: ["policies/ac.md": approvedPolicy(version: "1.0").replacingOccurrences(of: "last_reviewed: 2026-01-05", with: "↓last_reviewed: 2026-04-01")]),
        ], note: "claims a review a month after the commit")],
        nonTriggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "alice", date: "2026-03-02", message: "Annual review\n\nApproved-by: Carol <carol@example.com>",
                          files: ["policies/ac.md": approvedPolicy(version: "1.0", lastReviewed: "2026-02-20")]),
        ])])

    func check(_ context: RuleContext) -> [Finding] {
        guard let history = context.history else { return [] }
        let allowance = context.isms.configuration.changeControl.reviewBackdateDays
        var out: [Finding] = []
        for commit in history.checkedCommits {
            for change in commit.changes {
                for (key, message) in Self.problems(commit, change, allowance: allowance) {
                    var f = finding(change.path, SourcePosition(line: change.after?.line(key) ?? 1, column: 1), message)
                    f.commit = commit.shortID
                    out.append(f)
                }
            }
        }
        return out
    }

    /// The dates one change sets that its commit does not back (also shown in revision tables).
    static func problems(_ commit: CommitRecord, _ change: DocumentChange, allowance: Int) -> [(key: String, message: String)] {
        // Most changes set neither date: nothing to judge (revision tables ask for every revision).
        guard let after = change.after, after.lastReviewed != change.before?.lastReviewed || after.effective != change.before?.effective else { return [] }
        let day = commit.committer.day
        var out: [(String, String)] = []
        for (key, value) in [("last_reviewed", after.lastReviewed), ("effective", after.effective)] {
            guard let text = value, text != (key == "last_reviewed" ? change.before?.lastReviewed : change.before?.effective),
                  let claimed = Day(text) else { continue }
            if claimed > day {
                out.append((key, "\(key) \(claimed) is later than commit \(commit.shortID) that sets it (\(day)): record a review or effective date when it has happened"))
            } else if Day.days(from: claimed, to: day) > allowance {
                out.append((key, "\(key) \(claimed) is set by commit \(commit.shortID) on \(day), \(Day.days(from: claimed, to: day)) days later (more than \(allowance)): the commit does not back the date it claims"))
            }
        }
        return out
    }
}
