import ArgumentParser
import Foundation
import ISMSRules
import ISMSTool

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every rule: id, family, default severity, name.")

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        print(RuleCatalogue.list(json: format == .json), terminator: "")
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
