import CLibgit2
import Foundation

/// libgit2 must be initialised once per process before any call; every call fails with -1 otherwise.
public enum Libgit2 {
    private static let once: Void = {
        git_libgit2_init()
    }()

    public static func initialise() { _ = once }

    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, rev: Int32 = 0
        git_libgit2_version(&major, &minor, &rev)
        return "\(major).\(minor).\(rev)"
    }
}
