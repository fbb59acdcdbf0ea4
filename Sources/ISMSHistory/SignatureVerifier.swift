import Foundation
import GitKit
import ISMSModel

/// Verifies signed commits: SSH with `ssh-keygen -Y verify` against an allowed-signers file (the format git's
/// `gpg.ssh.allowedSignersFile` uses), OpenPGP with `gpg --verify` against the keyring (fully or ultimately trusted
/// keys only); X.509 is reported as not verifiable. A commit's signature must be its committer's; everyone the
/// signature proves is kept too, so a trailer can be proven by the approver's own signature.
/// Without an allowed-signers file only OpenPGP can be verified (a team that signs with gpg needs none); an SSH
/// signature is then reported as not verifiable, never as good.
public struct SignatureVerifier {
    public let allowedSigners: String?
    let keygen: String?

    public init(allowedSigners: String?) throws {
        self.allowedSigners = allowedSigners
        keygen = allowedSigners == nil ? nil : ExternalTool.sshKeygen
        if let allowedSigners {
            guard FileManager.default.isReadableFile(atPath: allowedSigners) else {
                throw ToolFailure("\(allowedSigners): cannot read the allowed-signers file")
            }
            guard keygen != nil else {
                throw ToolFailure("--verify-signatures needs ssh-keygen (Debian: apt-get install openssh-client)")
            }
        }
    }

    /// Checks the commits that change documents, and the merges whose approvals count, in place.
    public func apply(_ history: inout ChangeHistory, repository: Repository) throws {
        var results: [String: (check: CommitRecord.SignatureCheck, signers: [String])] = [:]
        func check(_ hex: String, signer email: String) throws -> (check: CommitRecord.SignatureCheck, signers: [String]) {
            if let known = results[hex] { return known }
            guard let id = ObjectID(hex: hex) else { return (.unsigned, []) }
            let result = try verify(try repository.commit(id), signer: email)
            results[hex] = result
            return result
        }
        for i in history.commits.indices {
            let c = history.commits[i]
            let own = try check(c.id, signer: c.committer.email)
            history.commits[i].signature = own.check
            history.commits[i].signers = own.signers
            for j in c.approvals.indices {
                switch c.approvals[j].source {
                case .merge(let short):
                    // A merge approves only when the merge commit itself carries the merger's good signature.
                    guard let full = try? repository.resolveCommit(short), let merge = try? repository.commit(full) else { continue }
                    if case .good = try check(full.hex, signer: merge.committer.email).check {
                        history.commits[i].approvals[j].signatureVerified = true
                    } else {
                        history.commits[i].approvals[j].signatureVerified = false
                    }
                case .trailer:
                    // A trailer is the author's claim; the commit's own signature proves who wrote it.
                    if case .good = history.commits[i].signature {} else { history.commits[i].approvals[j].signatureVerified = false }
                case .approvalsFile:
                    break   // the forge's record stands on its own
                }
            }
        }
    }

    /// Whether the commit is signed by its committer (`signer`), and everyone the signature proves signed it.
    func verify(_ commit: Commit, signer: String) throws -> (check: CommitRecord.SignatureCheck, signers: [String]) {
        guard let (signature, data) = try commit.signature() else { return (.unsigned, []) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("isms-sig-\(getpid())-\(commit.id.short)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sigFile = dir.appendingPathComponent("commit.sig")
        try Data(signature.utf8).write(to: sigFile)
        var signers: [String] = []
        var said = ""
        if signature.contains("BEGIN SSH SIGNATURE") {
            guard let allowedSigners, let keygen else {
                return (.bad("signed with SSH: not verifiable without an allowed-signers file (--allowed-signers FILE, git's gpg.ssh.allowedSignersFile format)"), [])
            }
            // Whose key is it (the allowed signers' principals), then does it verify for each of them.
            let found = try run(keygen, ["-Y", "find-principals", "-f", allowedSigners, "-s", sigFile.path], input: nil)
            let principals = found.status == 0 ? found.output.split(separator: "\n").map { String($0).trimmed }.filter { !$0.isEmpty } : []
            said = found.status == 0 ? "" : (found.output.isEmpty ? "no allowed signer holds the signing key" : found.output)
            for principal in principals {
                let r = try run(keygen, ["-Y", "verify", "-f", allowedSigners, "-I", principal, "-n", "git", "-s", sigFile.path], input: data)
                if r.status == 0 { signers.append(principal.lowercased()) } else if said.isEmpty { said = r.output }
            }
        } else if signature.contains("BEGIN PGP SIGNATURE") {
            guard let gpg = Self.gpg else {
                return (.bad("signed with OpenPGP, but gpg is not installed (Debian: apt-get install gnupg)"), [])
            }
            // gpg's status lines: a valid signature by a key the keyring trusts fully or ultimately (anyone can make a
            // key in anyone's name; only a trusted key ties it to a person).
            let r = try run(gpg, ["--batch", "--no-tty", "--status-fd", "1", "--verify", sigFile.path, "-"], input: data)
            let lines = r.output.split(separator: "\n").map(String.init)
            let valid = lines.first { $0.hasPrefix("[GNUPG:] VALIDSIG ") }?.split(separator: " ").dropFirst(2).first.map(String.init)
            let trusted = lines.contains { $0.hasPrefix("[GNUPG:] TRUST_FULLY") || $0.hasPrefix("[GNUPG:] TRUST_ULTIMATE") }
            if let fingerprint = valid, trusted {
                let keys = try run(gpg, ["--batch", "--no-tty", "--with-colons", "--list-keys", fingerprint], input: nil)
                for line in keys.output.split(separator: "\n") where line.hasPrefix("uid:") {
                    let fields = line.split(separator: ":", omittingEmptySubsequences: false)
                    guard fields.count > 9, ["u", "f"].contains(fields[1]) else { continue }
                    let (_, email) = ApprovalSources.parseIdentity(String(fields[9]))
                    if !email.isEmpty { signers.append(email.lowercased()) }
                }
                if signers.isEmpty { said = "the OpenPGP key \(fingerprint) has no trusted user id with an e-mail address" }
            } else if let fingerprint = valid {
                said = "the OpenPGP key \(fingerprint) is not trusted in the keyring (trust it fully, or sign it with a trusted key)"
            } else {
                said = "gpg rejected the signature" + (lines.first { $0.contains("BADSIG") || $0.contains("ERRSIG") || $0.contains("NO_PUBKEY") }.map { ": \($0)" } ?? "")
            }
        } else {
            return (.bad("signed with X.509 (gpgsm): not verifiable by isms; sign with SSH (gpg.format ssh) or OpenPGP (gpg)"), [])
        }
        if signers.contains(signer.lowercased()) { return (.good(signer), signers) }
        if !signers.isEmpty { return (.bad("signed by \(signers.joined(separator: ", ")), not by the committer \(signer)"), signers) }
        return (.bad(said.isEmpty ? "the signature does not verify" : said), [])
    }

    static let gpg: String? = ["/usr/bin/gpg", "/bin/gpg", "/usr/local/bin/gpg", "/opt/homebrew/bin/gpg"].first { FileManager.default.isExecutableFile(atPath: $0) }

    func run(_ executable: String, _ arguments: [String], input: String?) throws -> (status: Int32, output: String) {
        try ExternalTool.run(executable, arguments, input: input.map { Data($0.utf8) })
    }
}
