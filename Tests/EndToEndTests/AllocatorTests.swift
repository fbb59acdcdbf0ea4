import Foundation
import Testing
import TestSupport

/// The binary allocates with jemalloc and one arena (`Sources/Allocator`): the arena count is what keeps a cold
/// history walk's peak memory within its budget, so it is checked in the binary as built, not assumed.
@Suite struct AllocatorTests {
    #if os(Linux)
    @Test func theBinaryAllocatesWithJemallocInOneArena() throws {
        // jemalloc prints its options at exit when asked to; glibc's allocator ignores the variable.
        let run = try ISMSBinary.run(["rules"], environment: ["MALLOC_CONF": "stats_print:true"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("jemalloc statistics"), "not allocating with jemalloc")
        #expect(run.stderr.contains("opt.narenas: 1\n"), "\(run.stderr.prefix(600))")
    }
    #endif
}
