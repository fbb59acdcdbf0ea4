import CLibgit2
import Foundation

/// A failure reported by libgit2, with the plain-language reason a user can act on.
public struct GitError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        case notARepository
        case ownedByAnotherUser
        case emptyRepository
        case shallow
        case objectMissing
        /// A damaged object in the object database (`git fsck` lists them).
        case objectCorrupt
        case notFound
        case other
    }

    public let kind: Kind
    public let code: Int32
    public let message: String

    public init(kind: Kind, code: Int32 = -1, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// Reads `git_error_last()` on the calling thread: call straight after the failing libgit2 call.
    static func last(code: Int32, context: String) -> GitError {
        var detail = "unknown error"
        if let err = git_error_last(), let msg = err.pointee.message {
            detail = String(cString: msg)
        }
        // A damaged object met on the way is the whole story, whatever libgit2 made of it; the operation adds nothing.
        if let corrupt = CorruptObjectReport.peek() {
            return GitError(kind: .objectCorrupt, code: code, message: corrupt)
        }
        let kind: Kind
        switch code {
        case GIT_EOWNER.rawValue: kind = .ownedByAnotherUser
        case GIT_ENOTFOUND.rawValue: kind = .notFound
        default: kind = .other
        }
        return GitError(kind: kind, code: code, message: "\(context): \(detail)")
    }
}

/// Where the loose-object guard (loose_guard.h) writes about a damaged object, for the next error to report. A command
/// that passed over a failed read (a lookup that may fail) asks here before it reports: a damaged object makes its
/// result untrustworthy (exit 2), never a finding such as "no such commit".
public enum CorruptObjectReport {
    private static let lock = NSLock()
    nonisolated(unsafe) static let buffer: UnsafeMutablePointer<CChar> = {
        let b = UnsafeMutablePointer<CChar>.allocate(capacity: Int(ISMS_CORRUPT_MESSAGE_SIZE))
        b.initialize(repeating: 0, count: Int(ISMS_CORRUPT_MESSAGE_SIZE))
        return b
    }()

    /// The message, kept: a read that failed and was passed over still leaves the run untrustworthy.
    static func peek() -> String? {
        lock.lock(); defer { lock.unlock() }
        return buffer[0] != 0 ? String(cString: buffer) : nil
    }

    /// The message as it stands, to put back with `restore` (reads made on several threads, then made again one by
    /// one: the report must be the one the serial reads leave).
    public static func saved() -> String? { peek() }

    public static func restore(_ message: String?) {
        lock.lock(); defer { lock.unlock() }
        let bytes = Array((message ?? "").utf8.prefix(Int(ISMS_CORRUPT_MESSAGE_SIZE) - 1))
        for (i, b) in bytes.enumerated() { buffer[i] = CChar(bitPattern: b) }
        buffer[bytes.count] = 0
    }

    /// The message, once (what a command asks before it reports).
    public static func take() -> String? {
        lock.lock(); defer { lock.unlock() }
        guard buffer[0] != 0 else { return nil }
        let message = String(cString: buffer)
        buffer[0] = 0
        return message
    }
}

/// Every libgit2 return code goes through here, so no failure is ignored.
@inline(__always)
func check(_ code: Int32, _ context: @autoclosure () -> String) throws {
    if code < 0 { throw GitError.last(code: code, context: context()) }
}
