import ISMSModel

struct ConfigUnknownRuleRule: Rule {
    static let description = RuleDescription(
        id: "config-unknown-rule", name: "Unknown rule id in isms.yml", family: .configuration, severity: .error,
        rationale: "A `rules:` entry with a misspelt id changes nothing: the rule it meant to turn off or down still runs at its own severity, or the one it meant to make an error stays a warning. The configuration then misstates how the ISMS is checked.",
        triggering: [
            RuleExample(["isms.yml": """
            version: 1
            rules:
              ↓link-brokn: warning
              ↓no-such-check: off
            """]),
        ],
        nonTriggering: [
            RuleExample(["isms.yml": """
            version: 1
            rules:
              link-broken: warning
              person-unknown: off
            """]),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let config = context.isms.configuration
        guard let path = config.path else { return [] }
        let ids = RuleRegistry.all.map { $0.description.id }
        let known = Set(ids)
        return config.rules.filter { !known.contains($0.id) }.map { entry in
            let hint = ReferenceRuleSupport.closest(to: entry.id, in: ids).map { "did you mean '\($0)'?" }
                ?? "remove it, or use an id `isms rules` lists"
            return finding(path, entry.position, "rules: '\(entry.id)' is not a rule of isms, so this setting does nothing: \(hint)")
        }
    }
}
