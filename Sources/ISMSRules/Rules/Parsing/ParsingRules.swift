import ISMSModel

/// Rules that report why a file could not be read as a document (found while loading it).
protocol DocumentProblemRule: Rule {
    static var kinds: [DocumentProblem.Kind] { get }
}

extension DocumentProblemRule {
    func check(_ context: RuleContext) -> [Finding] {
        context.documents.flatMap { doc in
            doc.problems.filter { Self.kinds.contains($0.kind) }.map { finding(doc, $0.position, $0.message) }
        }
    }
}

enum ParsingRules {
    static let all: [any Rule.Type] = [
        FileUnreadableRule.self, SymlinkOutsideRule.self, FrontMatterMissingRule.self, FrontMatterUnclosedRule.self,
        YAMLSyntaxRule.self, YAMLDuplicateKeyRule.self, YAMLTooComplexRule.self,
    ]
}
