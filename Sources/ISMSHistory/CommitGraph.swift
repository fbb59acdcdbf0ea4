import Foundation
import GitKit
import ISMSModel

/// The commits reachable from a head, children before parents, read once. A shallow clone's boundary commits are
/// marked: their parents are not here, and what they changed cannot be known.
struct CommitGraph {
    struct Node {
        let id: ObjectID
        let parents: [ObjectID]
        let isBoundary: Bool
    }

    var nodes: [Node] = []
    var boundary: [ObjectID] = []
    private var position: [ObjectID: Int] = [:]

    func contains(_ id: ObjectID) -> Bool { position[id] != nil }
    func index(_ id: ObjectID) -> Int? { position[id] }
    func node(_ id: ObjectID) -> Node? { position[id].map { nodes[$0] } }

    /// Every commit reachable from `start` within the graph (including it), as hex ids.
    func ancestors(of start: ObjectID) -> Set<String> {
        var seen: Set<ObjectID> = []
        var stack = [start]
        while let id = stack.popLast() {
            guard seen.insert(id).inserted, let n = node(id) else { continue }
            stack.append(contentsOf: n.parents)
        }
        return Set(seen.map(\.hex))
    }

    static func walk(_ repository: Repository, from head: ObjectID, excluding: [ObjectID], cache: HistoryCache?) throws -> CommitGraph {
        let shallow = repository.shallowBoundary
        var parentsOf: [ObjectID: [ObjectID]] = [:]
        func parents(_ id: ObjectID) throws -> [ObjectID] {
            if let known = parentsOf[id] { return known }
            let p: [ObjectID]
            if let cached = cache?.parents[id] {
                p = cached
            } else {
                p = try repository.parentIDs(ofCommit: id)
            }
            parentsOf[id] = p
            return p
        }

        // Commits reachable from an excluded revision (a pull request's base) are not walked.
        var hidden: Set<ObjectID> = []
        var stack = excluding
        while let id = stack.popLast() {
            guard hidden.insert(id).inserted, !shallow.contains(id) else { continue }
            stack.append(contentsOf: try parents(id))
        }

        // Iterative depth-first search; reversed post-order puts every commit before its parents.
        var graph = CommitGraph()
        var postorder: [Node] = []
        var state: [ObjectID: Bool] = [:]   // false: on the stack, true: done
        var work: [(ObjectID, Int)] = []
        if !hidden.contains(head) { work.append((head, 0)); state[head] = false }
        while let (id, next) = work.last {
            let isBoundary = shallow.contains(id)
            let ps = isBoundary ? [] : try parents(id)
            if next < ps.count {
                work[work.count - 1].1 += 1
                let p = ps[next]
                if state[p] == nil, !hidden.contains(p) {
                    state[p] = false
                    work.append((p, 0))
                }
                continue
            }
            work.removeLast()
            state[id] = true
            postorder.append(Node(id: id, parents: ps, isBoundary: isBoundary))
            if isBoundary { graph.boundary.append(id) }
        }
        graph.nodes = postorder.reversed()
        for (i, n) in graph.nodes.enumerated() { graph.position[n.id] = i }
        return graph
    }
}
