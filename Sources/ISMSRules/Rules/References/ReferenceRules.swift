import ISMSModel

enum ReferenceRules {
    static let all: [any Rule.Type] = [
    ]
}
