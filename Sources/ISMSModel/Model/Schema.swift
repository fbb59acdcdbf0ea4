import Foundation

/// The shape a front-matter value must have. Checked against the YAML source text, never YAML's type guess.
public indirect enum ValueKind: Sendable {
    case text
    case identifier
    case date
    case interval
    case version
    case boolean
    case integer
    case enumeration([String])
    /// Values come from configuration (classification levels).
    case classification
    case personRef
    /// A person id or `role:<name>`.
    case approverRef
    case controlID
    case clauseID
    case list(ValueKind)
    case object([FieldSpec])
    /// A mapping whose keys are given and whose values are all `ValueKind` (management review inputs a–g).
    case keyed([String], ValueKind)

    public var noun: String {
        switch self {
        case .text, .identifier: return "text"
        case .date: return "a date (YYYY-MM-DD)"
        case .interval: return "a duration such as '12 months'"
        case .version: return "a version such as \"1.2\""
        case .boolean: return "true or false"
        case .integer: return "a whole number"
        case .enumeration(let values): return "one of " + values.joined(separator: ", ")
        case .classification: return "a classification level"
        case .personRef: return "a person id"
        case .approverRef: return "a person id or role:<name>"
        case .controlID: return "a control id"
        case .clauseID: return "a clause id such as 6.1.2"
        case .list(let inner): return "a list of \(inner.noun)"
        case .object: return "a mapping"
        case .keyed(let keys, _): return "a mapping with the keys " + keys.joined(separator: ", ")
        }
    }
}

public struct FieldSpec: Sendable {
    public enum Requirement: Sendable, Equatable {
        case optional
        case required
        /// Required once `status: approved` (documents) — an approved document must say when and by whom.
        case requiredWhenApproved
        /// Required when `applicable: true` (controls).
        case requiredWhenApplicable
    }
    public var name: String
    public var kind: ValueKind
    public var requirement: Requirement

    public init(_ name: String, _ kind: ValueKind, _ requirement: Requirement = .optional) {
        self.name = name; self.kind = kind; self.requirement = requirement
    }
}

/// The fields each type has: the v1 document model of docs/document-model.md, in one place.
public enum Schema {
    static let common: [FieldSpec] = [
        FieldSpec("id", .identifier, .required),
        FieldSpec("type", .text, .required),
        FieldSpec("title", .text, .required),
        FieldSpec("owner", .personRef, .required),
        FieldSpec("clauses", .list(.clauseID)),
        FieldSpec("tags", .list(.text)),
        // Any information can be classified (Annex A 5.12, 5.13), records as much as documents.
        FieldSpec("classification", .classification),
    ]

    static let documentFields: [FieldSpec] = [
        FieldSpec("approver", .approverRef, .required),
        FieldSpec("version", .version, .required),
        FieldSpec("review_every", .interval, .required),
        FieldSpec("effective", .date, .requiredWhenApproved),
        FieldSpec("last_reviewed", .date, .requiredWhenApproved),
        FieldSpec("annex_a", .list(.controlID)),
        FieldSpec("supersedes", .identifier),
        FieldSpec("superseded_by", .identifier),
    ]

    static let person: [FieldSpec] = [
        FieldSpec("id", .identifier, .required),
        FieldSpec("name", .text, .required),
        FieldSpec("emails", .list(.text)),
        FieldSpec("roles", .list(.identifier)),
        FieldSpec("teams", .list(.identifier)),
        FieldSpec("external", .boolean),
        FieldSpec("organisation", .text),
        FieldSpec("active", .boolean),
        FieldSpec("left", .date),
    ]

    static let scoreFields: [FieldSpec] = [FieldSpec("likelihood", .integer, .required), FieldSpec("impact", .integer, .required)]
    static let range: [FieldSpec] = [FieldSpec("min", .integer, .required), FieldSpec("max", .integer, .required)]

