import ArgumentParser
import Foundation
import ISMSTool

extension DiffCommand.Format: ExpressibleByArgument {
    public init?(argument: String) { guard let f: Self = formatArgument(argument) else { return nil }; self = f }
}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What changed since the last audit: documents, controls, risks, findings, owners.",
        discussion: "--since takes a revision (commit, tag, branch) or a date (the last commit on or before it). Compares committed states: --since against HEAD (or --to).")

    @Option(help: "The earlier revision or date (YYYY-MM-DD).") var since: String
    @Option(help: "The later revision (default: HEAD).") var to: String?
    @Option(help: "Output format: text, json or md (or markdown).") var format: DiffCommand.Format = .text
    @OptionGroup var location: ISMSLocation
    var folder: String { location.folder }

    func run() throws {
        print(try runTool { try DiffCommand.run(path: folder, since: since, to: to, format: format) }, terminator: "")
    }
}
