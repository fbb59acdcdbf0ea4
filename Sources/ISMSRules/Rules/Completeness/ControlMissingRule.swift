import Foundation
import ISMSModel

struct ControlMissingRule: Rule {
    static let description = RuleDescription(
        id: "control-missing", name: "Annex A control without a control document", family: .completeness, severity: .error,
        rationale: "Clause 6.1.3 d: the Statement of Applicability states, for every Annex A control, whether it is included and why, or why it is excluded. The control files form the SoA here, so an Annex A control without one is a control nobody decided on; auditors check that all 93 appear. A control file that exists but whose front matter cannot be read (a duplicate key, a YAML error) is not reported here: the parsing rule reports it once, where the fix is.",
        triggering: [
            RuleExample(["controls/5.1.md": CompletenessRules.exampleControl("5.1", "Policies for information security", "applicable: true\njustification: Required by the information security policy.\nimplementation: implemented\npolicies: [POL-IS]"),
                         "controls/5.2.md": "↓# 5.2 Information security roles and responsibilities\n\nTo be written.\n",
                         "people.md": RuleExample.people],
                        catalog: ["5.1", "5.2"], note: "controls/5.2.md has no front matter, so control 5.2 has no control document"),
            RuleExample(["controls/5.1.md": CompletenessRules.exampleControl("5.1", "Policies for information security", "applicable: true\njustification: Required by the information security policy.\nimplementation: implemented\npolicies: [POL-IS]")
                            .replacingOccurrences(of: "status: draft", with: "status: ↓retired"),
                         "people.md": RuleExample.people],
                        catalog: ["5.1"], note: "the only control document for 5.1 is retired"),
        ],
        nonTriggering: [
            RuleExample(["controls/5.1.md": CompletenessRules.exampleControl("5.1", "Policies for information security", "applicable: true\njustification: Required by the information security policy.\nimplementation: implemented\npolicies: [POL-IS]"),
                         "controls/roles.md": CompletenessRules.exampleControl("5.2", "Information security roles and responsibilities", "applicable: true\njustification: Roles are assigned in the people registry.\nimplementation: implemented\npolicies: [POL-IS]"),
                         "people.md": RuleExample.people],
                        catalog: ["5.1", "5.2"], note: "a control document may live at any path; its id decides"),
            RuleExample(["controls/8.15.md": CompletenessRules.exampleControl("8.15", "Logging", "applicable: true\njustification: Logs show who did what.\nimplementation: implemented\nimplementation: partial"),
                         "people.md": RuleExample.people],
                        catalog: ["8.15"], note: "the file exists with a duplicate key: yaml-duplicate-key reports it, not a missing control"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let isms = context.isms
        var out: [Finding] = []
        // Control files whose YAML could not be read: the parsing rule reports them where the fix is, once.
        let unreadable = Set(isms.documents.filter { doc in
            doc.frontMatter == nil && doc.problems.contains { [.yamlSyntax, .duplicateKey, .yamlTooComplex].contains($0.kind) }
        }.flatMap { Self.controlIDs(in: $0) })
        for control in isms.catalog.controls {
            let docs = isms.documents(id: control.id).filter { $0.type == .control }
            let decide = "decide whether it applies (applicable: true or false) and record why (justification:)"
            if docs.isEmpty, unreadable.contains(control.id) { continue }
            if docs.isEmpty {
                let path = CompletenessRules.underRoot(isms, "controls/\(control.id).md")
                out.append(finding(path, .start, "Annex A control \(control.id) '\(control.title)' has no control document: create \(path) with type: control and id: \(control.id), and \(decide)"))
            } else if docs.allSatisfy({ $0.status == "retired" }), let doc = docs.first {
                out.append(finding(doc, doc.valuePosition(of: "status"), "the only control document for Annex A control \(control.id) '\(control.title)' is retired, so the Statement of Applicability has no current decision for it: return it to draft and \(decide)"))
            }
        }
        return out
    }

    /// The control ids an unreadable file may hold: its `id:` line, and its file name ("controls/8.15.md").
    static func controlIDs(in doc: Document) -> [String] {
        var ids: [String] = []
        let name = doc.path.split(separator: "/").last.map(String.init) ?? doc.path
        if name.hasSuffix(".md") { ids.append(String(name.dropLast(3))) }
        for line in (doc.text ?? "").split(separator: "\n").prefix(60) where line.hasPrefix("id:") {
            ids.append(line.dropFirst(3).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
        }
        return ids
    }
}
