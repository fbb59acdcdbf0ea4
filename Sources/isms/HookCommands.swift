import ArgumentParser
import Foundation
import GitKit
import ISMSModel
import ISMSTool

struct Hook: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install or remove the git hooks: pre-commit (isms check --staged) and commit-msg (isms check --commit-msg).",
        subcommands: [HookInstall.self, HookUninstall.self])
}

/// The repository the current folder is in, or a plain failure.
func currentRepository(_ path: String) throws -> Repository {
    let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    do {
        guard let repo = try Repository.discover(containing: url) else { throw ToolFailureError(message: "\(path) is not in a git repository") }
        return repo
    } catch let e as GitError { throw ToolFailureError(message: e.message) }
}

/// This program's own path, for hooks that must find it later.
func ownExecutable() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

struct HookInstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the hooks where git looks for them (core.hooksPath when set).",
        discussion: "An existing hook that is not isms's is never replaced silently: --chain keeps it and runs it first; --force replaces it.")
    @Flag(help: "Keep an existing hook and run it before isms's.") var chain = false
    @Flag(help: "Replace an existing hook.") var force = false
    @Option(name: .customLong("in"), help: "A folder in the repository (default: the current folder).") var folder: String = "."
    func run() throws {
        let repo = try currentRepository(folder)
        let result = try runTool { try HookInstaller.install(repo, chain: chain, force: force, binary: ownExecutable()) }
        result.lines.forEach { print($0) }
    }
}

struct HookUninstall: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove the isms hooks and restore hooks they were chained to.")
    @Option(name: .customLong("in"), help: "A folder in the repository (default: the current folder).") var folder: String = "."
    func run() throws {
        let repo = try currentRepository(folder)
        let result = try runTool { try HookInstaller.uninstall(repo) }
        result.lines.forEach { print($0) }
    }
}
