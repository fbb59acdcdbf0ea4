import ISMSModel

/// Clause 9.2.2: the internal audit programme — coverage of the ISMS over the certification cycle, audit intervals,
/// and surveillance audits that look back at earlier findings.
enum ProgrammeRules {
    static let all: [any Rule.Type] = [
        ProgrammeCoverageGapRule.self, ProgrammeUnplannedCoverageRule.self, ProgrammeTechnicalOnlyRule.self,
        SurveillancePreviousFindingsRule.self, AuditIntervalRule.self,
    ]

    /// Where findings about the programme as a whole land: the audit programme's `audits:` line, else isms.yml.
    static func location(_ isms: ISMS) -> (path: String, position: SourcePosition) {
        if let doc = ProgrammeCoverage.programmeDocument(isms) { return (doc.path, doc.position(of: "audits")) }
        return (CompletenessRules.ismsLocation(isms), .start)
    }

    /// "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    /// "control 5.1", "controls 5.1 and 5.2", "clause 9.2, controls 5.1 and 8.8".
    static func describe(_ items: [ProgrammeCoverage.Item]) -> String {
        let controls = items.filter { $0.kind == .control }.map(\.id)
        let clauses = items.filter { $0.kind == .clause }.map(\.id)
        var parts: [String] = []
        if !controls.isEmpty { parts.append((controls.count == 1 ? "control " : "controls ") + list(controls)) }
        if !clauses.isEmpty { parts.append((clauses.count == 1 ? "clause " : "clauses ") + list(clauses)) }
        return parts.joined(separator: "; ")
    }

    // MARK: Examples

    /// isms.yml with a certification decision on `date` (a three-year cycle unless told).
    static func exampleConfiguration(_ date: String = "2025-06-20", years: Int = 3) -> String {
        "version: 1\norganisation: Example Ltd\ncertification:\n  date: \(date)\n  cycle_years: \(years)\n"
    }

    /// An audit record for examples; `scope` holds the lines under `scope:` (indented by two spaces).
    static func exampleAudit(_ id: String, kind: String = "internal", status: String, start: String, scope: String, body: String = "") -> String {
        """
        ---
        id: \(id)
        type: audit
        title: Audit \(id)
        owner: alice
        kind: \(kind)
        status: \(status)
        auditors: [dave]
        start: \(start)
        scope:
        \(scope)
        ---
        # Audit \(id)
        \(body)
        """
    }

    /// The audit programme listing `audits` (the `audits:` line is line 11, where programme-wide findings land).
    static func exampleProgramme(_ audits: String, marked: Bool = false) -> String {
        CompletenessRules.exampleDocument("AUDIT-PROG", type: "audit-programme", title: "Internal audit programme",
                                          (marked ? "↓" : "") + "audits: [\(audits)]\nclauses: [9.2]")
    }

    static func exampleControl(_ id: String, applicable: Bool = true, marked: Bool = false) -> String {
        let title = AnnexACatalog.iso27001_2022.control(id)?.title ?? "Our own control \(id)"
        let decision = applicable
            ? "applicable: \(marked ? "↓" : "")true\njustification: Treats R-001.\nimplementation: implemented"
            : "applicable: \(marked ? "↓" : "")false\njustification: We have no premises."
        return CompletenessRules.exampleControl(id, title, decision)
    }

    /// A finding for examples: `fields` follow the common fields.
    static func exampleFinding(_ id: String, audit: String, _ fields: String) -> String {
        """
        ---
        id: \(id)
        type: finding
        title: Finding \(id)
        owner: bob
        audit: \(audit)
        severity: minor
        control: "5.18"
        \(fields)
        ---
        # \(id)
        """
    }

    /// Every clause item, as a scope line that covers them by their parents.
    static let allClauses = "  clauses: [4, 5, 6, 7, 8, 9, 10]"
}

