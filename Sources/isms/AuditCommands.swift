import ArgumentParser
import Foundation
import ISMSTool

extension AuditPlanner.Format: ExpressibleByArgument {
    public init?(argument: String) { guard let f: Self = formatArgument(argument) else { return nil }; self = f }
}

struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The internal audit programme (clause 9.2).",
        subcommands: [Plan.self])

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose internal audits for the rest of the certification cycle, with an independent auditor for each item.",
            discussion: """
            Items are the applicable controls and clauses 4.1–10.2 not yet covered by a complete internal audit of the \
            cycle (those already in planned audits stay there). One audit per remaining six-month period; auditors are \
            the people with role internal-auditor, never on what they own or approve, what their team owns, or (from \
            git) what they changed or approved recently. Advice: exit 0, or 2 when the tool cannot do its job.
            """)

        @OptionGroup var location: ISMSLocation
    var folder: String { location.folder }
        @Option(help: "Output format: text, md (or markdown) or json.") var format: AuditPlanner.Format = .text
        @Flag(help: "Write the proposed audits as planned audit records (audits/AUD-<start>-<auditor>.md), one per audit and auditor.") var write = false
        @Flag(help: "With --write: overwrite audit records that already exist.") var force = false
        @OptionGroup var common: CommonOptions

        func run() throws {
            var o = AuditPlanner.Options(today: try common.resolvedToday())
            o.write = write
            o.force = force
            o.path = folder
            o.format = format
            let out = try runTool { try AuditPlanner.run(o) }
            print(out.text, terminator: "")
            for n in out.notices { common.note(n) }
            if out.exitCode != 0 { throw ExitCode(out.exitCode) }
        }
    }
}
