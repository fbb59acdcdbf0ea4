import Foundation
import GitKit
import ISMSModel

/// Parsed documents by git blob id, kept under the git directory (`.git/isms/documents.cache`, never in the working
/// tree) so `check --staged` — the pre-commit hook — parses only what changed since its last run: at 1,000 documents,
/// parsing every one was two fifths of the hook. Keyed by blob ids (content), so an entry is never stale: changed
/// content is a new key. Tied to the isms build that wrote it (a new parser may read the same bytes differently).
/// Safe to delete at any time. Written atomically; a file that fails its checksum or cannot be read is ignored whole,
/// never trusted in part.
public final class ParseCache: @unchecked Sendable {
    static let magic = Array("ISMSPC01".utf8)
    static let blobLength = 40

    let url: URL
    private let file: Data
    private var entries: [String: Range<Int>] = [:]
    private let lock = NSLock()
    /// Every blob this run asked for, with its bytes when it was parsed now (nil: it came from the file).
    private var seen: [String: [UInt8]?] = [:]
    /// Whether the file read had no entry for some blob: then it is rewritten.
    private var missed = false

    public init(_ repository: Repository) {
        url = repository.gitdir.appendingPathComponent("isms/documents.cache")
        file = FileManager.default.contents(atPath: url.path) ?? Data()
        entries = file.withUnsafeBytes { raw in (try? Self.read(raw.bindMemory(to: UInt8.self))) ?? [:] }
    }

    /// The build of isms that writes and reads the file: its version and the linker's build id (`ProgramBuild`, as the
    /// history cache): the executable's size and time, used before, are the same for another build of the same size
    /// copied with its time kept, and differ for the same build installed afresh. Then the shared libraries it reads
    /// with (libgit2, zlib, cmark-gfm): the system's, which an upgrade changes under the same build.
    static let build: [UInt8] = Array("\(ToolInfo.version)|".utf8) + Array(ProgramBuild.identity.map { String(format: "%02x", $0) }.joined().utf8)
        + Array("|\(ProgramBuild.linkedLibraries); \(MarkdownBody.parserVersion)".utf8)

    /// The document of `file`, from the cache when its blob is there; parsed (and remembered) otherwise.
    public func document(_ source: SourceFile) -> Document {
        guard let blob = source.blob, blob.utf8.count == Self.blobLength, case .bytes = source.content else { return Document.load(source) }
        if let range = entries[blob] {
            let cached = file.withUnsafeBytes { raw in
                try? DocumentCodec.decode(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[range]), path: source.path)
            }
            if let cached {
                lock.lock(); if seen[blob] == nil { seen[blob] = .some(nil) }; lock.unlock()
                return cached
            }
        }
        let doc = Document.load(source)
        let bytes = DocumentCodec.encode(doc)
        lock.lock()
        missed = true
        if let bytes { seen[blob] = .some(bytes) }
        lock.unlock()
        return doc
    }

    /// Writes the documents of this run (only those: blobs no longer in the index drop out) when something was parsed.
    public func save() {
        lock.lock(); defer { lock.unlock() }
        guard missed else { return }
        var body: [UInt8] = Self.magic
        Self.append(UInt32(Self.build.count), to: &body)
        body += Self.build
        var count: UInt32 = 0
        var records: [UInt8] = []
        for (blob, fresh) in seen.sorted(by: { $0.key < $1.key }) {
            let payload: [UInt8]
            if let fresh { payload = fresh } else if let range = entries[blob] { payload = file.withUnsafeBytes { [UInt8]($0[range]) } } else { continue }
            guard payload.count < Int(UInt32.max) else { continue }
            records += Array(blob.utf8)
            Self.append(UInt32(payload.count), to: &records)
            records += payload
            count += 1
        }
        Self.append(count, to: &body)
        body += records
        let sum = body.withUnsafeBufferPointer { Self.checksum($0) }
        for i in 0..<8 { body.append(UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i)))) }

        KeptFile.write(url) { put in body.withUnsafeBytes(put) }
    }

    struct Corrupt: Error {}

    /// The entries of a cache file: blob → where its payload lies. Throws on anything unexpected.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [String: Range<Int>] {
        guard bytes.count >= magic.count + 8 + 8, bytes.prefix(magic.count).elementsEqual(magic) else { throw Corrupt() }
        let end = bytes.count - 8
        var stored: UInt64 = 0
        for i in 0..<8 { stored |= UInt64(bytes[end + i]) << (8 * UInt64(i)) }
        guard checksum(UnsafeBufferPointer(rebasing: bytes[..<end])) == stored else { throw Corrupt() }
        var at = magic.count
        func u32() throws -> Int {
            guard at + 4 <= end else { throw Corrupt() }
            defer { at += 4 }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
        }
        let buildLength = try u32()
        guard at + buildLength <= end, bytes[at..<(at + buildLength)].elementsEqual(build) else { throw Corrupt() }
        at += buildLength
        let count = try u32()
        var out: [String: Range<Int>] = [:]
        out.reserveCapacity(min(count, end / 44))
        for _ in 0..<count {
            guard at + blobLength <= end else { throw Corrupt() }
            let blob = String(decoding: UnsafeBufferPointer(rebasing: bytes[at..<(at + blobLength)]), as: UTF8.self)
            at += blobLength
            let length = try u32()
            guard at + length <= end else { throw Corrupt() }
            out[blob] = at..<(at + length)
            at += length
        }
        guard at == end else { throw Corrupt() }
        return out
    }

    static func append(_ v: UInt32, to bytes: inout [UInt8]) {
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
    }

    /// A fast 64-bit checksum (eight bytes at a time): it detects a damaged file, it does not authenticate one.
    static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        let raw = UnsafeRawBufferPointer(bytes)
        var i = 0
        while i + 8 <= raw.count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = ((h << 5) | (h >> 59)) ^ w
            h = h &* 0x9E37_79B9_7F4A_7C15
            i += 8
        }
        while i < raw.count {
            h = (h ^ UInt64(raw[i])) &* 0x0000_0100_0000_01B3
            i += 1
        }
        return h ^ (h >> 29)
    }
}
