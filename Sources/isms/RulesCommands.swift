import ArgumentParser
import Foundation
import ISMSRules
import ISMSTool

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every rule: id, family, default severity, name.")

    enum Format: String, ExpressibleByArgument { case text, json, markdown }

    @Option(name: .long, help: "Output format: text, json or markdown.")
    var format: Format = .text

    func run() throws {
        switch format {
        case .text, .json: print(RuleCatalogue.list(json: format == .json), terminator: "")
        case .markdown: print(RuleCatalogue.markdownTable(), terminator: "")
        }
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one rule: why it exists, and examples that do and do not trigger it.")

    @Argument(help: "The rule id, as `isms rules` lists it.")
    var rule: String

    func run() throws {
        guard let text = RuleCatalogue.explain(rule) else {
            throw ToolFailureError(message: "no rule '\(rule)': `isms rules` lists them")
        }
        print(text, terminator: "")
    }
}
