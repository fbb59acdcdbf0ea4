import ISMSModel

struct AuthorUnknownRule: Rule {
    static let description = RuleDescription(
        id: "author-unknown", name: "Change by someone not in the people registry", family: .changeControl, severity: .warning,
        rationale: "Every change to a controlled document is attributable to a person (7.5.2 a): the commit's author address belongs to someone in the people registry. List every address people commit with (work, GitHub noreply).",
        triggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "contractor@elsewhere.example", message: "Fix typo\n\nApproved-by: Carol <carol@example.com>", files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Access is granted by role only.", marker: "↓")]),
        ])],
        nonTriggering: [RuleExample(["policies/ac.md": approvedPolicy(version: "1.0")], then: [
            ExampleCommit(author: "42+bob@users.noreply.github.com", message: "Fix typo\n\nApproved-by: Carol <carol@example.com>", files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "Access is granted by role only.")]),
        ], note: "bob's second address")])

    /// How many of an address's commits a summary names.
    static let named = 3

    func check(_ context: RuleContext) -> [Finding] {
        // One finding per address, not per change: a history adopted without `change_control.since` would otherwise
        // bury everything else under tens of thousands of identical warnings.
        var seen: Set<String> = []
        var byAddress: [String: [ChangeAssessment]] = [:]
        var order: [String] = []
        for a in ChangeAssessment.all(context) {
            guard a.author == nil, !a.commit.authority.isEmpty, seen.insert(a.commit.id + a.path).inserted else { continue }
            let key = a.commit.author.email.lowercased()
            if byAddress[key] == nil { order.append(key) }
            byAddress[key, default: []].append(a)
        }
        return order.compactMap { key in
            // Assessments come oldest first (the change-control ledger's order): the finding points at the first change.
            guard let changes = byAddress[key], let first = changes.first else { return nil }
            var f: Finding
            if changes.count == 1 {
                f = finding(first.path, SourcePosition(line: first.line("version"), column: 1),
                            "commit \(first.commit.shortID) \(first.commitPhrase): \(first.commit.author.email) is not an address of anyone in the people registry: add it to their entry's emails")
            } else {
                var commits: [String] = []
                for c in changes where !commits.contains(c.commit.shortID) { commits.append(c.commit.shortID) }
                let listed = commits.prefix(Self.named).joined(separator: ", ") + (commits.count > Self.named ? ", …" : "")
                f = finding(first.path, SourcePosition(line: first.line("version"), column: 1),
                            "\(changes.count) changes in \(commits.count) commits by \(first.commit.author.email) (first: \(listed)), which is not an address of anyone in the people registry: add it to their entry's emails")
            }
            f.commit = first.commit.shortID
            return f
        }
    }
}
