import ISMSModel

enum SchemaRules {
    static let all: [any Rule.Type] = [
        TypeUnknownRule.self, FieldRequiredRule.self, FieldTypeRule.self, DateInvalidRule.self, ValueNotAllowedRule.self,
        FieldUnknownRule.self, IDDuplicateRule.self, ControlIDRule.self, TemplateHeadingMissingRule.self,
    ]
}

/// A minimal valid policy, for examples: `extra` is added to the front matter.
func examplePolicy(_ extra: String = "", id: String = "POL-AC", status: String = "draft") -> String {
    """
    ---
    id: \(id)
    type: policy
    title: Access control policy
    owner: alice
    approver: carol
    version: "1.0"
    status: \(status)
    review_every: 12 months
    \(extra)
    ---
    # Access control
    """
}
