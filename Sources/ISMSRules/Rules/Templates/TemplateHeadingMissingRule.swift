import ISMSModel

/// Clause 7.5.2 b: documented information has an appropriate format. The organisation's templates set that format; a
/// document of a type with a template carries the template's headings, in the template's order.
struct TemplateHeadingMissingRule: Rule {
    static let description = RuleDescription(
        id: "template-heading-missing", name: "Document body lacks a heading its template requires", family: .schema, severity: .warning,
        rationale: "Clause 7.5.2 b: documented information is created in an appropriate format, and the organisation's templates are that format: a reader (and an auditor) finds the purpose, scope and responsibilities of every policy in the same place. Each `##` heading of a type's template is required, in the template's order; other sections may stand between them. A heading matches when it has the template heading's words (case and parenthesised asides aside: 'Roles and responsibilities' has 'Responsibilities'). The built-in templates (`isms new`) require, for a policy: Purpose, Scope, Responsibilities; procedure: Purpose; scope: Boundaries, Interfaces and dependencies, Internal and external issues (4.1), Interested parties and their requirements (4.2); risk methodology: Analysing risks, Acceptance criteria, Treating risks; objective: Plan, How results are evaluated; people: Roles; audit programme: Frequency and method, Responsibilities, How risk and earlier results shape the programme, Reporting. Records are free-form unless configured. In isms.yml, `templates: {folder: templates}` reads the organisation's own templates (<folder>/<type>.md; they replace the built-in ones, and a type with no template there is free-form — list the folder under ignore:), and `templates: {policy: [Purpose, Scope], procedure: off}` sets or turns off a type. The finding stands at the line to insert the heading at. Retired documents are not checked.",
        triggering: [
            RuleExample(["policies/p.md": Self.policy("## Purpose\n\nWhy.\n\n## Rules\n\nDo this.\n\n↓## Responsibilities\n\nWho.\n"), "people.md": RuleExample.people],
                        note: "no Scope: insert it before Responsibilities"),
            RuleExample(["policies/p.md": Self.policy("## Responsibilities\n\nWho.\n\n## Purpose\n\nWhy.\n\n## Scope\n\nAll staff.\n↓"), "people.md": RuleExample.people],
                        note: "Responsibilities comes before Purpose: out of the template's order, so it is missing after Scope"),
            RuleExample(["isms.yml": "version: 1\ntemplates:\n  procedure: [Purpose, Steps]\n",
                         "procedures/p.md": Self.procedure("## Purpose\n\nWhy.\n↓"), "people.md": RuleExample.people],
                        note: "the organisation requires Steps in procedures"),
        ],
        nonTriggering: [
            RuleExample(["policies/p.md": Self.policy("## Purpose\n\nWhy.\n\n## Scope (who and what)\n\nAll staff.\n\n## Rules\n\nDo this.\n\n## Roles and responsibilities\n\nWho.\n"), "people.md": RuleExample.people]),
            RuleExample(["isms.yml": "version: 1\ntemplates:\n  policy: off\n",
                         "policies/p.md": Self.policy("Free text.\n"), "people.md": RuleExample.people],
                        note: "the organisation turned the check off for policies"),
            RuleExample(["findings/F-1.md": FindingRules.exampleFinding("status: open\nraised: 2026-03-10\ndue: 2026-07-01"), "people.md": RuleExample.people],
                        note: "records are free-form by default"),
        ])

    static func policy(_ body: String) -> String {
        CompletenessRules.exampleDocument("POL-AC", type: "policy", title: "Access control policy").replacingOccurrences(of: "# Access control policy", with: "# Access control policy\n\n" + body)
    }
    static func procedure(_ body: String) -> String {
        CompletenessRules.exampleDocument("PROC-1", type: "procedure", title: "Backup procedure").replacingOccurrences(of: "# Backup procedure", with: "# Backup procedure\n\n" + body)
    }

    func check(_ context: RuleContext) -> [Finding] {
        let templates = context.isms.configuration.templates
        var out: [Finding] = []
        if templates.folderMissing, let folder = templates.folder {
            out.append(finding(CompletenessRules.ismsLocation(context.isms), templates.folderPosition ?? .start,
                               "templates.folder '\(folder)' is not a folder next to isms.yml: the built-in templates' headings are checked instead"))
        }
        for doc in context.documents where doc.status != "retired" {
            guard let type = doc.type, let required = templates.required(type), let body = doc.body else { continue }
            var headings = body.headings
            if headings.first?.level == 1 { headings.removeFirst() }   // the title
            let source = templates.headings[type.rawValue] != nil ? "isms.yml templates.\(type.rawValue)"
                : templates.fromFolder[type.rawValue] != nil ? "\(templates.folder ?? "templates")/\(type.rawValue).md" : "the built-in \(type.rawValue) template"
            let endLine = Self.lineCount(doc.text ?? "") + 1
            var cursor = 0
            for (i, r) in required.enumerated() {
                if let j = headings[cursor...].firstIndex(where: { TemplateHeadings.matches($0.text, r) }) {
                    cursor = j + 1
                    continue
                }
                // Insert before the next required heading that is present after the last one matched; else at the end.
                let later = required[(i + 1)...].lazy.compactMap { next in headings[cursor...].first { TemplateHeadings.matches($0.text, next) } }.first
                let line = later?.position.line ?? endLine
                let earlier = headings[..<cursor].first { TemplateHeadings.matches($0.text, r) }
                let after = i == 0 ? "first" : "after '\(required[i - 1])'"
                let note = earlier.map { " ('\($0.text)' on line \($0.position.line) stands before it: move that section here)" } ?? ""
                out.append(finding(doc, SourcePosition(line: line, column: 1),
                                   "the body has no '## \(r)' section \(after), as \(source) requires (\(required.joined(separator: ", "))): insert it at line \(line)\(note)"))
            }
        }
        return out
    }

    static func lineCount(_ text: String) -> Int {
        var n = 0
        for b in text.utf8 where b == UInt8(ascii: "\n") { n += 1 }
        if let last = text.utf8.last, last != UInt8(ascii: "\n") { n += 1 }
        return n
    }
}
