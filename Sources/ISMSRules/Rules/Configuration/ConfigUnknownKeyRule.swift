import ISMSModel

struct ConfigUnknownKeyRule: Rule {
    static let description = RuleDescription(
        id: "config-unknown-key", name: "Unknown key in isms.yml", family: .configuration, severity: .warning,
        rationale: "A misspelt setting is silently ignored, so the ISMS is checked differently from what the configuration appears to say (a certification date that never applies, an ignore list that ignores nothing).",
        triggering: [
            RuleExample(["isms.yml": """
            version: 1
            ↓organsation: Example Ltd
            certification:
              date: 2025-06-20
              ↓cycle: 3
            ↓lookback: 12 months
            """]),
        ],
        nonTriggering: [
            RuleExample(["isms.yml": """
            version: 1
            organisation: Example Ltd
            certification:
              date: 2025-06-20
              cycle_years: 3
            independence:
              lookback: 12 months
            """]),
        ])

    /// The settings isms.yml has, by section ("" for the top level); kept in step with `Configuration.parse`.
    static let knownKeys: [String: [String]] = [
        "": ["version", "framework", "organisation", "organization", "root", "certification", "classification", "ignore",
             "change_control", "independence", "rules", "templates"],
        "certification": ["date", "cycle_years"],
        "change_control": ["controlled_types", "controlled", "controlled_statuses", "require", "approval_trailers", "merge_approves", "since", "review_backdate_days", "config_approvers", "approval_proof"],
        "independence": ["lookback"],
        "templates": ["folder"] + DocumentType.allCases.map(\.rawValue),
    ]

    func check(_ context: RuleContext) -> [Finding] {
        let config = context.isms.configuration
        guard let path = config.path else { return [] }
        return config.unknownKeys.map { entry in
            finding(path, entry.position, "'\(entry.key)' is not a setting of \(path), so it is ignored: \(Self.hint(for: entry.key))")
        }
    }

    /// A close key in the same section, or the section a key belongs in; otherwise the keys the section has.
    static func hint(for key: String) -> String {
        let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
        let (section, name) = parts.count == 2 ? (parts[0], parts[1]) : ("", key)
        let qualify = { (k: String) in section.isEmpty ? k : "\(section).\(k)" }
        let known = knownKeys[section] ?? []
        if let match = ReferenceRuleSupport.closest(to: name, in: known) ?? known.first(where: { $0.hasPrefix(name) && !name.isEmpty }) {
            return "did you mean '\(qualify(match))'?"
        }
        // A key written in the wrong section: `lookback:` at the top instead of under `independence:`.
        for (other, keys) in knownKeys where other != section && keys.contains(name) {
            return other.isEmpty ? "'\(name)' is a top-level setting: move it out of '\(section)'" : "'\(name)' belongs under '\(other):'"
        }
        return "remove it, or use one of \(known.map(qualify).joined(separator: ", "))"
    }
}
