import Foundation
import ISMSReport
import ISMSRules

/// `isms rules` and `isms explain`: the rule registry in words.
public enum RuleCatalogue {
    public static func list(json: Bool) -> String {
        let rules = RuleRegistry.all.map { $0.description }
        if json {
            let items = rules.map { d in
                "  {\"id\": \(JSONReporter.quote(d.id)), \"family\": \(JSONReporter.quote(d.family.rawValue)), \"severity\": \(JSONReporter.quote(d.severity.rawValue)), \"name\": \(JSONReporter.quote(d.name)), \"rationale\": \(JSONReporter.quote(d.rationale))}"
            }
            return "[\n" + items.joined(separator: ",\n") + "\n]\n"
        }
        let width = rules.map(\.id.count).max() ?? 10
        var out = ""
        for family in RuleFamily.allCases {
            let inFamily = rules.filter { $0.family == family }
            guard !inFamily.isEmpty else { continue }
            out += "\(family.rawValue)\n"
            for d in inFamily {
                out += "  " + d.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + d.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0) + "  " + d.name + "\n"
            }
        }
        out += "\(rules.count) rules. `isms explain RULE` shows one with its examples; isms.yml `rules:` sets severities.\n"
        return out
    }

    /// The rule table of the README (kept in step with the registry by a test; `make readme` rewrites it).
    public static func markdownTable() -> String {
        var out = "| rule | family | default | what it finds |\n|---|---|---|---|\n"
        for family in RuleFamily.allCases {
            for d in RuleRegistry.all.map({ $0.description }) where d.family == family {
                out += "| `\(d.id)` | \(d.family.rawValue) | \(d.severity.rawValue) | \(d.name) |\n"
            }
        }
        return out
    }

    public static func explain(_ id: String) -> String? {
        guard let d = RuleRegistry.rule(id)?.description else { return nil }
        var out = "\(d.id): \(d.name)\nfamily: \(d.family.rawValue) · default severity: \(d.severity.rawValue)\n\n\(d.rationale)\n"
        func show(_ title: String, _ examples: [RuleExample]) {
            guard !examples.isEmpty else { return }
            out += "\n\(title)\n"
            for (i, e) in examples.enumerated() {
                out += "\n  example \(i + 1)\(e.note.map { " (\($0))" } ?? "")\n"
                if !e.commits.isEmpty { out += "  first commit (by alice, 2026-01-05):\n" }
                for (path, text) in e.files.sorted(by: { $0.key < $1.key }) where path != "people.md" || e.files.count == 1 || text != RuleExample.people {
                    out += "  \(path):\n"
                    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                        out += "    \(line)\n"
                    }
                }
                for (n, c) in e.commits.enumerated() {
                    out += "  then commit \(n + 1) by \(c.author) on \(c.date): \(c.message.replacingOccurrences(of: "\n", with: " ⏎ "))\n"
                    for (from, to) in c.renames.sorted(by: { $0.key < $1.key }) { out += "    git mv \(from) \(to)\n" }
                    for (path, text) in c.files.sorted(by: { $0.key < $1.key }) {
                        guard let text else { out += "    delete \(path)\n"; continue }
                        out += "    \(path):\n"
                        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { out += "      \(line)\n" }
                    }
                }
            }
        }
        show("Triggers (↓ marks where the finding lands):", d.triggering)
        show("Does not trigger:", d.nonTriggering)
        return out
    }
}
