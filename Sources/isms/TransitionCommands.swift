import ArgumentParser
import Foundation
import ISMSTool

extension TransitionCommand.Format: ExpressibleByArgument {
    public init?(argument: String) { guard let f: Self = formatArgument(argument) else { return nil }; self = f }
}

struct Transition: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan the move of an ISMS written against ISO/IEC 27001:2013 to the 2022 Annex A.",
        discussion: """
        Finds 2013 control ids (A.9.2.1, or 9.2.1 in control documents and control lists) in control documents' ids, in \
        annex_a, controls, scope.controls and control, and (as A.x.y.z) in the text of every document; shows the 2022 \
        control(s) each became, what to do with the control files (rename, merge, split, create, retire) and every \
        place that still names a 2013 control (file:line). Reads an isms.yml that still says framework: iso27001:2013. \
        Advice: exit 0, or 2 when the tool cannot do its job.
        """)

    @OptionGroup var location: ISMSLocation
    var folder: String { location.folder }
    @Option(help: "Output format: text, md (or markdown) or json.") var format: TransitionCommand.Format = .text

    func run() throws {
        var o = TransitionCommand.Options()
        o.path = folder
        o.format = format
        print(try runTool { try TransitionCommand.run(o) }, terminator: "")
    }
}
