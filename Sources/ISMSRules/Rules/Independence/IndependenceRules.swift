import ISMSModel

/// Clause 9.2.2 c: auditors are chosen, and audits conducted, so that the audit is objective and impartial. ISO 19011
/// reads that as: nobody audits what they own, approve, wrote or changed, or a process of their own team.
enum IndependenceRules {
    static let all: [any Rule.Type] = [
        AuditorOwnsScopeRule.self, AuditorTeamProcessRule.self, AuditorChangedScopeRule.self,
    ]

    /// An audit record for examples: `fields` (status, dates, auditors, independence fields) follow the common
    /// fields, then `scope` (indented scope lists, markers allowed).
    static func exampleAudit(_ fields: String, scope: String, id: String = "AUD-2026-1") -> String {
        """
        ---
        id: \(id)
        type: audit
        title: Internal audit \(id)
        owner: alice
        kind: internal
        \(fields)
        scope:
        \(scope)
        ---
        # Internal audit \(id)
        """
    }

    /// A procedure (a process an audit can scope) for examples.
    static func exampleProcedure(_ id: String = "PROC-LEAVERS", owner: String = "alice", approver: String = "carol") -> String {
        CompletenessRules.exampleDocument(id, type: "procedure", title: "Leavers")
            .replacingOccurrences(of: "owner: alice", with: "owner: \(owner)")
            .replacingOccurrences(of: "approver: carol", with: "approver: \(approver)")
    }

    /// The example people registry with erin, a second member of the security team who also audits.
    static let peopleWithErin = OwnershipRules.examplePeople(adding: "  - id: erin\n    name: Erin Evans\n    emails: [erin@example.com]\n    roles: [internal-auditor]\n    teams: [security]")
}

/// One item of an audit's scope that stands for a document: a control (its control document), a document, or a
/// process (its procedure), with where the scope list names it.
struct ScopeItem {
    enum Kind: String { case control, document, process }
    let kind: Kind
    let id: String
    let position: SourcePosition
    /// The document behind the item; nil when the id names nothing (reference rules report that).
    let target: Document?

    var noun: String { "\(kind.rawValue) \(id)" }
}

/// Whether an audit records an accepted reason why its arrangement is objective despite a conflict (ISO 19011: in a
/// small organisation full independence may not be practicable, and the record then says why the audit is objective).
/// One judgement shared by every independence rule, so a justification counts the same way everywhere.
enum IndependenceException {
    /// No `independence_note`.
    case none
    /// A note, approved by someone who is not one of the audit's auditors: findings are kept for the record, as info.
    case approved(by: String)
    /// A note that does not count, and why.
    case notCounted(String)

    init(_ doc: Document, auditors: [String], people: PeopleRegistry) {
        guard doc.string("independence_note") != nil else { self = .none; return }
        guard let approver = doc.string("independence_approved_by") else {
            self = .notCounted("no independence_approved_by records who accepted it; someone other than the auditors approves the justification")
            return
        }
        if auditors.contains(approver) {
            self = .notCounted("it is approved by \(approver), one of the audit's own auditors; someone else must accept it")
        } else if people.person(approver) == nil {
            self = .notCounted("independence_approved_by '\(approver)' is not a person in the people registry")
        } else {
            self = .approved(by: approver)
        }
    }

    /// The finding as the exception leaves it: info with the justification named, or error with the reason it does not count.
    func judge(_ finding: Finding) -> Finding {
        var f = finding
        switch self {
        case .none:
            f.message += ": auditors are independent of what they audit (ISO 19011) — choose another auditor for it, or record why the arrangement is still objective in independence_note, accepted by someone other than the auditors in independence_approved_by"
        case .approved(let by):
            f.message += " — the audit's recorded justification applies (independence_note, approved by \(by)), so this is for the record"
            f.severity = .info
        case .notCounted(let why):
            f.message += " — the audit's independence_note does not count: \(why)"
        }
        return f
    }
}

/// One audit as the independence rules read it.
struct AuditUnderReview {
    let doc: Document
    let name: String
    let auditors: [String]
    let status: String?
    let start: Day?
    let end: Day?
    let period: (from: Day, to: Day)?
    let items: [ScopeItem]
    let exception: IndependenceException

    /// Complete or in progress: the audit has been, or is being, carried out.
    var hasTakenPlace: Bool { status == "complete" || status == "in-progress" }

    init(_ doc: Document, _ isms: ISMS) {
        self.doc = doc
        name = doc.id.map { "audit \($0)" } ?? "this audit"
        auditors = doc.strings("auditors").map(\.trimmed).filter { !$0.isEmpty }
        status = doc.status
        start = doc.day("start") ?? doc.day("date")
        end = doc.day("end") ?? doc.day("date") ?? start
        if let p = doc.value("period")?.mapping,
           let from = p["from"]?.value.scalar.flatMap({ Day($0.text) }), let to = p["to"]?.value.scalar.flatMap({ Day($0.text) }) {
            period = (from, to)
        } else {
            period = nil
        }
        let scope = doc.value("scope")?.mapping
        func scalars(_ key: String) -> [YAMLScalar] { YAMLValue.scalars(scope?[key]?.value).filter { !$0.text.trimmed.isEmpty } }
        var items: [ScopeItem] = []
        for s in scalars("controls") {
            let id = s.text.trimmed
            items.append(ScopeItem(kind: .control, id: id, position: s.position, target: isms.control(id)))
        }
        for s in scalars("documents") {
            let id = s.text.trimmed
            items.append(ScopeItem(kind: .document, id: id, position: s.position, target: isms.document(id: id)))
        }
        for s in scalars("processes") {
            let id = s.text.trimmed
            items.append(ScopeItem(kind: .process, id: id, position: s.position, target: isms.documents(id: id).first { $0.type == .procedure }))
        }
        self.items = items
        exception = IndependenceException(doc, auditors: auditors, people: isms.people)
    }

    static func all(_ isms: ISMS) -> [AuditUnderReview] {
        isms.memo("independence-audits") { isms.documents(.audit).map { AuditUnderReview($0, isms) } }
    }
}

