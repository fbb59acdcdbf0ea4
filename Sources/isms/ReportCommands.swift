import ArgumentParser
import Foundation
import ISMSModel
import ISMSTool

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the auditor's HTML audit pack, or verify one against its manifest.",
        discussion: """
        --out DIR writes a static pack that opens from file:// with no network and no JavaScript: index.html (readiness \
        dashboard), soa.html, programme.html, risks.html, findings.html, documents.html, one page per document under \
        docs/ with its revision history from git, and manifest.json (every file's SHA-256, the commit, the tool \
        version, the date). DIR must not exist; --force replaces an earlier pack. \
        --verify DIR recomputes the hashes: exit 0 intact, 1 differences (each named), 2 no readable manifest. \
        --sign KEY signs manifest.json with an SSH key (ssh-keygen -Y sign, namespace isms-audit-pack; the keys used \
        for signing commits); --verify DIR --allowed-signers FILE then also requires a good signature by an allowed \
        signer, so a pack edited and rehashed no longer verifies. \
        --verify DIR --rebuild builds the pack again, in memory, from the commit manifest.json records (read from the \
        git repository of the current folder, or of --in FOLDER; nothing is written into it) and compares every file: \
        exit 1 when a page differs, is missing or is extra; exit 2 when the commit is not in the repository (fetch it).
        """)

    @Option(help: ArgumentHelp("Write the pack into this folder (it must not exist; see --force).", valueName: "dir")) var out: String?
    @Option(help: ArgumentHelp("Check a pack against its manifest.json.", valueName: "dir")) var verify: String?
    @OptionGroup var location: ISMSLocation
    var folder: String { location.folder }
    @Flag(help: "Replace DIR when it holds an earlier audit pack.") var force = false
    @Option(help: ArgumentHelp("With --out: sign manifest.json with this SSH private key (ssh-keygen -Y sign; writes manifest.json.sig).", valueName: "key")) var sign: String?
    @Option(help: ArgumentHelp("With --verify: check manifest.json.sig against this allowed-signers file (git's format); a missing or bad signature fails.", valueName: "file")) var allowedSigners: String?
    @Flag(help: "With --verify: rebuild the pack from the commit it records, in the repository here (or of --in), and compare every file.") var rebuild = false
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if out == nil && verify == nil { throw ValidationError("give --out DIR to write a pack, or --verify DIR to check one") }
        if out != nil && verify != nil { throw ValidationError("--out and --verify cannot be combined") }
        if sign != nil && out == nil { throw ValidationError("--sign KEY signs a pack being written: use it with --out") }
        if rebuild && verify == nil { throw ValidationError("--rebuild rebuilds a pack being verified: use it with --verify DIR") }
        if allowedSigners != nil && verify == nil { throw ValidationError("--allowed-signers checks a pack's signature: use it with --verify") }
    }

    func run() throws {
        if let verify {
            var v = try runTool { try AuditPackVerifier.verify(verify, allowedSigners: allowedSigners) }
            if rebuild {
                // What was proved so far is still said when the rebuild cannot be done (exit 2).
                do { try AuditPackVerifier.rebuild(&v, repositoryAt: folder) } catch let f as ToolFailure {
                    print(v.text, terminator: "")
                    throw ToolFailureError(message: f.message)
                }
            }
            print(v.text, terminator: "")
            if v.exitCode != 0 { throw ExitCode(v.exitCode) }
            return
        }
        var o = AuditPackBuilder.Options(output: out!, today: try common.resolvedToday())
        o.input = folder
        o.force = force
        o.signingKey = sign
        let result = try runTool { try AuditPackBuilder.build(o) }
        for n in result.notices { common.note(n) }
        if !common.quiet { print(result.summary) }
    }
}
