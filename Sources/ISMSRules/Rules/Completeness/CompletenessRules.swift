import ISMSModel

enum CompletenessRules {
    static let all: [any Rule.Type] = [
    ]
}
