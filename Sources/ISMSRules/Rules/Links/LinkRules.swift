import ISMSModel

enum LinkRules {
    static let all: [any Rule.Type] = [
    ]
}
