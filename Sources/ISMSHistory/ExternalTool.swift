import Foundation

/// Runs one of the few outside programs isms trusts for signatures (ssh-keygen, gpg): never anything a repository names.
public enum ExternalTool {
    /// ssh-keygen where Debian and macOS put it, or nil.
    public static let sshKeygen: String? = ["/usr/bin/ssh-keygen", "/bin/ssh-keygen", "/usr/local/bin/ssh-keygen"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `executable` with `arguments`, feeding `input` on standard input; standard output and error together, trimmed.
    public static func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let stdin = Pipe(), output = Pipe()
        p.standardInput = stdin
        p.standardOutput = output
        p.standardError = output
        try p.run()
        if let input { stdin.fileHandleForWriting.write(input) }
        try? stdin.fileHandleForWriting.close()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, said.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
