import Foundation
import ISMSModel
import ISMSHistory

/// The audit pack's manifest signed with `ssh-keygen -Y sign` — the same SSH keys as commit signing — so a pack whose
/// pages were edited and whose manifest was rehashed no longer verifies. The signature is manifest.json.sig.
public enum ManifestSignature {
    public static let fileName = "manifest.json.sig"
    /// ssh-keygen's namespace: a signature made for something else (a commit: "git") does not verify here.
    public static let namespace = "isms-audit-pack"

    public enum Check: Equatable, Sendable {
        case good(principal: String)
        case bad(String)
        case missing
    }

    static func keygen() throws -> String {
        guard let path = ExternalTool.sshKeygen else {
            throw ToolFailure("signing the audit pack needs ssh-keygen (Debian: apt-get install openssh-client)")
        }
        return path
    }

    static func run(_ tool: String, _ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, output: String) {
        try ExternalTool.run(tool, arguments, input: stdin)
    }

    /// Writes manifest.json.sig beside `manifest` with the private key `key` (its public half goes in allowed signers).
    public static func sign(_ manifest: URL, key: String) throws {
        guard FileManager.default.isReadableFile(atPath: key) else { throw ToolFailure("\(key): cannot read the signing key") }
        let r = try run(try keygen(), ["-Y", "sign", "-q", "-f", key, "-n", namespace, manifest.path])
        // ssh-keygen writes <file>.sig next to the file it signs.
        guard r.status == 0, FileManager.default.fileExists(atPath: manifest.path + ".sig") else {
            throw ToolFailure("cannot sign the audit pack's manifest with \(key): \(r.output.isEmpty ? "ssh-keygen failed" : r.output)")
        }
    }

    /// Checks manifest.json.sig against an allowed-signers file (git's gpg.ssh.allowedSignersFile format).
    public static func verify(_ manifest: URL, allowedSigners: String) throws -> Check {
        guard FileManager.default.isReadableFile(atPath: allowedSigners) else { throw ToolFailure("\(allowedSigners): cannot read the allowed-signers file") }
        let signature = manifest.deletingLastPathComponent().appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: signature.path) else { return .missing }
        let tool = try keygen()
        let found = try run(tool, ["-Y", "find-principals", "-s", signature.path, "-f", allowedSigners])
        guard found.status == 0, let principal = found.output.split(separator: "\n").first.map(String.init), !principal.isEmpty else {
            return .bad("signed by a key that is not in \(allowedSigners)")
        }
        guard let data = FileManager.default.contents(atPath: manifest.path) else { return .bad("manifest.json cannot be read") }
        let r = try run(tool, ["-Y", "verify", "-f", allowedSigners, "-I", principal, "-n", namespace, "-s", signature.path], stdin: data)
        return r.status == 0 ? .good(principal: principal) : .bad("the signature does not match manifest.json (\(r.output.split(separator: "\n").last.map(String.init) ?? "ssh-keygen refused it"))")
    }
}
