import ISMSModel

enum CompletenessRules {
    static let all: [any Rule.Type] = [
        ControlMissingRule.self, ApplicabilityUndecidedRule.self, JustificationMissingRule.self, ControlUnsupportedRule.self,
        ControlNotImplementedRule.self, ExcludedControlInUseRule.self, ControlTitleMismatchRule.self,
        MandatoryDocumentMissingRule.self, PeopleRegistryMissingRule.self, RiskAcceptanceUnauthorisedRule.self,
        RiskScoreOutOfScaleRule.self, ResidualRiskNotAcceptedRule.self,
    ]

    /// Where findings about the ISMS as a whole land: the configuration file, or where it would be.
    static func ismsLocation(_ isms: ISMS) -> String {
        if let path = isms.configuration.path { return path }
        return isms.rootPath.isEmpty ? Configuration.fileName : isms.rootPath + "/" + Configuration.fileName
    }

    /// A path under the documents root.
    static func underRoot(_ isms: ISMS, _ relative: String) -> String {
        isms.rootPath.isEmpty ? relative : isms.rootPath + "/" + relative
    }

    /// Statuses after which a document or record is no longer in force.
    static let retired: Set<String> = ["retired"]

    // MARK: Examples

    /// A control document for examples: `decision` holds the applicable / justification / implementation lines.
    static func exampleControl(_ id: String, _ title: String, _ decision: String) -> String {
        """
        ---
        id: \(id)
        type: control
        title: \(title)
        owner: alice
        approver: carol
        version: "1.0"
        status: draft
        review_every: 12 months
        \(decision)
        ---
        # Control \(id)
        """
    }

    /// A risk record for examples: `fields` follow the common fields.
    static func exampleRisk(_ fields: String, id: String = "R-001", owner: String = "alice") -> String {
        """
        ---
        id: \(id)
        type: risk
        title: Stolen laptop exposes customer data
        owner: \(owner)
        status: open
        \(fields)
        ---
        # \(id)
        """
    }

    /// A risk methodology scoring 1–5 × 1–5, accepting scores up to 8.
    static let exampleMethodology = """
    ---
    id: RISK-METHOD
    type: risk-methodology
    title: Risk assessment and treatment methodology
    owner: alice
    approver: carol
    version: "1.0"
    status: draft
    review_every: 12 months
    scales:
      likelihood: {min: 1, max: 5}
      impact: {min: 1, max: 5}
    acceptance_threshold: 8
    ---
    # Risk methodology
    """

    /// A small document of any controlled type for examples.
    static func exampleDocument(_ id: String, type: String, title: String, _ extra: String = "", status: String = "draft") -> String {
        """
        ---
        id: \(id)
        type: \(type)
        title: \(title)
        owner: alice
        approver: carol
        version: "1.0"
        status: \(status)
        review_every: 12 months
        \(extra)
        ---
        # \(title)
        """
    }
}
