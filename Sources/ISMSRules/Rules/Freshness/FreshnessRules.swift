import ISMSModel

enum FreshnessRules {
    static let all: [any Rule.Type] = [
    ]
}
