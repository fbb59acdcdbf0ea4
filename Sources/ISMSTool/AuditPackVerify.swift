import Foundation
import ISMSModel
import ISMSReport

/// `isms report --verify DIR`: recomputes every file's SHA-256 and compares the pack with its manifest.json.
public enum AuditPackVerifier {
    public struct Verification {
        public var directory: String
        public var changed: [String] = []
        public var missing: [String] = []
        public var extra: [String] = []
        public var fileCount = 0
        public var commit: String?
        public var dirty = false
        public var generated: String?
        public var toolVersion: String?
        /// The manifest's signature, when checked (--allowed-signers); nil when not asked for.
        public var signature: ManifestSignature.Check?
        public var signed = false

        public var intact: Bool { changed.isEmpty && missing.isEmpty && extra.isEmpty }
        /// 0 intact (and, when checked, signed by an allowed signer) · 1 differences or a bad or missing signature.
        public var exitCode: Int32 {
            if case .good? = signature { return intact ? 0 : 1 }
            return intact && signature == nil ? 0 : 1
        }

        var signatureLine: String {
            switch signature {
            case .good(let who)?: return "signature: good, signed by \(who)\n"
            case .bad(let why)?: return "signature: BAD — \(why)\n"
            case .missing?: return "signature: missing — the pack has no \(ManifestSignature.fileName)\n"
            case nil: return signed ? "signature: present, not checked (give --allowed-signers FILE)\n" : ""
            }
        }

        public var text: String {
            let origin = (commit.map { "commit \($0.prefix(12))" + (dirty ? " plus uncommitted changes" : "") } ?? "no commit")
                + (generated.map { ", generated \($0)" } ?? "") + (toolVersion.map { " by isms \($0)" } ?? "")
            if intact { return "\(directory): intact — \(fileCount) files match manifest.json (\(origin))\n" + signatureLine }
            let n = changed.count + missing.count + extra.count
            var out = "\(directory): \(n) difference\(n == 1 ? "" : "s") from manifest.json (\(origin))\n"
            for p in changed { out += "changed: \(p)\n" }
            for p in missing { out += "missing: \(p)\n" }
            for p in extra { out += "extra:   \(p)\n" }
            return out + signatureLine
        }
    }

    /// Throws `ToolFailure` (exit 2) when there is no readable manifest.
    public static func verify(_ directory: String, allowedSigners: String? = nil) throws -> Verification {
        let dir = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw ToolFailure("\(directory): no such folder")
        }
        let manifestURL = dir.appendingPathComponent(AuditPackManifest.fileName)
        guard let data = FileManager.default.contents(atPath: manifestURL.path) else {
            throw ToolFailure("\(directory): no manifest.json — not an audit pack written by isms report")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let files = json["files"] as? [Any] else {
            throw ToolFailure("\(directory)/manifest.json is not valid JSON with a files list")
        }
        var v = Verification(directory: directory)
        v.commit = json["commit"] as? String
        v.dirty = json["dirty"] as? Bool ?? false
        v.generated = json["generated"] as? String
        v.toolVersion = json["tool_version"] as? String
        var listed: Set<String> = []
        for item in files {
            guard let entry = item as? [String: Any], let path = entry["path"] as? String, let sha = entry["sha256"] as? String else {
                throw ToolFailure("\(directory)/manifest.json: every file needs a path and a sha256")
            }
            guard isSafe(path) else { throw ToolFailure("\(directory)/manifest.json lists '\(path)', which is not a path inside the pack") }
            guard listed.insert(path).inserted else { throw ToolFailure("\(directory)/manifest.json lists '\(path)' twice") }
            let url = dir.appendingPathComponent(path)
            var st = stat()
            if lstat(url.path, &st) != 0 { v.missing.append(path); continue }
            guard (st.st_mode & S_IFMT) == S_IFREG, let bytes = FileManager.default.contents(atPath: url.path),
                  AuditPackManifest.sha256(bytes) == sha.lowercased() else { v.changed.append(path); continue }
        }
        v.fileCount = listed.count + 1
        for path in walk(dir) where path != AuditPackManifest.fileName && path != ManifestSignature.fileName && !listed.contains(path) { v.extra.append(path) }
        v.signed = FileManager.default.fileExists(atPath: dir.appendingPathComponent(ManifestSignature.fileName).path)
        if let allowedSigners { v.signature = try ManifestSignature.verify(manifestURL, allowedSigners: allowedSigners) }
        v.changed.sort(); v.missing.sort(); v.extra.sort()
        return v
    }

    /// A relative path with no `.`, `..` or empty segments, no backslash or NUL, not the manifest itself.
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\u{0}"), path != AuditPackManifest.fileName else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// Every file and symbolic link below `dir` (links are listed, never followed), as relative paths.
    static func walk(_ dir: URL) -> [String] {
        var out: [String] = []
        func visit(_ url: URL, _ rel: String) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return }
            for name in names {
                let child = url.appendingPathComponent(name)
                let path = rel.isEmpty ? name : rel + "/" + name
                var st = stat()
                guard lstat(child.path, &st) == 0 else { continue }
                if (st.st_mode & S_IFMT) == S_IFDIR { visit(child, path) } else { out.append(path) }
            }
        }
        visit(dir, "")
        return out
    }
}