    public static func fields(for type: DocumentType) -> [FieldSpec] {
        var fields = common
        if type.isControlledDocument { fields += documentFields }
        fields.append(FieldSpec("status", .enumeration(type.statuses), .required))
        switch type {
        case .policy:
            fields += [FieldSpec("level", .enumeration(Enumerations.policyLevel))]
        case .procedure:
            break
        case .scope:
            fields += [FieldSpec("exclusions", .list(.object([FieldSpec("what", .text, .required), FieldSpec("why", .text, .required)])))]
        case .control:
            fields += [
                // Whether a control applies, and why, are decisions the completeness rules ask for by name.
                FieldSpec("applicable", .boolean),
                FieldSpec("justification", .text),
                FieldSpec("implementation", .enumeration(Enumerations.implementation), .requiredWhenApplicable),
                FieldSpec("policies", .list(.identifier)),
                FieldSpec("risks", .list(.identifier)),
                FieldSpec("evidence", .list(.identifier)),
            ]
        case .riskMethodology:
            fields += [
                FieldSpec("scales", .object([FieldSpec("likelihood", .object(range), .required), FieldSpec("impact", .object(range), .required)]), .required),
                FieldSpec("acceptance_threshold", .integer, .required),
            ]
        case .objective:
            fields += [FieldSpec("metric", .text, .required), FieldSpec("target", .text, .required), FieldSpec("due", .date, .required)]
        case .people:
            fields += [
                FieldSpec("people", .list(.object(person)), .required),
                FieldSpec("teams", .list(.object([FieldSpec("id", .identifier, .required), FieldSpec("name", .text), FieldSpec("lead", .personRef)]))),
            ]
        case .auditProgramme:
            fields += [
                FieldSpec("audits", .list(.identifier)),
                // Audits planned for a year before their record exists (clause 9.2.2: the programme sets the frequency).
                FieldSpec("plan", .list(.object([FieldSpec("year", .integer, .required), FieldSpec("title", .text),
                                                 FieldSpec("audit", .identifier), FieldSpec("clauses", .list(.clauseID)),
                                                 FieldSpec("controls", .list(.controlID))]))),
            ]
        case .risk:
            fields += [
                FieldSpec("assets", .list(.identifier)),
                FieldSpec("likelihood", .integer, .required),
                FieldSpec("impact", .integer, .required),
                FieldSpec("treatment", .enumeration(Enumerations.treatment), .required),
                FieldSpec("controls", .list(.controlID)),
                FieldSpec("residual", .object(scoreFields)),
                FieldSpec("accepted_by", .personRef),
                FieldSpec("accepted_on", .date),
                FieldSpec("identified", .date),
                // Risk assessments are repeated at planned intervals (clauses 6.1.2, 8.2): the review rules check them.
                FieldSpec("review_every", .interval),
                FieldSpec("last_reviewed", .date),
            ]
        case .asset:
            fields += [
                FieldSpec("kind", .enumeration(Enumerations.assetKind)),
                FieldSpec("location", .text),
            ]
        case .audit:
            fields += [
                FieldSpec("kind", .enumeration(Enumerations.auditKind), .required),
                FieldSpec("auditors", .list(.personRef), .required),
                FieldSpec("date", .date),
                FieldSpec("start", .date),
                FieldSpec("end", .date),
                FieldSpec("period", .object([FieldSpec("from", .date, .required), FieldSpec("to", .date, .required)])),
                FieldSpec("scope", .object([
                    FieldSpec("controls", .list(.controlID)),
                    FieldSpec("clauses", .list(.clauseID)),
                    FieldSpec("documents", .list(.identifier)),
                    FieldSpec("processes", .list(.identifier)),
                    FieldSpec("findings", .list(.identifier)),
                ]), .required),
                FieldSpec("criteria", .text),
                FieldSpec("independence_note", .text),
                FieldSpec("independence_approved_by", .personRef),
                FieldSpec("report_to", .list(.personRef)),
            ]
        case .finding:
            fields += [
                FieldSpec("audit", .identifier),
                FieldSpec("severity", .enumeration(Enumerations.severity), .required),
                FieldSpec("control", .controlID),
                FieldSpec("clause", .clauseID),
                FieldSpec("raised", .date, .required),
                FieldSpec("due", .date),
                FieldSpec("closed", .date),
                FieldSpec("root_cause", .text),
                FieldSpec("correction", .text),
                FieldSpec("corrective_action", .text),
                FieldSpec("fixed_by", .text),
                FieldSpec("verified_by", .personRef),
                FieldSpec("verified_on", .date),
            ]
        case .evidence:
            fields += [
                FieldSpec("controls", .list(.controlID)),
                FieldSpec("collected", .date, .required),
                FieldSpec("expires", .date),
                FieldSpec("valid_for", .interval),
                FieldSpec("location", .text, .required),
                FieldSpec("collected_by", .personRef),
            ]
        case .managementReview:
            fields += [
                FieldSpec("date", .date, .required),
                FieldSpec("attendees", .list(.personRef), .required),
                FieldSpec("inputs", .keyed(Enumerations.reviewInputs, .text), .required),
                FieldSpec("decisions", .list(.text)),
            ]
        }
        return fields
    }
}
