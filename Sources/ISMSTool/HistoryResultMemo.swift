import Foundation
import GitKit
import ISMSModel
import ISMSReport

/// The last output of `isms history` (every document, one format), kept under the git directory with a digest of
/// everything it was made from, so the same question asked again over the same history is answered by reading it
/// back: the history is immutable once HEAD is named, and the rest is in the digest.
///
/// What the digest covers: the isms build and the libgit2 and zlib it runs with (a different program may answer
/// differently), the format and the documents root, the configuration file as read, every document file the command reads (listed and read as the
/// command does: its path and bytes), HEAD, and the object database (`Repository.objectDatabaseStamp`: the objects
/// present decide the abbreviations; the shallow boundary and grafts the walk). What it cannot cover in advance, the
/// revisions `change_control.since` names (a tag can move), is kept with the output as each resolved, and resolved
/// again before the output is used. Anything else and the output is made afresh.
///
/// Like the history cache: safe to delete, written atomically, ignored whole when it does not read back exactly.
/// Never used with approvals from a file or signature verification (their inputs are outside the repository), nor
/// kept for an output with notices (a truncated or damaged history is read afresh each time, and said so).
struct HistoryResultMemo {
    static let magic = Array("ISMSHR01".utf8)

    /// The digest of the command's inputs (hex SHA-256).
    let key: String
    let location: URL

    /// `objects`: `Repository.objectDatabaseStamp()`, taken before the history was read.
    init?(repository: Repository, objects: [UInt8], head: ObjectID, format: HistoryCommand.Format, workspace: Workspace, files: [SourceFile]) {
        var m = Self.magic + ProgramBuild.identity + Array(ProgramBuild.linkedLibraries.utf8) + [0]
        func field(_ bytes: some Collection<UInt8>) { Self.append(bytes, to: &m) }
        field(format.rawValue.utf8)
        field(workspace.rootPath.utf8)
        field(workspace.configDirectory.path.utf8)
        // The configuration as it was read and parsed (not read again: an edit since would be keyed with this output).
        guard workspace.hasConfigurationFile == (workspace.configurationBytes != nil) else { return nil }
        field(workspace.configurationBytes.map { [1] + [UInt8]($0) } ?? [0])
        field(head.hex.utf8)
        field(objects)
        withUnsafeBytes(of: UInt64(files.count).littleEndian) { m += $0 }
        for f in files {
            field(f.path.utf8)
            switch f.content {
            case .bytes(let data): m.append(0); field(data)
            case .symlinkOutside(let target): m.append(1); field(target.utf8)
            case .tooLarge(let size): m.append(2); field(String(size).utf8)
            case .unreadable(let reason): m.append(3); field(reason.utf8)
            }
        }
        key = SHA256.hex(m)
        guard key.count == 64 else { return nil }
        location = Self.location(in: repository, format: format)
    }

    static func location(in repository: Repository, format: HistoryCommand.Format) -> URL {
        repository.gitdir.appendingPathComponent("isms/history-result-\(format.rawValue).memo")
    }

    /// Whether an output is kept at all (none: the documents are not listed up front, only to be digested).
    static func isKept(in repository: Repository, format: HistoryCommand.Format) -> Bool {
        FileManager.default.fileExists(atPath: location(in: repository, format: format).path)
    }

    /// The revisions named as `change_control.since` in `history` (at HEAD and in every configuration version), each
    /// as it resolves now ("" for none).
    static func sinceRevisions(_ history: ChangeHistory, _ configuration: Configuration, in repository: Repository) -> [(String, String)] {
        var names = Set<String>()
        if let s = configuration.changeControl.since { names.insert(s) }
        for c in history.commits { if let s = c.configurationChange?.after?.changeControl.since { names.insert(s) } }
        return names.filter { Day($0) == nil }.sorted().map { ($0, (try? repository.resolveCommit($0))?.hex ?? "") }
    }

    /// The output kept for these inputs, or nil.
    func output(in repository: Repository) -> String? {
        // Only a regular file is opened (a named pipe put there would block the read).
        var st = stat()
        guard lstat(location.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
              let data = FileManager.default.contents(atPath: location.path) else { return nil }
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
            let bytes = raw.bindMemory(to: UInt8.self)
            var at = 0
            func take(_ n: Int) -> UnsafeBufferPointer<UInt8>? {
                guard n >= 0, n <= bytes.count - at else { return nil }
                defer { at += n }
                return UnsafeBufferPointer(rebasing: bytes[at..<at + n])
            }
            func count() -> Int? {
                guard let b = take(8) else { return nil }
                let v = b.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                return v > UInt64(bytes.count) ? nil : Int(v)
            }
            func string() -> String? { count().flatMap(take).map { String(decoding: $0, as: UTF8.self) } }
            guard let head = take(Self.magic.count), Array(head) == Self.magic, string() == key, let revisions = count() else { return nil }
            for _ in 0..<revisions {
                guard let name = string(), let resolved = string() else { return nil }
                // A since revision that resolves differently now (a moved tag): the output is not this history's.
                guard ((try? repository.resolveCommit(name))?.hex ?? "") == resolved else { return nil }
            }
            guard let length = count(), let text = take(length), at == bytes.count else { return nil }
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// Keeps `text` as the output for these inputs (replacing the last one), if the repository can be written to.
    func keep(_ text: String, sinceRevisions: [(String, String)]) {
        var out = Self.magic
        Self.append(key.utf8, to: &out)
        withUnsafeBytes(of: UInt64(sinceRevisions.count).littleEndian) { out += $0 }
        for (name, resolved) in sinceRevisions { Self.append(name.utf8, to: &out); Self.append(resolved.utf8, to: &out) }
        var text = text
        withUnsafeBytes(of: UInt64(text.utf8.count).littleEndian) { out += $0 }
        KeptFile.write(location) { put in out.withUnsafeBytes(put) && text.withUTF8 { put(UnsafeRawBufferPointer($0)) } }
    }

    /// `bytes` after their count (8 bytes, little-endian): how the digest's fields and the file's strings are laid out.
    static func append(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { out += $0 }
        out += bytes
    }
}
