import Foundation

/// What a document is, from its `type:` key. Folders are only convention.
public enum DocumentType: String, CaseIterable, Sendable {
    case policy, procedure, scope, control
    case riskMethodology = "risk-methodology"
    case objective, people
    case auditProgramme = "audit-programme"
    case risk, asset, audit, finding, evidence
    case managementReview = "management-review"

    /// Documents are maintained and under change control (7.5); records are retained as they stand.
    public var isControlledDocument: Bool {
        switch self {
        case .policy, .procedure, .scope, .control, .riskMethodology, .objective, .people, .auditProgramme: return true
        case .risk, .asset, .audit, .finding, .evidence, .managementReview: return false
        }
    }

    /// The lifecycle values `status:` may take for this type.
    public var statuses: [String] {
        switch self {
        case .risk: return ["open", "treated", "accepted", "closed"]
        case .asset: return ["active", "retired"]
        case .audit: return ["planned", "in-progress", "complete"]
        case .finding: return ["open", "in-progress", "closed", "verified"]
        case .evidence: return ["current", "superseded"]
        case .managementReview: return ["planned", "complete"]
        default: return ["draft", "in-review", "approved", "retired"]
        }
    }
}

public enum Enumerations {
    public static let implementation = ["implemented", "partial", "planned", "not-implemented"]
    public static let treatment = ["mitigate", "accept", "transfer", "avoid"]
    public static let auditKind = ["internal", "stage1", "stage2", "surveillance", "recertification"]
    public static let severity = ["major", "minor", "observation", "ofi"]
    public static let assetKind = ["information", "software", "hardware", "service", "people", "site"]
    public static let policyLevel = ["top", "topic"]
    public static let reviewInputs = ["a", "b", "c", "d", "e", "f", "g"]
    public static let defaultClassification = ["public", "internal", "confidential", "restricted"]
}
