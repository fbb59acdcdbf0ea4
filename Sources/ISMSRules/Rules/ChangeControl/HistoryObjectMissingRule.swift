import ISMSModel

struct HistoryObjectMissingRule: Rule {
    static let description = RuleDescription(
        id: "history-object-missing", name: "History object missing from the clone", family: .changeControl, severity: .error,
        rationale: "A partial fetch (`--filter=blob:none`) or a damaged repository lacks objects some commits need, so what those commits changed cannot be checked. isms checks everything else and names each commit and path it could not read. Fix: fetch the objects (`git fetch --refetch`, or `git fetch --unshallow`, or clone without `--filter`).",
        triggering: [], nonTriggering: [])

    func check(_ context: RuleContext) -> [Finding] {
        guard let history = context.history, !history.missingObjects.isEmpty else { return [] }
        // One finding per commit: its first missing object named, and how many more.
        var byCommit: [(String, [MissingObject])] = []
        for m in history.missingObjects {
            if let i = byCommit.firstIndex(where: { $0.0 == m.commit }) { byCommit[i].1.append(m) } else { byCommit.append((m.commit, [m])) }
        }
        let known = Set(context.isms.documents.map(\.path))
        let fallback = context.isms.configuration.path ?? (context.isms.documents.first?.path ?? "isms.yml")
        return byCommit.map { commit, missing in
            let first = missing[0]
            let more = missing.count > 1 ? " (and \(missing.count - 1) more in this commit)" : ""
            var f = finding(known.contains(first.path) ? first.path : fallback, .start, first.message + more)
            f.commit = String(commit.prefix(7))
            return f
        }
    }
}
