import CLibgit2

/// A failure reported by libgit2, with the plain-language reason a user can act on.
public struct GitError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        case notARepository
        case ownedByAnotherUser
        case emptyRepository
        case shallow
        case objectMissing
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
        let kind: Kind
        switch code {
        case GIT_EOWNER.rawValue: kind = .ownedByAnotherUser
        case GIT_ENOTFOUND.rawValue: kind = .notFound
        default: kind = .other
        }
        return GitError(kind: kind, code: code, message: "\(context): \(detail)")
    }
}

/// Every libgit2 return code goes through here, so no failure is ignored.
@inline(__always)
func check(_ code: Int32, _ context: @autoclosure () -> String) throws {
    if code < 0 { throw GitError.last(code: code, context: context()) }
}
