import ArgumentParser
import Foundation
import ISMSRules
import ISMSTool

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List every rule: id, family, default severity, name.")

    enum Format: String, ExpressibleByArgument {
        case text, json, markdown
        init?(argument: String) { guard let f: Format = formatArgument(argument) else { return nil }; self = f }
    }

    @Option(name: .long, help: "Output format: text, json or markdown (or md).")
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
    var rule: String?

    @Flag(help: "Every rule, as the Markdown reference page docs/rules.md (`make rules-doc`).")
    var all = false

    func validate() throws {
        if (rule == nil) == !all { throw ValidationError("give a rule id, or --all for every rule") }
    }

    func run() throws {
        guard let rule else { print(RuleCatalogue.referencePage(), terminator: ""); return }
        guard let text = RuleCatalogue.explain(rule) else {
            throw ToolFailureError(message: "no rule '\(rule)': `isms rules` lists them")
        }
        print(text, terminator: "")
    }
}
