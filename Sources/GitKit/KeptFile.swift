import Foundation

/// A file a command keeps for itself under the git directory (a cache): written whole to a temporary file beside it,
/// then renamed into place, so a reader sees the old file or the new one, never part of one. Keeping it is an
/// optimisation: a repository that cannot be written to (read-only, another user's) goes without.
public enum KeptFile {
    /// Writes `url` from what `parts` puts, in order (each part written from its own storage: megabytes are not joined
    /// first). False when nothing was kept.
    @discardableResult
    public static func write(_ url: URL, _ parts: (_ put: (UnsafeRawBufferPointer) -> Bool) -> Bool) -> Bool {
        let dir = url.deletingLastPathComponent()
        guard (try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)) != nil else { return false }
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        guard let file = fopen(temp.path, "wb") else { return false }
        let written = parts { $0.isEmpty || fwrite($0.baseAddress, 1, $0.count, file) == $0.count }
        if fclose(file) == 0, written, rename(temp.path, url.path) == 0 { return true }
        try? FileManager.default.removeItem(at: temp)
        return false
    }
}
