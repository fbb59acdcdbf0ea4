import Foundation
import GitKit
import ISMSModel

/// `isms hook install|uninstall`: the pre-commit and commit-msg hooks, in the hooks folder git really uses
/// (core.hooksPath when set). Never replaces someone else's hook silently: refuse, or chain so both run.
public enum HookInstaller {
    public static let names = ["pre-commit", "commit-msg"]
    static let marker = "# installed by isms"
    static let chainedSuffix = ".isms-chained"

    public struct Result {
        public var lines: [String]
    }

    /// The hooks folder: `core.hooksPath` (relative to the working tree) or `hooks` in the common git directory,
    /// which is where git runs them from in a linked worktree too (never `.git/worktrees/NAME/hooks`).
    public static func hooksFolder(_ repo: Repository) -> URL {
        if let configured = repo.configString("core.hooksPath"), !configured.isEmpty {
            let expanded = configured.hasPrefix("~/") ? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(String(configured.dropFirst(2))).path : configured
            if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded) }
            return (repo.workdir ?? repo.gitdir).appendingPathComponent(expanded)
        }
        return repo.commonDirectory.appendingPathComponent("hooks")
    }

    /// The script for `name`, defaulting to this binary's own path so the hook works without isms on PATH.
    static func script(_ name: String, binary: String) -> String {
        // Inside the script's double quotes only $ ` " \ are special.
        var escaped = ""
        for ch in binary { if "$`\"\\".contains(ch) { escaped.append("\\") }; escaped.append(ch) }
        return scripts[name]!.replacingOccurrences(of: "ISMS=\"${ISMS:-isms}\"", with: "ISMS=\"${ISMS:-\(escaped)}\"")
    }

    static func isOurs(_ url: URL) -> Bool {
        (try? String(contentsOf: url, encoding: .utf8))?.contains(marker) == true
    }

    public static func install(_ repo: Repository, chain: Bool, force: Bool, binary: String) throws -> Result {
        let folder = hooksFolder(repo)
        var lines: [String] = []
        // Decide everything first: a refusal writes nothing.
        var plan: [(name: String, url: URL, moveAside: Bool)] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            let exists = FileManager.default.fileExists(atPath: url.path)
            if exists && !isOurs(url) && !chain && !force {
                throw ToolFailure("\(url.path) already exists and is not an isms hook: nothing was installed. Use --chain to run both (yours first), or --force to replace it")
            }
            plan.append((name, url, exists && !isOurs(url) && chain))
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for step in plan {
            if step.moveAside {
                // Never over an earlier chained hook: each replaced hook keeps its own number, and all of them run.
                let aside = chained(step.name, in: folder).count + 1
                let url = chainedURL(step.name, number: aside, in: folder)
                try FileManager.default.moveItem(at: step.url, to: url)
                lines.append("kept your \(step.name) hook as \(url.lastPathComponent); it runs first" + (aside > 1 ? " (after the \(aside - 1) kept before it)" : ""))
            }
            try AtomicWriter.write([(step.url, script(step.name, binary: binary))], force: true, displayBase: folder)
            chmod(step.url.path, 0o755)
            lines.append("installed \(step.url.path)")
        }
        return Result(lines: lines)
    }

    /// `pre-commit.isms-chained`, then `.2`, `.3`, ...: the hooks `--chain` kept, oldest first (the scripts run them so).
    static func chainedURL(_ name: String, number: Int, in folder: URL) -> URL {
        folder.appendingPathComponent(name + chainedSuffix + (number == 1 ? "" : ".\(number)"))
    }

    static func chained(_ name: String, in folder: URL) -> [URL] {
        var out: [URL] = []
        var st = stat()
        while lstat(chainedURL(name, number: out.count + 1, in: folder).path, &st) == 0 { out.append(chainedURL(name, number: out.count + 1, in: folder)) }
        return out
    }

    public static func uninstall(_ repo: Repository) throws -> Result {
        let folder = hooksFolder(repo)
        var lines: [String] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            guard isOurs(url) else { lines.append("left \(url.path): it is not an isms hook"); continue }
            try FileManager.default.removeItem(at: url)
            let kept = chained(name, in: folder)
            if let last = kept.last {
                // The most recent hook goes back in place; earlier ones stay, named, for the user to combine.
                try FileManager.default.moveItem(at: last, to: url)
                lines.append("restored your \(name) hook")
                if kept.count > 1 {
                    lines.append("kept your earlier \(name) hooks \(kept.dropLast().map(\.lastPathComponent).joined(separator: ", ")) in \(folder.path): they no longer run")
                }
            } else {
                lines.append("removed \(url.path)")
            }
        }
        return Result(lines: lines)
    }
}
