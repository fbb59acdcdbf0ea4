import ISMSModel

enum OwnershipRules {
    static let all: [any Rule.Type] = [
        OwnerIsTeamRule.self, OwnerInactiveRule.self, OwnerExternalRule.self,
    ]

    /// The example people registry with `people` (YAML list items) added and `teams` (a `teams:` block) appended.
    static func examplePeople(adding people: String = "", teams: String = "") -> String {
        var text = RuleExample.people
        let end = "\n---\n# People"
        if !people.isEmpty { text = text.replacingOccurrences(of: end, with: "\n" + people + end) }
        if !teams.isEmpty { text = text.replacingOccurrences(of: end, with: "\n" + teams + end) }
        return text
    }

    /// A person entry of a registry as written: where it stands and what `left:` and `active:` say.
    struct Entry {
        var id: String
        var left: Day?
        var active: Bool
        var registry: String
    }

    /// Every person entry of the people registries, first entry per id.
    static func entries(_ isms: ISMS) -> [String: Entry] {
        var out: [String: Entry] = [:]
        for doc in isms.documents(.people) {
            for item in doc.value("people")?.sequence?.items ?? [] {
                guard let m = item.mapping, let id = m["id"]?.value.scalar?.text, !id.isEmpty, out[id] == nil else { continue }
                let left = m["left"]?.value.scalar.flatMap { Day($0.text) }
                out[id] = Entry(id: id, left: left, active: m["active"]?.value.scalar?.text != "false", registry: doc.path)
            }
        }
        return out
    }

    /// Teams of the registries' `teams:` lists with the lead they name.
    static func teamLeads(_ isms: ISMS) -> [String: String] {
        var out: [String: String] = [:]
        for doc in isms.documents(.people) {
            for item in doc.value("teams")?.sequence?.items ?? [] {
                guard let m = item.mapping, let id = m["id"]?.value.scalar?.text,
                      let lead = m["lead"]?.value.scalar?.text, !lead.isEmpty else { continue }
                out[id] = out[id] ?? lead
            }
        }
        return out
    }

    /// Statuses after which a record or document no longer needs anyone accountable for it.
    static let finished: Set<String> = ["retired", "closed", "verified", "superseded", "complete"]
}
