import CLibgit2

/// The allocator's free pages given back to the system: a history walk's threads drop their caches when done, and
/// glibc keeps each thread's freed memory resident otherwise (counted in the command's peak until reused).
public enum FreedMemory {
    public static func release() { isms_release_freed_memory() }
}
