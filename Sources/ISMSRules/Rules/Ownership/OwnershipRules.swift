import ISMSModel

enum OwnershipRules {
    static let all: [any Rule.Type] = [
    ]
}
