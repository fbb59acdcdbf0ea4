import ISMSModel

/// The documented information clauses 4–10 require, and which kinds of document or record satisfy each clause —
/// shared by `mandatory-document-missing` and the audit pack's Stage 1 dashboard, so both read an ISMS alike.
/// Several clauses ask for *retained* evidence (7.2, 9.1, 9.2, 9.3, 10.2): the records themselves satisfy them.
public enum MandatoryInformation {
    /// One kind of document or record that satisfies a clause.
    public struct Kind: Sendable {
        /// What to write, for the finding and `isms explain`: "finding records (type: finding)".
        public let name: String
        public let matches: @Sendable (Document) -> Bool
    }

    public struct Requirement: Sendable {
        public let clause: String
        public let subject: String
        public let kinds: [Kind]
        /// The documents and records of `isms` that satisfy the clause once approved (documents) or current (records).
        public func candidates(_ isms: ISMS) -> [Document] {
            isms.documents.filter { doc in doc.status != "retired" && kinds.contains { $0.matches(doc) } }
        }
        /// "a scope (type: scope) or a document listing 4.3 under clauses:".
        public var satisfiedBy: String { MandatoryInformation.or(kinds.map(\.name)) }
    }

    /// Whether a `clauses:` entry covers `clause`: the clause itself or one of its sub-clauses ("9.2.2" covers 9.2).
    public static func entry(_ listed: String, covers clause: String) -> Bool {
        listed == clause || listed.hasPrefix(clause + ".")
    }

    static func lists(_ doc: Document, _ clause: String) -> Bool { doc.strings("clauses").contains { entry($0, covers: clause) } }

    static func type(_ t: DocumentType, _ name: String) -> Kind { Kind(name: name) { $0.type == t } }
    static func listing(_ clause: String) -> Kind {
        Kind(name: "a document or record listing \(clause) under clauses:") { lists($0, clause) }
    }
    static func evidence(_ clause: String, _ what: String) -> Kind {
        Kind(name: "\(what) (type: evidence, clauses: [\(clause)])") { $0.type == .evidence && lists($0, clause) }
    }

    public static let requirements: [Requirement] = [
        Requirement(clause: "4.3", subject: "the ISMS scope", kinds: [type(.scope, "a scope (type: scope)"), listing("4.3")]),
        Requirement(clause: "5.2", subject: "the information security policy", kinds: [
            Kind(name: "a policy with level: top") { $0.type == .policy && $0.string("level") == "top" }, listing("5.2")]),
        Requirement(clause: "6.1.2", subject: "the risk assessment process", kinds: [
            type(.riskMethodology, "a risk methodology (type: risk-methodology)"), listing("6.1.2")]),
        Requirement(clause: "6.1.3", subject: "the risk treatment process", kinds: [
            type(.riskMethodology, "a risk methodology (type: risk-methodology)"), listing("6.1.3")]),
        // A policy saying how objectives are set is not the objectives: only the objectives themselves, or a register.
        Requirement(clause: "6.2", subject: "the information security objectives", kinds: [
            type(.objective, "objectives (type: objective, with metric, target and due)"),
            evidence("6.2", "an objectives register kept as a record"),
            Kind(name: "a document tagged objectives-register") { $0.strings("tags").contains("objectives-register") }]),
        Requirement(clause: "7.2", subject: "evidence of competence", kinds: [
            evidence("7.2", "competence evidence such as training records or a skills matrix"), listing("7.2")]),
        Requirement(clause: "8.2", subject: "the results of risk assessment", kinds: [type(.risk, "risk records (type: risk)"), listing("8.2")]),
        Requirement(clause: "8.3", subject: "the results of risk treatment", kinds: [type(.risk, "risk records (type: risk)"), listing("8.3")]),
        Requirement(clause: "9.1", subject: "monitoring and measurement results", kinds: [
            evidence("9.1", "monitoring results"),
            Kind(name: "objectives whose status is tracked (type: objective, status: approved)") { $0.type == .objective && $0.status == "approved" },
            Kind(name: "a completed management review recording input d (performance, monitoring and measurement results)") {
                $0.type == .managementReview && $0.status == "complete" && $0.value("inputs")?.mapping?["d"]?.value.isNull == false
            },
            listing("9.1")]),
        Requirement(clause: "9.2", subject: "the internal audit programme and its results", kinds: [
            type(.auditProgramme, "an audit programme (type: audit-programme)"), type(.audit, "audit records (type: audit)"), listing("9.2")]),
        Requirement(clause: "9.3", subject: "the results of management review", kinds: [
            type(.managementReview, "management review records (type: management-review)"), listing("9.3")]),
        Requirement(clause: "10.2", subject: "nonconformities and corrective actions", kinds: [
            type(.finding, "nonconformity records (type: finding) with their corrective actions"),
            Kind(name: "the nonconformity and corrective action procedure (a document listing 10.2 under clauses:)") { lists($0, "10.2") }]),
    ]

    /// Whether a candidate counts as present: a document once approved; a record while current (not superseded) and,
    /// for audits and management reviews, once held — a planned one has no results yet.
    public static func counts(_ doc: Document) -> Bool {
        switch doc.type {
        case let t? where t.isControlledDocument: return doc.status == "approved"
        case .audit?: return doc.status == "complete" || doc.status == "in-progress"
        case .managementReview?: return doc.status == "complete"
        default: return doc.status != "superseded"
        }
    }

    /// "a, b or c".
    static func or(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " or " + items.last!
        }
    }
}
