import ArgumentParser
import Foundation
import ISMSTool

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Accept today's findings: record them in isms-baseline.json beside isms.yml, so lint and check report only new ones.",
        discussion: """
        --write lints the whole ISMS (with history) and records every finding by fingerprint: rule, path, the commit it \
        is about, the text of its line and its message (numbers aside) — not the line number, so moving text does not \
        revive a finding, and any new finding, even of the same rule in the same file, is still reported. Commit the \
        file: accepting findings is a reviewed change. check reads it as committed at HEAD (--staged) or at BASE \
        (--range), so a change cannot accept its own findings. An entry that no longer matches is reported by lint \
        (baseline-stale) until the baseline is rewritten. The file is never replaced without --force.
        """)

    @Flag(help: "Write the baseline (required: the command writes nothing without it).") var write = false
    @Flag(help: "Replace an existing baseline.") var force = false
    @OptionGroup var location: ISMSLocation
    @Option(help: "Approvals exported from the forge (JSON; see docs/approvals.md).") var approvals: String?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if !write { throw ValidationError("give --write to record today's findings as accepted (see --help)") }
    }

    func run() throws {
        var o = LintOptions(path: location.folder, today: try common.resolvedToday())
        o.approvalsFile = approvals
        let written = try runTool { try Linter.writeBaseline(o, force: force) }
        if !common.quiet {
            print("recorded \(written.count) finding\(written.count == 1 ? "" : "s") as accepted in \(written.path): commit it; lint and check now report only new findings")
        }
    }
}
