import CLibgit2
import Foundation

/// libgit2 must be initialised once per process before any call; every call fails with -1 otherwise.
public enum Libgit2 {
    private static let once: Void = {
        git_libgit2_init()
        _ = isms_git_set_strict_hash_verification(0)
        _ = isms_git_set_cache_object_limit(GIT_OBJECT_TREE, 4 << 20)
        _ = isms_git_set_cache_object_limit(GIT_OBJECT_COMMIT, 64 << 10)
        _ = isms_git_set_cache_max_size(64 << 20)
    }()

    public static func initialise() { _ = once }

    /// Built thread-safe: separate repository handles may then be used on separate threads at once.
    public static var isThreadSafe: Bool {
        initialise()
        return git_libgit2_features() & Int32(GIT_FEATURE_THREADS.rawValue) != 0
    }

    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, rev: Int32 = 0
        git_libgit2_version(&major, &minor, &rev)
        return "\(major).\(minor).\(rev)"
    }
}
