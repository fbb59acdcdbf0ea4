import Foundation

/// Someone in the people registry: who they are, the addresses git knows them by, what they may do.
public struct Person: Sendable, Hashable {
    public var id: String
    public var name: String
    public var emails: [String]
    public var roles: [String]
    public var teams: [String]
    public var external: Bool
    public var active: Bool
    public var position: SourcePosition
}

/// The people registry (`type: people`), the source of identity and authority.
public struct PeopleRegistry: Sendable {
    public var people: [Person] = []
    public var teams: Set<String> = []
    /// The registry document's path, for findings that point at it.
    public var path: String?
    private var byID: [String: Person] = [:]
    private var byEmail: [String: Person] = [:]

    public init() {}

    public init(documents: [Document]) {
        for doc in documents where doc.type == .people {
            path = path ?? doc.path
            for item in doc.value("people")?.sequence?.items ?? [] {
                guard let m = item.mapping, let id = m["id"]?.value.scalar?.text, !id.isEmpty else { continue }
                let strings = { (key: String) in YAMLValue.scalars(m[key]?.value).map(\.text) }
                let person = Person(
                    id: id,
                    name: m["name"]?.value.scalar?.text ?? id,
                    emails: strings("emails").map { $0.lowercased() },
                    roles: strings("roles"),
                    teams: strings("teams"),
                    external: m["external"]?.value.scalar?.text == "true",
                    active: m["active"]?.value.scalar?.text != "false",
                    position: m.position)
                if byID[id] == nil { byID[id] = person }
                people.append(person)
                teams.formUnion(person.teams)
                for e in person.emails where byEmail[e] == nil { byEmail[e] = person }
            }
            for item in doc.value("teams")?.sequence?.items ?? [] {
                if let id = item.mapping?["id"]?.value.scalar?.text { teams.insert(id) }
            }
        }
    }

    public var isEmpty: Bool { people.isEmpty }
    public func person(_ id: String) -> Person? { byID[id] }
    /// Identity is by e-mail address, any of a person's addresses, case-insensitively.
    public func person(email: String) -> Person? { byEmail[email.lowercased()] }
    public func holders(ofRole role: String) -> [Person] { people.filter { $0.roles.contains(role) } }
    public var roles: Set<String> { Set(people.flatMap(\.roles)) }

    /// Everyone an `approver:` value names: a person id, or everyone with `role:<name>`.
    public func approvers(named reference: String) -> [Person] {
        if reference.hasPrefix("role:") { return holders(ofRole: String(reference.dropFirst(5))) }
        return person(reference).map { [$0] } ?? []
    }
}
