import Foundation

/// A folder under the system temporary directory, removed when the value goes away.
public final class TemporaryFolder: @unchecked Sendable {
    public let url: URL

    public init(_ name: String = "isms-test") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))").resolvingSymlinksInPath()
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { if ProcessInfo.processInfo.environment["ISMS_KEEP_TEMP"] == nil { try? FileManager.default.removeItem(at: url) } }

    public var path: String { url.path }

    @discardableResult
    public func write(_ relative: String, _ text: String) -> URL {
        write(relative, data: Data(text.utf8))
    }

    @discardableResult
    public func write(_ relative: String, data: Data) -> URL {
        let file = url.appendingPathComponent(relative)
        try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! data.write(to: file)
        return file
    }

    public func read(_ relative: String) -> String? {
        try? String(contentsOf: url.appendingPathComponent(relative), encoding: .utf8)
    }

    public func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: url.appendingPathComponent(relative).path) }

    public func symlink(_ relative: String, to target: String) {
        let link = url.appendingPathComponent(relative)
        try! FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target)
    }

    /// Every file below the folder with its bytes, to prove a command wrote nothing.
    public func snapshot() -> [String: Data] {
        var out: [String: Data] = [:]
        let e = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil, options: [])
        while let f = e?.nextObject() as? URL {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: f.path, isDirectory: &isDir), !isDir.boolValue {
                out[String(f.path.dropFirst(url.path.count + 1))] = (try? Data(contentsOf: f)) ?? Data()
            }
        }
        return out
    }
}

public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var lines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// Runs a program and collects what it printed.
public func runProcess(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                       environment: [String: String] = [:], stdin: String? = nil) throws -> ProcessResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let directory { p.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe(), input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a large output cannot block the child.
    final class Box: @unchecked Sendable { var data = Data() }
    let outBox = Box()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    let outData = outBox.data
    p.waitUntilExit()
    return ProcessResult(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

/// The built `isms` binary (the one users run), beside the test bundle.
public enum ISMSBinary {
    public static var url: URL {
        if let explicit = ProcessInfo.processInfo.environment["ISMS_BINARY"] { return URL(fileURLWithPath: explicit) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("isms")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        // `swift test` places the test bundle in the products folder next to the executable.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/isms")
    }

    public static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:], stdin: String? = nil) throws -> ProcessResult {
        try runProcess(url.path, arguments, in: directory, environment: environment, stdin: stdin)
    }
}

/// The git CLI: builds real repositories for tests and serves as the oracle to compare against.
public enum GitCLI {
    public static let path = "/usr/bin/git"

    /// A fixed, isolated environment: no user or system configuration leaks into tests.
    public static func environment(date: String? = nil, author: (String, String)? = nil) -> [String: String] {
        var env = [
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "HOME": "/nonexistent",
            "GIT_AUTHOR_NAME": author?.0 ?? "Test Author", "GIT_AUTHOR_EMAIL": author?.1 ?? "author@example.com",
            "GIT_COMMITTER_NAME": author?.0 ?? "Test Author", "GIT_COMMITTER_EMAIL": author?.1 ?? "author@example.com",
        ]
        if let date { env["GIT_AUTHOR_DATE"] = date; env["GIT_COMMITTER_DATE"] = date }
        return env
    }

    @discardableResult
    public static func run(_ arguments: [String], in directory: URL, date: String? = nil, author: (String, String)? = nil, environment extra: [String: String] = [:]) throws -> ProcessResult {
        var env = environment(date: date, author: author)
        for (k, v) in extra { env[k] = v }
        let r = try runProcess(path, arguments, in: directory, environment: env)
        if r.status != 0 { throw GitFailure(arguments: arguments, result: r) }
        return r
    }

    public static func initRepository(_ folder: TemporaryFolder, branch: String = "main") throws {
        try run(["init", "-q", "-b", branch], in: folder.url)
    }

    /// Stages everything and commits it; returns the new commit id.
    @discardableResult
    public static func commitAll(_ folder: TemporaryFolder, _ message: String, date: String = "2026-01-15T10:00:00Z", author: (String, String)? = nil) throws -> String {
        try run(["add", "-A"], in: folder.url)
        try run(["commit", "-q", "--allow-empty", "-m", message], in: folder.url, date: date, author: author)
        return try run(["rev-parse", "HEAD"], in: folder.url).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

public struct GitFailure: Error, CustomStringConvertible {
    public var arguments: [String]
    public var result: ProcessResult
    public var description: String { "git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)" }
}

/// Where this repository's files are, for tests that read Policies/ or the README.
public enum RepositoryFiles {
    public static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    /// Schemas the tests validate against, kept in the repository (Tests/Fixtures/reference/README.md says where from).
    public static var reference: URL { root.appendingPathComponent("Tests/Fixtures/reference") }
}

/// A small seeded generator (SplitMix64), so a failing random case can be built again.
public struct SplitMix {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
    public mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
}
