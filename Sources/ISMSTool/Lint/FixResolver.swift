import Foundation
import GitKit
import ISMSModel

/// Resolves the commit ids findings name in `fixed_by` through libgit2: does the commit exist, is it reachable from
/// HEAD, and who wrote it (so a finding is not verified by whoever fixed it).
public enum FixResolver {
    public static func resolve(_ isms: ISMS, repository: Repository, head: ObjectID) -> [String: FixCommit] {
        var out: [String: FixCommit] = [:]
        for doc in isms.documents(.finding) {
            guard let ref = doc.string("fixed_by"), looksLikeCommit(ref), out[ref] == nil else { continue }
            guard let id = try? repository.resolveCommit(ref), let commit = try? repository.commit(id) else {
                out[ref] = FixCommit(exists: false, reachable: false, author: nil, fullID: nil)
                continue
            }
            let a = commit.author
            out[ref] = FixCommit(exists: true, reachable: (try? repository.isAncestor(id, of: head)) ?? false,
                                 author: CommitIdentity(name: a.name, email: a.email, time: a.time, offsetMinutes: a.offsetMinutes), fullID: id.hex)
        }
        return out
    }

    /// 7 to 40 hex digits: a commit id, not a pull-request reference.
    static func looksLikeCommit(_ s: String) -> Bool {
        (7...40).contains(s.count) && s.allSatisfy { $0.isHexDigit }
    }
}
