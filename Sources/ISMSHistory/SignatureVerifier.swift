import Foundation
import GitKit
import ISMSModel

/// Verifies SSH-signed commits with `ssh-keygen -Y verify` against an allowed-signers file (the format git's
/// `gpg.ssh.allowedSignersFile` uses). The signer must be the committer, by e-mail address.
public struct SignatureVerifier {
    public let allowedSigners: String
    let keygen: String

    public init(allowedSigners: String) throws {
        guard FileManager.default.isReadableFile(atPath: allowedSigners) else {
            throw ToolFailure("\(allowedSigners): cannot read the allowed-signers file")
        }
        guard let keygen = ["/usr/bin/ssh-keygen", "/bin/ssh-keygen", "/usr/local/bin/ssh-keygen"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ToolFailure("--verify-signatures needs ssh-keygen (Debian: apt-get install openssh-client)")
        }
        self.allowedSigners = allowedSigners
        self.keygen = keygen
    }

    /// Checks the commits that change documents, and the merges whose approvals count, in place.
    public func apply(_ history: inout ChangeHistory, repository: Repository) throws {
        var results: [String: CommitRecord.SignatureCheck] = [:]
        func check(_ hex: String, signer email: String) throws -> CommitRecord.SignatureCheck {
            if let known = results[hex] { return known }
            guard let id = ObjectID(hex: hex) else { return .unsigned }
            let result = try verify(try repository.commit(id), signer: email)
            results[hex] = result
            return result
        }
        for i in history.commits.indices {
            let c = history.commits[i]
            history.commits[i].signature = try check(c.id, signer: c.committer.email)
            for j in c.approvals.indices {
                switch c.approvals[j].source {
                case .merge(let short):
                    // A merge approves only when the merge commit itself carries the merger's good signature.
                    guard let full = try? repository.resolveCommit(short).hex, let merge = try? repository.commit(ObjectID(hex: full)!) else { continue }
                    if case .good = try check(full, signer: merge.committer.email) {
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

    func verify(_ commit: Commit, signer: String) throws -> CommitRecord.SignatureCheck {
        guard let (signature, data) = try commit.signature() else { return .unsigned }
        guard signature.contains("BEGIN SSH SIGNATURE") else {
            return .bad("signed with GPG/X.509; only SSH signatures are verified (git config gpg.format ssh)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("isms-sig-\(getpid())-\(commit.id.short)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sigFile = dir.appendingPathComponent("commit.sig")
        try Data(signature.utf8).write(to: sigFile)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: keygen)
        p.arguments = ["-Y", "verify", "-f", allowedSigners, "-I", signer, "-n", "git", "-s", sigFile.path]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = output
        try p.run()
        input.fileHandleForWriting.write(Data(data.utf8))
        try? input.fileHandleForWriting.close()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmed
        p.waitUntilExit()
        return p.terminationStatus == 0 ? .good(signer) : .bad(said.isEmpty ? "ssh-keygen rejected the signature" : said)
    }
}
