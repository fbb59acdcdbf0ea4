import ISMSModel

enum ConfigurationRules {
    static let all: [any Rule.Type] = [
        ConfigUnknownKeyRule.self, ConfigUnknownRuleRule.self, ConfigValueUnknownRule.self,
    ]
}
