import ISMSModel

/// Every rule, by family. A new rule is one file plus one line in its family's list.
public enum RuleRegistry {
    public static let all: [any Rule.Type] =
        ParsingRules.all + SchemaRules.all + ReferenceRules.all + CompletenessRules.all + OwnershipRules.all
        + FreshnessRules.all + LinkRules.all + ConfigurationRules.all + ChangeControlRules.all + IndependenceRules.all + FindingRules.all
        + ProgrammeRules.all + HollowRules.all
        + [SuppressionReasonRule.self, SuppressionUnusedRule.self]

    public static func rule(_ id: String) -> (any Rule.Type)? { all.first { $0.description.id == id } }
}
