import Foundation
import ISMSModel

/// Writes files so that a reader never sees half a file, and never overwrites without being told to.
public enum AtomicWriter {
    /// Writes every file or none: all conflicts are reported before anything is written.
    public static func write(_ files: [(url: URL, text: String)], force: Bool, displayBase: URL) throws {
        if !force {
            let existing = files.filter { FileManager.default.fileExists(atPath: $0.url.path) || isSymlink($0.url) }
            if !existing.isEmpty {
                let names = existing.prefix(5).map { relative($0.url, to: displayBase) }.joined(separator: ", ")
                let more = existing.count > 5 ? " and \(existing.count - 5) more" : ""
                throw ToolFailure("\(names)\(more) already exist\(existing.count == 1 ? "s" : ""): nothing was written (use --force to overwrite)")
            }
        }
        for file in files {
            try writeOne(file.url, Data(file.text.utf8), displayBase: displayBase)
        }
    }

    static func isSymlink(_ url: URL) -> Bool {
        var st = stat()
        return lstat(url.path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    static func relative(_ url: URL, to base: URL) -> String {
        let p = url.standardizedFileURL.path, b = base.standardizedFileURL.path + "/"
        return p.hasPrefix(b) ? String(p.dropFirst(b.count)) : p
    }

    /// Write to a temporary file in the same folder, then rename over the target (atomic on POSIX file systems).
    static func writeOne(_ url: URL, _ data: Data, displayBase: URL) throws {
        let dir = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw ToolFailure("cannot create the folder \(relative(dir, to: displayBase)): \(error.localizedDescription)")
        }
        if isSymlink(url) {
            // Replacing the link itself (never writing through it) keeps writes inside the folder asked for.
            try? FileManager.default.removeItem(at: url)
        }
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).isms-\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: data) else {
            throw ToolFailure("cannot write \(relative(url, to: displayBase)): \(String(cString: strerror(errno)))")
        }
        if rename(temp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw ToolFailure("cannot write \(relative(url, to: displayBase)): \(reason)")
        }
    }
}