/// The coverage model of the internal audit programme, shared by the programme rules and `isms audit plan`.
public enum ProgrammeCoverage {
    /// The clauses (and the sub-clauses that hold requirements) an internal audit programme covers over a cycle.
    public static let clauses: [(id: String, title: String)] = [
        ("4.1", "Understanding the organization and its context"),
        ("4.2", "Understanding the needs and expectations of interested parties"),
        ("4.3", "Determining the scope of the ISMS"),
        ("4.4", "Information security management system"),
        ("5.1", "Leadership and commitment"),
        ("5.2", "Policy"),
        ("5.3", "Organizational roles, responsibilities and authorities"),
        ("6.1", "Actions to address risks and opportunities"),
        ("6.2", "Information security objectives and planning to achieve them"),
        ("6.3", "Planning of changes"),
        ("7.1", "Resources"),
        ("7.2", "Competence"),
        ("7.3", "Awareness"),
        ("7.4", "Communication"),
        ("7.5", "Documented information"),
        ("8.1", "Operational planning and control"),
        ("8.2", "Information security risk assessment"),
        ("8.3", "Information security risk treatment"),
        ("9.1", "Monitoring, measurement, analysis and evaluation"),
        ("9.2", "Internal audit"),
        ("9.3", "Management review"),
        ("10.1", "Continual improvement"),
        ("10.2", "Nonconformity and corrective action"),
    ]

    public static func clauseTitle(_ id: String) -> String? { clauses.first { $0.id == id }?.title }

    /// Statuses of an audit that belongs to the programme: done, under way or planned.
    public static let countedStatuses: Set<String> = ["planned", "in-progress", "complete"]

    /// An audit record as the programme sees it.
    public struct Audit: @unchecked Sendable {
        public let document: Document
        public let id: String
        public let kind: String?
        public let status: String?
        /// `start`, or `date` for a one-day audit.
        public let start: Day?
        public let end: Day?
        public let auditors: [String]
        public let controls: [String]
        public let clauses: [String]
        public let findings: [String]

        init(_ doc: Document) {
            document = doc
            id = doc.id ?? doc.path
            kind = doc.string("kind")
            status = doc.string("status")
            start = doc.day("start") ?? doc.day("date")
            end = doc.day("end") ?? doc.day("date") ?? start
            auditors = doc.strings("auditors")
            let scope = doc.value("scope")?.mapping
            func ids(_ key: String) -> [String] { YAMLValue.scalars(scope?[key]?.value).map { $0.text.trimmed }.filter { !$0.isEmpty } }
            controls = ids("controls")
            clauses = ids("clauses")
            findings = ids("findings")
        }

        public var isInternal: Bool { kind == "internal" }
        public var isCounted: Bool { status.map(countedStatuses.contains) ?? false }
        public var isPlanned: Bool { status == "planned" }

        public func covers(_ item: Item) -> Bool {
            switch item.kind {
            case .control: return controls.contains(item.id)
            case .clause: return clauses.contains { ProgrammeCoverage.entry($0, covers: item.id) }
            }
        }
    }

    /// Something the programme must audit within the cycle: an applicable control or a clause.
    public struct Item: Hashable, Sendable, CustomStringConvertible {
        public enum Kind: String, Sendable { case control, clause }
        public let kind: Kind
        public let id: String
        public init(_ kind: Kind, _ id: String) { self.kind = kind; self.id = id }
        public var description: String { "\(kind.rawValue) \(id)" }
    }

    /// The certification cycle: [start, end).
    public struct Cycle: Sendable {
        public let start: Day
        public let end: Day
        /// Whether the start is the configured certification decision (else the earliest internal audit).
        public let fromCertification: Bool
        public func contains(_ day: Day) -> Bool { day >= start && day < end }
        public var description: String { "\(start) – \(end)" }
    }

    /// The whole picture for one ISMS.
    public struct Coverage: @unchecked Sendable {
        public let cycle: Cycle
        /// The cycle's internal audits (planned, in progress or complete), by start date.
        public let audits: [Audit]
        /// Applicable controls (Annex A order, custom ones after), then the clauses.
        public let items: [Item]
        /// The control document of each control item.
        public let controlDocuments: [String: Document]
        public let coveredBy: [Item: [Audit]]

        public func audits(covering item: Item) -> [Audit] { coveredBy[item] ?? [] }
        public func title(_ item: Item) -> String? {
            switch item.kind {
            case .control: return controlDocuments[item.id]?.title
            case .clause: return ProgrammeCoverage.clauseTitle(item.id)
            }
        }
    }

    /// Whether a scope entry covers a clause item: the clause itself, a sub-clause of it ("9.2.2" covers 9.2, as for
    /// mandatory documents) or a parent of it ("9" covers 9.1 to 9.3).
    public static func entry(_ listed: String, covers clause: String) -> Bool {
        listed == clause || listed.hasPrefix(clause + ".") || clause.hasPrefix(listed + ".")
    }

