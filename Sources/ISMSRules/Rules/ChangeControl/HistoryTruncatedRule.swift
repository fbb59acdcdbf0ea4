import ISMSModel

struct HistoryTruncatedRule: Rule {
    static let description = RuleDescription(
        id: "history-truncated", name: "History cut short by a shallow clone", family: .changeControl, severity: .error,
        rationale: "Change records can only be proven from the whole history. A shallow clone (CI's default fetch-depth of 1) hides every earlier change; isms checks what it has and says so, never 'no changes'. Fix: fetch the full history (actions/checkout with fetch-depth: 0, or git fetch --unshallow).",
        triggering: [], nonTriggering: [])

    func check(_ context: RuleContext) -> [Finding] {
        guard let history = context.history, history.isTruncated else { return [] }
        let at = context.isms.configuration.path ?? (context.isms.documents.first?.path ?? "isms.yml")
        let ids = history.shallowBoundary.map { String($0.prefix(7)) }.joined(separator: ", ")
        return [finding(at, .start, "history is truncated at \(ids) (a shallow clone): changes before it cannot be checked. Fetch the full history: `git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout")]
    }
}
