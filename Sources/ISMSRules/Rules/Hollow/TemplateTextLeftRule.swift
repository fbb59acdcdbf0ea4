import ISMSModel

struct TemplateTextLeftRule: Rule {
    static let description = RuleDescription(
        id: "template-text-left", name: "Template placeholder text left in a document", family: .completeness, severity: .error,
        rationale: "Clauses 4.3, 5.2 and 7.5: documented information must say what is true of the organisation. A scope or policy that still reads \"State which parts of … the ISMS covers\" exists as a file but documents nothing, and an auditor reads it as missing. The placeholders are the instructions of the built-in templates (`isms init`, `isms new`); replace each with the organisation's own text, or delete it. Controls still without an applicability decision are left to `applicability-undecided`.",
        triggering: [
            RuleExample("scope.md", """
            ---
            id: SCOPE
            type: scope
            title: Scope of the ISMS
            owner: alice
            approver: carol
            version: "0.1"
            status: draft
            review_every: 12 months
            ---
            # Scope of the ISMS

            ## Organisational units and locations

            ↓State which parts of Example Ltd the ISMS covers: teams, offices, remote working.

            ## Exclusions

            What is out of scope, and why.
            """, note: "two placeholders left: one finding at the first"),
            RuleExample("controls/5.15.md", CompletenessRules.exampleControl("5.15", "Access control", "applicable: true\njustification: Risk R-001.\nimplementation: implemented")
                .replacingOccurrences(of: "# Control 5.15", with: "# Control 5.15\n\n↓How  Example Ltd implements this control, or why it does not apply."),
                        note: "applicable, but the implementation is still the template's sentence (extra spaces do not hide it)"),
        ],
        nonTriggering: [
            RuleExample("scope.md", """
            ---
            id: SCOPE
            type: scope
            title: Scope of the ISMS
            owner: alice
            approver: carol
            version: "0.1"
            status: draft
            review_every: 12 months
            ---
            # Scope of the ISMS

            ## Organisational units and locations

            All of Example Ltd: the Bristol office and staff working from home in the UK.

            ## Exclusions

            None.
            """),
            RuleExample("controls/5.15.md", CompletenessRules.exampleControl("5.15", "Access control", "")
                .replacingOccurrences(of: "# Control 5.15", with: "# Control 5.15\n\nHow Example Ltd implements this control, or why it does not apply."),
                        note: "applicability not decided yet: applicability-undecided says so, once"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        context.documents.compactMap { doc in
            guard doc.type != nil, doc.status != "retired", let body = doc.body else { return nil }
            if doc.type == .control, doc.value("applicable") == nil { return nil }
            var hits: [(line: Int, column: Int, text: String)] = []
            // Lines cut at the newline byte (the loader has made CRLF into LF; a newline is always a character of its own).
            for (i, bytes) in body.text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
                let line = Substring(bytes)
                guard HollowRules.isPlaceholder(line) else { continue }
                hits.append((body.lineOffset + i + 1, line.prefix { $0 == " " || $0 == "\t" }.count + 1, line.trimmingCharacters(in: .whitespaces)))
            }
            guard let first = hits.first else { return nil }
            let column = first.column
            let more = hits.count > 1 ? " (and \(hits.count - 1) more placeholder\(hits.count == 2 ? "" : "s") below)" : ""
            return finding(doc, SourcePosition(line: first.line, column: column),
                           "'\(first.text)' is the template's placeholder, not the organisation's text\(more): replace it with what is true for the organisation, or delete it")
        }
    }
}
