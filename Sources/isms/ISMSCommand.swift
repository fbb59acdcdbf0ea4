import ArgumentParser
import Foundation
import ISMSModel
import ISMSReport
import ISMSTool

struct ISMSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isms",
        abstract: "ISO/IEC 27001:2022 compliance as code: lint an ISMS kept as Markdown in git.",
        discussion: """
        Exit codes: 0 no error findings; 1 error findings; 2 the tool could not do its job \
        (usage, configuration, not a repository, history unavailable).
        """,
        version: ToolInfo.versionLine,
        subcommands: [Lint.self, Check.self, Hook.self, History.self, Diff.self, Audit.self, SoA.self, Transition.self, Report.self, Rules.self, Explain.self, Init.self, New.self])
}

/// A failure the CLI reports on stderr with exit code 2.
struct ToolFailureError: Error {
    var message: String
}

/// Runs library code, turning the tool's own failures into exit code 2 with a plain message.
func runTool<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let f as ToolFailure { throw ToolFailureError(message: f.message) }
}

struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Take this date as today for date rules (YYYY-MM-DD; also ISMS_TODAY).", valueName: "date"))
    var today: String?

    func resolvedToday() throws -> Day {
        let text = today ?? ProcessInfo.processInfo.environment["ISMS_TODAY"].flatMap { $0.isEmpty ? nil : $0 }
        guard let text else { return Day.today() }
        guard let day = Day(text) else { throw ValidationError("--today '\(text)' is not a real date in the form YYYY-MM-DD") }
        return day
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, github, junit, markdown
}

/// Colour only on a terminal, and never when NO_COLOR is set.
func useColor() -> Bool {
    if let v = ProcessInfo.processInfo.environment["NO_COLOR"], !v.isEmpty { return false }
    return isatty(STDOUT_FILENO) == 1
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the ISMS documents: schema, references, completeness, ownership, freshness, links.",
        discussion: "PATH is the ISMS folder (holding isms.yml), a folder inside it, or one document; default: the current folder.")

    @Argument(help: "The ISMS folder, a folder in it, or one document.")
    var path: String = "."

    @Option(name: .long, help: "Output format: text, json, sarif, github, junit or markdown.")
    var format: OutputFormat = .text

    @Option(name: .customLong("rev"), help: "Lint the ISMS as it is in this commit (any revision git understands).")
    var revision: String?

    @Flag(help: "Lint what is staged (the index) instead of the working tree.")
    var staged = false

    @Flag(name: .customLong("no-history"), help: "Skip reading git history (change-control checks).")
    var noHistory = false

    @Option(help: "Approvals exported from the forge (JSON; see docs/approvals.md).")
    var approvals: String?

    @Flag(help: "Verify SSH and OpenPGP signatures of commits that change controlled documents (needs --allowed-signers; OpenPGP uses the gpg keyring).")
    var verifySignatures = false

    @Option(help: "The allowed-signers file (git's gpg.ssh.allowedSignersFile format).")
    var allowedSigners: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let today = try common.resolvedToday()
        var options = LintOptions(path: path, today: today, revision: revision)
        options.staged = staged
        options.history = !noHistory
        options.approvalsFile = approvals
        if verifySignatures {
            guard let allowedSigners else { throw ValidationError("--verify-signatures needs --allowed-signers FILE") }
            options.allowedSigners = allowedSigners
        }
        if staged && revision != nil { throw ValidationError("--staged and --rev cannot be combined") }
        let report = try runTool { try Linter.lint(options) }
        for notice in report.notices {
            FileHandle.standardError.write(Data("note: \(notice)\n".utf8))
        }
        emit(report, format: format)
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
