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
        subcommands: [Lint.self, Check.self, Hook.self, History.self, Diff.self, Audit.self, SoA.self, Transition.self, Report.self, Rules.self, Explain.self, Init.self, New.self, BaselineCommand.self])
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

    @Flag(help: "Print only the command's output (findings, the report): no notes, no summary line.")
    var quiet = false

    /// A note on stderr, unless --quiet.
    func note(_ text: String, prefix: String = "isms") {
        guard !quiet else { return }
        FileHandle.standardError.write(Data("\(prefix): \(text)\n".utf8))
    }

    func resolvedToday() throws -> Day {
        let text = today ?? ProcessInfo.processInfo.environment["ISMS_TODAY"].flatMap { $0.isEmpty ? nil : $0 }
        guard let text else { return Day.today() }
        guard let day = Day(text) else { throw ValidationError("--today '\(text)' is not a real date in the form YYYY-MM-DD") }
        return day
    }
}

/// Where the ISMS is: --in FOLDER or --config FOLDER/isms.yml; neither: found from the current folder (up, then down).
struct ISMSLocation: ParsableArguments {
    @Option(name: .customLong("in"), help: ArgumentHelp("The ISMS folder (default: found from the current folder, above or below it).", valueName: "folder"))
    var directory: String?
    @Option(name: .customLong("config"), help: ArgumentHelp("The ISMS's isms.yml (its folder is the ISMS).", valueName: "file"))
    var config: String?

    func validate() throws {
        if directory != nil && config != nil { throw ValidationError("--in and --config name the same thing: give one") }
        if let config, (config as NSString).lastPathComponent != "isms.yml" {
            throw ValidationError("--config must name an isms.yml (the ISMS is the folder holding it), not '\(config)'")
        }
        if let config, !FileManager.default.fileExists(atPath: config) { throw ValidationError("--config \(config): no such file") }
    }

    /// The folder to locate the ISMS from.
    var folder: String {
        if let config { let dir = (config as NSString).deletingLastPathComponent; return dir.isEmpty ? "." : dir }
        return directory ?? "."
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, sarif, github, junit, markdown
    init?(argument: String) { guard let f: OutputFormat = formatArgument(argument) else { return nil }; self = f }
}

/// One format vocabulary across commands: `md` and `markdown` name the same format everywhere, in any case.
func formatArgument<F: RawRepresentable>(_ argument: String) -> F? where F.RawValue == String {
    let given = argument.lowercased()
    return F(rawValue: given) ?? (given == "md" ? F(rawValue: "markdown") : given == "markdown" ? F(rawValue: "md") : nil)
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
    var path: String?

    @OptionGroup var location: ISMSLocation

    @Option(name: .long, help: "Output format: text, json, sarif, github, junit or markdown (or md).")
    var format: OutputFormat = .text

    @Option(name: .customLong("rev"), help: "Lint the ISMS as it is in this commit (any revision git understands).")
    var revision: String?

    @Flag(help: "Lint what is staged (the index) instead of the working tree.")
    var staged = false

    @Flag(name: .customLong("no-history"), help: "Skip reading git history (change-control checks).")
    var noHistory = false

    @Option(help: "Approvals exported from the forge (JSON; see docs/approvals.md).")
    var approvals: String?

    @Flag(help: "Verify SSH and OpenPGP signatures of commits that change controlled documents (OpenPGP through the gpg keyring; SSH needs --allowed-signers).")
    var verifySignatures = false

    @Option(help: "The allowed-signers file (git's gpg.ssh.allowedSignersFile format).")
    var allowedSigners: String?

    @Flag(help: "Warnings fail too: exit 1 when there is any error or warning finding (info never fails).")
    var strict = false

    @Flag(name: .customLong("no-baseline"), help: "Report the findings isms-baseline.json accepts too.")
    var noBaseline = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let today = try common.resolvedToday()
        if path != nil && (location.directory != nil || location.config != nil) {
            throw ValidationError("give the ISMS as PATH or with --in/--config, not both")
        }
        var options = LintOptions(path: path ?? location.folder, today: today, revision: revision)
        options.staged = staged
        options.history = !noHistory
        options.useBaseline = !noBaseline
        options.approvalsFile = approvals
        if allowedSigners != nil && !verifySignatures { throw ValidationError("--allowed-signers is used with --verify-signatures") }
        options.allowedSigners = allowedSigners
        options.verifySignatures = verifySignatures
        if staged && revision != nil { throw ValidationError("--staged and --rev cannot be combined") }
        let report = try runTool { try Linter.lint(options) }
        for notice in report.notices { common.note(notice, prefix: "note") }
        emit(report, format: format, quiet: common.quiet)
        let code = report.exitCode(strict: strict)
        if code != 0 { throw ExitCode(code) }
    }
}
