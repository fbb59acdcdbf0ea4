import ArgumentParser
import Foundation
import ISMSModel
import ISMSReport
import ISMSRules
import ISMSTool

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a change: what is staged (pre-commit), a commit message (commit-msg), or a pull request's range.",
        discussion: """
        --staged: the ISMS as it will be after the commit (the index over HEAD): lint, versions against HEAD, static \
        independence. Reports findings in the files the commit touches (--all: everywhere).
        --commit-msg FILE: the approval trailers in the message, for the staged changes to controlled documents.
        --range BASE..HEAD: lint of HEAD's tree and the change records of every commit in the range; people, roles, \
        approvers and configuration are read from BASE, so a pull request cannot grant itself authority.
        """)

    @Flag(help: "Check what is staged (the pre-commit hook).") var staged = false
    @Option(name: .customLong("commit-msg"), help: "Check the approvals in this commit message file (the commit-msg hook).") var commitMessage: String?
    @Option(help: "Check every commit of a pull request: BASE..HEAD.") var range: String?
    @Flag(help: "Report findings anywhere in the ISMS, not only in the files the change touches.") var all = false
    @Option(help: "Output format: text, json, sarif, github, junit or markdown (or md).") var format: OutputFormat = .text
    @OptionGroup var location: ISMSLocation
    var folder: String { location.folder }
    @Option(help: "Approvals exported from the forge (JSON; see docs/approvals.md).") var approvals: String?
    @Flag(help: "Verify SSH and OpenPGP signatures of the range's commits (OpenPGP through the gpg keyring; SSH needs --allowed-signers).") var verifySignatures = false
    @Option(help: "The allowed-signers file (git's gpg.ssh.allowedSignersFile format).") var allowedSigners: String?
    @Flag(help: "Warnings fail too: exit 1 when there is any error or warning finding (info never fails).") var strict = false
    @OptionGroup var common: CommonOptions

    func validate() throws {
        let modes = [staged, commitMessage != nil, range != nil].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give exactly one of --staged, --commit-msg FILE, --range BASE..HEAD") }
        if allowedSigners != nil && !verifySignatures { throw ValidationError("--allowed-signers is used with --verify-signatures") }
    }

    func run() throws {
        var o = CheckCommand.Options(today: try common.resolvedToday())
        o.path = folder
        o.mode = range.map { .range($0) } ?? commitMessage.map { .commitMessage($0) } ?? .staged
        o.everything = all
        o.approvalsFile = approvals
        o.allowedSigners = allowedSigners
        o.verifySignatures = verifySignatures
        let report = try runTool { try CheckCommand.run(o) }
        for notice in report.notices { common.note(notice, prefix: "note") }
        emit(report, format: format, quiet: common.quiet)
        let code = report.exitCode(strict: strict)
        if code != 0 { throw ExitCode(code) }
    }
}

/// Prints a report in the chosen format (shared by lint and check).
func emit(_ report: LintReport, format: OutputFormat, quiet: Bool = false) {
    let rules = RuleRegistry.all.map { $0.description }
    switch format {
    case .text: print(TextReporter.render(report.findings, documentCount: report.documentCount, color: useColor(), summary: !quiet), terminator: "")
    case .json: print(JSONReporter.render(report.findings), terminator: "")
    case .sarif: print(SARIFReporter.render(report.findings, rules: rules, toolVersion: ToolInfo.version), terminator: "")
    case .github: print(GitHubReporter.render(report.findings, documentCount: report.documentCount), terminator: "")
    case .junit: print(JUnitReporter.render(report.findings, rules: rules), terminator: "")
    case .markdown: print(MarkdownReporter.render(report.findings, documentCount: report.documentCount), terminator: "")
    }
}
