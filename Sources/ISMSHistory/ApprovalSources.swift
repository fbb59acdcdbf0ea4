import Foundation
import GitKit
import ISMSModel

/// Where approvals come from: commit trailers, merges (when configuration says so), and an approvals file exported
/// from the forge by CI. Each approval says which source proved it.
public enum ApprovalSources {
    /// `Approved-by: Name <mail>` (keys from configuration, compared case-insensitively). Only the address identifies.
    static func fromTrailers(_ history: inout ChangeHistory, keys: [String]) {
        let wanted = Set(keys.map { $0.lowercased() })
        // A key of another length is never one of them (lowercasing every trailer's key was most of this).
        let lengths = Set(wanted.map(\.utf8.count))
        for i in history.commits.indices {
            let approvals = history.commits[i].trailers.compactMap { t -> Approval? in
                guard lengths.contains(t.key.utf8.count), wanted.contains(t.key.lowercased()) else { return nil }
                let (name, email) = parseIdentity(t.value)
                return Approval(name: name, email: email, source: .trailer(t.key))
            }
            if !approvals.isEmpty { history.commits[i].approvals.append(contentsOf: approvals) }
        }
    }

    /// "Name <mail>" or a bare address.
    public static func parseIdentity(_ value: String) -> (name: String, email: String) {
        let v = value.trimmed
        // (By bytes when ASCII: "<" and ">" are then characters of their own.)
        let ascii = v.utf8.allSatisfy { $0 < 0x80 }
        let lt = ascii ? v.utf8.lastIndex(of: UInt8(ascii: "<")) : v.lastIndex(of: "<")
        let gt = ascii ? v.utf8.lastIndex(of: UInt8(ascii: ">")) : v.lastIndex(of: ">")
        if let lt, let gt, lt < gt {
            return (String(v[..<lt]).trimmed, String(v[v.index(after: lt)..<gt]).trimmed)
        }
        return (v, v.contains("@") ? v : "")
    }

    /// A merge by someone other than a commit's author approves the commits it brought in (those reachable from the
    /// merged parents but not from the first parent).
    static func fromMerges(_ history: inout ChangeHistory, repository: Repository, graph: CommitGraph) throws {
        var index: [String: Int] = [:]
        for (i, c) in history.commits.enumerated() { index[c.id] = i }
        for node in graph.nodes where node.parents.count > 1 && !node.isBoundary {
            let merge = try repository.commit(node.id)
            let merger = merge.committer
            let walk = try RevWalk(repository: repository)
            for p in node.parents.dropFirst() { try walk.push(p) }
            try walk.hide(node.parents[0])
            while let id = try walk.next() {
                guard let i = index[id.hex] else { continue }
                history.commits[i].approvals.append(Approval(name: merger.name, email: merger.email, source: .merge(node.id.short)))
            }
        }
    }

    /// The approvals file: a JSON array of `{"commit": "<id or prefix>", "approvers": ["mail" | {"name", "email"}],
    /// "reference": "<pull request URL>"}` (docs/approvals.md shows the `gh` and `glab` commands that produce it).
    public static func fromFile(_ history: inout ChangeHistory, data: Data, path: String) throws {
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw ToolFailure("\(path): not valid JSON (\(error.localizedDescription))")
        }
        guard let entries = json as? [[String: Any]] else {
            throw ToolFailure("\(path): expected a JSON array of {\"commit\", \"approvers\", \"reference\"} objects")
        }
        for (n, entry) in entries.enumerated() {
            guard let commit = entry["commit"] as? String, commit.count >= 7, commit.allSatisfy(\.isHexDigit) else {
                throw ToolFailure("\(path): entry \(n + 1) has no \"commit\" id (at least 7 hex digits)")
            }
            guard let approvers = entry["approvers"] as? [Any] else {
                throw ToolFailure("\(path): entry \(n + 1) has no \"approvers\" list")
            }
            let reference = (entry["reference"] as? String) ?? path
            let people: [(String, String)] = try approvers.map { a in
                if let email = a as? String { return ("", email) }
                if let o = a as? [String: Any], let email = o["email"] as? String { return ((o["name"] as? String) ?? "", email) }
                throw ToolFailure("\(path): entry \(n + 1): each approver is an e-mail address or {\"name\", \"email\"}")
            }
            for i in history.commits.indices where history.commits[i].id.hasPrefix(commit.lowercased()) {
                // The forge's record of the pull request stands, even when it lists no approver.
                history.commits[i].forgeRecords.append(reference)
                for (name, email) in people {
                    history.commits[i].approvals.append(Approval(name: name, email: email, source: .approvalsFile(reference)))
                }
            }
        }
    }
}
