import ArgumentParser
import Foundation
import ISMSTool

extension SoACommand.Format: ExpressibleByArgument {
    public init?(argument: String) { guard let f: Self = formatArgument(argument) else { return nil }; self = f }
}

struct SoA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soa",
        abstract: "The Statement of Applicability: every Annex A control, then custom C-… controls, with applicability, justification, implementation, owner, links and last change.",
        discussion: """
        Rows come from the control documents, in Annex A order (5.2 before 5.10); a control without a control document \
        is shown as missing. Policies, risks and evidence are named by title and id — those the control lists, and those \
        that name the control. Inside a git repository, each row gives the commit, date and version of the control \
        file's last change (one history walk). --format csv is RFC 4180 (values that a spreadsheet would run as a \
        formula are prefixed with '); html is one self-contained file. Exit 0, or 2 when the tool cannot do its job.
        """)

    @OptionGroup var location: ISMSLocation
    var folder: String { location.folder }
    @Option(help: "Output format: md (or markdown), csv, json or html.") var format: SoACommand.Format = .md
    @Option(name: .customLong("import"), help: ArgumentHelp("Set applicable, justification and implementation in the control documents from this CSV (the SoA's own CSV export, edited, or any CSV with an id column); blank cells change nothing; all files or none.", valueName: "csv")) var importFile: String?
    @OptionGroup var common: CommonOptions

    func run() throws {
        if let importFile {
            var o = SoAImport.Options(file: importFile)
            o.path = folder
            let out = try runTool { try SoAImport.run(o) }
            if !common.quiet { print(out.text, terminator: "") }
            for n in out.notices { common.note(n) }
            return
        }
        var o = SoACommand.Options(today: try common.resolvedToday())
        o.path = folder
        o.format = format
        let out = try runTool { try SoACommand.run(o) }
        print(out.text, terminator: "")
        for n in out.notices { common.note(n) }
        if out.exitCode != 0 { throw ExitCode(out.exitCode) }
    }
}
