import ISMSModel

/// A hand-written "Version history" / "Document control" table in a body (common in real policies) is a second
/// record of the document's changes: it must agree with the front matter, and with git.
struct VersionHistoryTableRule: Rule {
    static let description = RuleDescription(
        id: "version-history-mismatch", name: "Version history table disagrees with the document or git", family: .changeControl, severity: .warning,
        rationale: "Clause 7.5.2 and 7.5.3 c–e: the version of documented information is identified and its changes controlled. A body section headed Version history, Revision history, Document history or Document control (## or deeper) holding a table with a version column and a date column is a hand-kept copy of that record: its latest row must be the version in the front matter, and — in a git repository — every row dated after change control began and after the document came into the repository must match an approved change to that version in `isms history` (the commit's date or the effective date it set). A table that drifts tells an auditor a different story from the evidence; `isms history DOC --format md` prints the table from git to paste instead.",
        triggering: [
            RuleExample("policies/ac.md", approvedPolicy(version: "1.2", body: "## Version history\n\n| Version | Date | Change |\n|---|---|---|\n| 1.0 | 2026-01-05 | First issue |\n↓| 1.1 | 2026-03-02 | MFA required |\n"),
                        note: "the front matter says 1.2; the table stops at 1.1"),
            RuleExample(["policies/ac.md": approvedPolicy(version: "1.0", lastReviewed: "2025-01-10")], then: [
                ExampleCommit(author: "bob", date: "2026-03-02", message: "Require MFA\n\nApproved-by: Carol <carol@example.com>",
                              files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "MFA everywhere.\n\n## Document control\n\n| Version | Date | Author |\n|---|---|---|\n| 1.0 | 2026-01-05 | alice |\n↓| 1.1 | 2026-02-20 | bob |\n", lastReviewed: "2025-01-10")]),
            ], note: "1.1 was approved on 2026-03-02, not 2026-02-20"),
        ],
        nonTriggering: [
            RuleExample(["policies/ac.md": approvedPolicy(version: "1.0", lastReviewed: "2025-01-10")], then: [
                ExampleCommit(author: "bob", date: "2026-03-02", message: "Require MFA\n\nApproved-by: Carol <carol@example.com>",
                              files: ["policies/ac.md": approvedPolicy(version: "1.1", body: "MFA everywhere.\n\n## Version history\n\n| Version | Date | Change |\n|---|---|---|\n| 1.0 | 2025-11-03 | First issue, before this repository |\n| 1.1 | 2026-03-02 | MFA required |\n", lastReviewed: "2025-01-10")]),
            ], note: "1.1 matches the approved commit; 1.0 predates change control (since 2026-01-06)"),
            RuleExample("policies/ac.md", approvedPolicy(version: "1.1", body: "## Change history highlights\n\n| Version | Date |\n|---|---|\n| 1.0 | 2026-01-05 |\n"),
                        note: "not a version history heading: a summary of highlights"),
        ])

    struct Row { var version: String; var date: String; var line: Int }

    /// The rows of the first version table under a version-history heading, with their file lines.
    static func table(_ doc: Document) -> (heading: MarkdownBody.Heading, rows: [Row])? {
        guard let body = doc.body else { return nil }
        let names = ["version history", "revision history", "document history", "document control", "change history"]
        guard let heading = body.headings.first(where: { $0.level >= 2 && names.contains(TemplateHeadings.fold($0.text)) }) else { return nil }
        let lines = body.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = heading.position.line - body.lineOffset   // the line after the heading, 0-based
        while i < lines.count, !lines[i].trimmed.hasPrefix("|") {
            if lines[i].hasPrefix("#") { return nil }
            i += 1
        }
        func cells(_ line: String) -> [String] {
            var t = line.trimmed
            if t.hasPrefix("|") { t.removeFirst() }
            if t.hasSuffix("|") { t.removeLast() }
            return t.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmed }
        }
        guard i + 1 < lines.count else { return nil }
        let header = cells(lines[i]).map { $0.lowercased() }
        guard let v = header.firstIndex(where: { $0.hasPrefix("version") || $0 == "rev" || $0 == "revision" }),
              let d = header.firstIndex(where: { $0.contains("date") || $0 == "effective" }) else { return nil }
        var rows: [Row] = []
        var j = i + 2   // past the delimiter row
        while j < lines.count, lines[j].trimmed.hasPrefix("|") {
            let c = cells(lines[j])
            if c.count > max(v, d) { rows.append(Row(version: c[v].trimmingCharacters(in: ["v", "V", "*", "`"]), date: c[d], line: body.lineOffset + j + 1)) }
            j += 1
        }
        return rows.isEmpty ? nil : (heading, rows)
    }

    func check(_ context: RuleContext) -> [Finding] {
        var out: [Finding] = []
        for doc in context.isms.documents where doc.type?.isControlledDocument == true {
            guard let (_, rows) = Self.table(doc) else { continue }
            let name = doc.id ?? doc.path
            let regenerate = "`isms history \(name) --format md` prints the table from git"
            let latest = rows.filter { DocumentVersion($0.version) != nil }.max { DocumentVersion($0.version)! < DocumentVersion($1.version)! }
            if let version = doc.version, let latest, DocumentVersion(latest.version) != version {
                out.append(finding(doc, SourcePosition(line: latest.line, column: 1),
                                   "the version history's latest row is \(latest.version), but the front matter says \(version): add a row for \(version) (\(regenerate))"))
            }
            guard let history = context.history, let id = doc.id else { continue }
            let approved = ChangeAssessment.all(context).filter { $0.change.after?.id == id && $0.needsApproval && !$0.valid.isEmpty }
            // Rows from before the document came into this repository (or before change control began) have no commit.
            let arrived = history.commits.filter { $0.changes.contains { $0.after?.id == id } }.map(\.committer.day).min()
            for row in rows {
                guard let day = Day(row.date), day >= (history.sinceDay ?? day), day >= (arrived ?? day) else { continue }
                let same = approved.filter { $0.change.after?.version.flatMap(DocumentVersion.init) == DocumentVersion(row.version) }
                if same.isEmpty {
                    out.append(finding(doc, SourcePosition(line: row.line, column: 1),
                                       "version \(row.version) of \(row.date) has no approved change in git that set it: correct the row, or record the approval (\(regenerate))"))
                } else if !same.contains(where: { $0.commit.committer.day == day || $0.change.after?.effective == row.date }) {
                    let dates = same.map { $0.commit.committer.day.description }
                    out.append(finding(doc, SourcePosition(line: row.line, column: 1),
                                       "version \(row.version) is dated \(row.date) here, but its approved change in git is of \(ProgrammeRules.list(dates)): correct the date (\(regenerate))"))
                }
            }
        }
        return out
    }
}
