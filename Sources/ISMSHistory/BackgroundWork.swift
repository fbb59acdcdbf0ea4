import Foundation

/// Work started on its own thread, to overlap a phase that does not depend on it (the machine's second core).
/// Whoever starts it waits for it (`wait()`) before using its result or anything it writes: there is no other join.
public final class BackgroundWork<Value>: @unchecked Sendable {
    private let done = DispatchGroup()
    // Written once by the worker before `done` is left; read only after waiting on `done`.
    private var result: Result<Value, Error>?
    // Dropped by the worker once run, with all it captured: what the work needed is freed as soon as it is done,
    // not when the last reference to this goes.
    private var work: (() throws -> Value)?

    public init(_ work: @escaping () throws -> Value) {
        self.work = work
        done.enter()
        // Its own thread, not the dispatch pool: the phases it overlaps spread their own work over the pool.
        let thread = Thread { [self] in
            do {
                let run = self.work!
                self.work = nil
                result = Result { try run() }
            }
            done.leave()
        }
        // As deep as the main thread's: the work may parse documents.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Blocks until the work has finished; its value, or the error it threw. May be called more than once.
    @discardableResult
    public func wait() throws -> Value {
        done.wait()
        return try result!.get()
    }
}

extension BackgroundWork where Value == Void {
    /// Waits for work that cannot fail.
    public func join() { done.wait() }
}