    /// Every audit record, in path order.
    public static func audits(_ isms: ISMS) -> [Audit] {
        isms.memo("programme.audits") { isms.documents(.audit).map(Audit.init) }
    }

    /// The audit programme document (the first current one).
    public static func programmeDocument(_ isms: ISMS) -> Document? {
        let docs = isms.documents(.auditProgramme)
        return docs.first { $0.status != "retired" } ?? docs.first
    }

    /// From the certification decision for `cycle_years`; with no certification date, from the earliest internal audit.
    public static func cycle(_ isms: ISMS) -> Cycle? {
        let years = isms.configuration.certification.cycleYears
        if let date = isms.configuration.certification.date {
            return Cycle(start: date, end: date.adding(months: 12 * years), fromCertification: true)
        }
        guard let first = audits(isms).filter({ $0.isInternal && $0.isCounted }).compactMap(\.start).min() else { return nil }
        return Cycle(start: first, end: first.adding(months: 12 * years), fromCertification: false)
    }

    /// Current control documents with `applicable: true` whose id is an Annex A control or a custom `C-` one.
    public static func applicableControls(_ isms: ISMS) -> [(id: String, document: Document)] {
        var seen: Set<String> = []
        var out: [(String, Document)] = []
        for doc in isms.documents(.control) where doc.status != "retired" && doc.bool("applicable") == true {
            guard let id = doc.id, isms.catalog.contains(id) || AnnexACatalog.isCustomControlID(id), seen.insert(id).inserted else { continue }
            out.append((id, doc))
        }
        return out.sorted { AnnexACatalog.numericOrder($0.0, $1.0) }
    }

    /// nil when there is no cycle (no certification date and no internal audit).
    public static func coverage(_ isms: ISMS) -> Coverage? {
        // Boxed: the memo cannot tell a stored nil from a missing entry.
        isms.memo("programme.coverage") { () -> Box in Box(value: compute(isms)) }.value
    }

    struct Box { var value: Coverage? }

    static func compute(_ isms: ISMS) -> Coverage? {
        guard let cycle = cycle(isms) else { return nil }
        let inCycle = audits(isms)
            .filter { $0.isInternal && $0.isCounted && ($0.start.map(cycle.contains) ?? false) }
            .sorted { ($0.start!, $0.id) < ($1.start!, $1.id) }
        let controls = applicableControls(isms)
        let items = controls.map { Item(.control, $0.id) } + clauses.map { Item(.clause, $0.id) }
        var coveredBy: [Item: [Audit]] = [:]
        for item in items { coveredBy[item] = inCycle.filter { $0.covers(item) } }
        return Coverage(cycle: cycle, audits: inCycle, items: items,
                        controlDocuments: Dictionary(controls.map { ($0.id, $0.document) }, uniquingKeysWith: { a, _ in a }),
                        coveredBy: coveredBy)
    }

    /// Documents behind an item, for independence: a control's document; for a clause, the controlled documents that
    /// list it (or a sub-clause of it) under `clauses:` or whose type implies it (the scope for 4.3, the top-level
    /// policy for 5.2, the risk methodology for 6.1, 8.2 and 8.3, objectives for 6.2, the people registry for 5.3, the
    /// audit programme for 9.2).
    public static func documents(for item: Item, in isms: ISMS) -> [Document] {
        switch item.kind {
        case .control:
            return isms.documents(id: item.id).filter { $0.type == .control && $0.status != "retired" }
        case .clause:
            return isms.documents.filter { doc in
                guard let type = doc.type, type.isControlledDocument, doc.status != "retired" else { return false }
                if doc.strings("clauses").contains(where: { $0 == item.id || $0.hasPrefix(item.id + ".") }) { return true }
                switch (type, item.id) {
                case (.scope, "4.3"), (.people, "5.3"), (.objective, "6.2"), (.auditProgramme, "9.2"),
                     (.riskMethodology, "6.1"), (.riskMethodology, "8.2"), (.riskMethodology, "8.3"):
                    return true
                case (.policy, "5.2"): return doc.string("level") == "top"
                default: return false
                }
            }
        }
    }
}
