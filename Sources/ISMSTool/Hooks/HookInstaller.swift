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

    /// The hooks folder: `core.hooksPath` (relative to the working tree) or `<gitdir>/hooks`.
    public static func hooksFolder(_ repo: Repository) -> URL {
        if let configured = repo.configString("core.hooksPath"), !configured.isEmpty {
            let expanded = configured.hasPrefix("~/") ? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(String(configured.dropFirst(2))).path : configured
            if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded) }
            return (repo.workdir ?? repo.gitdir).appendingPathComponent(expanded)
        }
        return repo.gitdir.appendingPathComponent("hooks")
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
                let aside = folder.appendingPathComponent(step.name + chainedSuffix)
                if FileManager.default.fileExists(atPath: aside.path) { try FileManager.default.removeItem(at: aside) }
                try FileManager.default.moveItem(at: step.url, to: aside)
                lines.append("kept your \(step.name) hook as \(aside.lastPathComponent); it runs first")
            }
            try AtomicWriter.write([(step.url, script(step.name, binary: binary))], force: true, displayBase: folder)
            chmod(step.url.path, 0o755)
            lines.append("installed \(step.url.path)")
        }
        return Result(lines: lines)
    }

    public static func uninstall(_ repo: Repository) throws -> Result {
        let folder = hooksFolder(repo)
        var lines: [String] = []
        for name in names {
            let url = folder.appendingPathComponent(name), aside = folder.appendingPathComponent(name + chainedSuffix)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            guard isOurs(url) else { lines.append("left \(url.path): it is not an isms hook"); continue }
            try FileManager.default.removeItem(at: url)
            if FileManager.default.fileExists(atPath: aside.path) {
                try FileManager.default.moveItem(at: aside, to: url)
                lines.append("restored your \(name) hook")
            } else {
                lines.append("removed \(url.path)")
            }
        }
        return Result(lines: lines)
    }
}
