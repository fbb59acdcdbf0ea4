import ArgumentParser
import Foundation
import ISMSTool

extension HistoryCommand.Format: ExpressibleByArgument {
    public init?(argument: String) { guard let f: Self = formatArgument(argument) else { return nil }; self = f }
}

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every controlled document's revisions from git: version, status, author, approvals and how each was proven.",
        discussion: """
        DOCUMENT is a path or an id; without it, every controlled document. --format md prints the revision tables an \
        auditor puts in the audit pack. Exit 2 when the clone is shallow (history truncated), with the fix.
        """)

    @Argument(help: "A document path or id (default: all controlled documents).") var document: String?
    @Flag(help: "Every controlled document (the default).") var all = false
    @Option(help: "Output format: text, json or md (or markdown).") var format: HistoryCommand.Format = .text
    @OptionGroup var location: ISMSLocation
    var folder: String { location.folder }
    @Option(help: "Approvals exported from the forge (JSON; see docs/approvals.md).") var approvals: String?
    @Flag(help: "Verify SSH and OpenPGP signatures of the commits (OpenPGP through the gpg keyring; SSH needs --allowed-signers).") var verifySignatures = false
    @Option(help: "The allowed-signers file (git's gpg.ssh.allowedSignersFile format).") var allowedSigners: String?

    @Flag(help: "Print only the revisions: no notes.") var quiet = false

    func run() throws {
        var o = HistoryCommand.Options()
        o.path = folder
        o.document = all ? nil : document
        o.format = format
        o.approvalsFile = approvals
        if allowedSigners != nil && !verifySignatures { throw ValidationError("--allowed-signers is used with --verify-signatures") }
        o.allowedSigners = allowedSigners
        o.verifySignatures = verifySignatures
        let out = try runTool { try HistoryCommand.run(o) }
        keptUntilExit = out.retained
        print(out.text, terminator: "")
        if !quiet { for n in out.notices { FileHandle.standardError.write(Data("isms: \(n)\n".utf8)) } }
        if out.exitCode != 0 { throw ExitCode(out.exitCode) }
    }
}

/// A command's working data, freed by the process's exit rather than piece by piece just before it.
nonisolated(unsafe) var keptUntilExit: [Any] = []
