import ISMSModel

struct ConfigValueUnknownRule: Rule {
    static let description = RuleDescription(
        id: "config-value-unknown", name: "Unknown value in an isms.yml setting", family: .configuration, severity: .error,
        rationale: "Clause 7.5.3: change control covers the documented information the organisation says it covers. change_control.controlled_types (or its older name controlled) lists document types; change_control.controlled_statuses lists the statuses whose documents are under control (by default: approved documents and changes that approve one). A value that is neither leaves part of the ISMS outside change control without anyone deciding so: it is reported where it stands, with the nearest known value, and the rest of the run goes on.",
        triggering: [
            RuleExample(["isms.yml": "version: 1\nchange_control:\n  controlled: [policy, ↓approved]\n"],
                        note: "a status in the list of types: controlled means types; statuses go under controlled_statuses"),
            RuleExample(["isms.yml": "version: 1\nchange_control:\n  controlled_types: [policy, ↓procedures]\n  controlled_statuses: [approved, ↓aproved]\n"],
                        note: "misspelt type and status"),
        ],
        nonTriggering: [
            RuleExample(["isms.yml": "version: 1\nchange_control:\n  controlled_types: [policy, procedure, scope]\n  controlled_statuses: [approved, in-review]\n"]),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let config = context.isms.configuration
        guard let path = config.path else { return [] }
        let types = DocumentType.allCases.filter(\.isControlledDocument).map(\.rawValue)
        let allTypes = DocumentType.allCases.map(\.rawValue)
        let statuses = Array(Set(DocumentType.allCases.filter(\.isControlledDocument).flatMap(\.statuses))).sorted()
        return config.unknownValues.map { entry in
            let hint: String
            if entry.key == "change_control.controlled_statuses" {
                if allTypes.contains(entry.value) {
                    hint = "'\(entry.value)' is a document type: list it under change_control.controlled_types"
                } else if let match = ReferenceRuleSupport.closest(to: entry.value, in: statuses) {
                    hint = "did you mean '\(match)'?"
                } else {
                    hint = "use one of \(statuses.joined(separator: ", "))"
                }
                return finding(path, entry.position, "'\(entry.value)' is not a status of a controlled document, so \(entry.key) ignores it: \(hint)")
            }
            if statuses.contains(entry.value) {
                hint = "'\(entry.value)' is a status: \(entry.key) lists document types — put statuses under change_control.controlled_statuses"
            } else if let match = ReferenceRuleSupport.closest(to: entry.value, in: allTypes) {
                hint = "did you mean '\(match)'?"
            } else {
                hint = "use one of \(types.joined(separator: ", "))"
            }
            return finding(path, entry.position, "'\(entry.value)' is not a document type, so \(entry.key) ignores it: \(hint)")
        }
    }
}
