import Foundation
import GitKit
import ISMSModel

/// Change records per commit, kept under the git directory so a second run only analyses new commits.
/// Keyed by commit ids (immutable), so it is never stale after a rebase or an amend: new commits are new keys.
/// Safe to delete at any time. Written atomically; any unreadable cache is ignored.
struct HistoryCache {
    static let format = "isms-history-cache 1"

    var parents: [String: [String]] = [:]
    var commits: [String: CachedCommit] = [:]

    static func url(_ repository: Repository, root: String, ignore: [String]) -> URL {
        // One file per documents root and ignore list: both decide which paths count.
        let key = DocumentFacts.substanceHash(root + "\n" + ignore.joined(separator: "\n"), excluding: [])
        return repository.gitdir.appendingPathComponent("isms/history-\(String(key, radix: 16)).cache")
    }

    static func load(repository: Repository, root: String, ignore: [String] = ["README.md", "**/README.md"]) -> HistoryCache? {
        guard let data = FileManager.default.contents(atPath: url(repository, root: root, ignore: ignore).path),
              let text = String(data: data, encoding: .utf8) else { return nil }
        var cache = HistoryCache()
        var current: String?
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        guard lines.next().map(String.init) == format else { return nil }
        while let line = lines.next() {
            guard let tag = line.first else { continue }
            let fields = line.dropFirst(2).split(separator: "\t", omittingEmptySubsequences: false).map { unescape($0) }
            switch tag {
            case "P":
                guard fields.count == 2 else { return nil }
                cache.parents[fields[0]] = fields[1].isEmpty ? [] : fields[1].split(separator: ",").map(String.init)
            case "A":
                guard fields.count == 10, let at = Int64(fields[3]), let ao = Int32(fields[4]), let ct = Int64(fields[7]), let co = Int32(fields[8]) else { return nil }
                current = fields[0]
                cache.commits[fields[0]] = CachedCommit(
                    author: CommitIdentity(name: fields[1], email: fields[2], time: at, offsetMinutes: ao),
                    committer: CommitIdentity(name: fields[5], email: fields[6], time: ct, offsetMinutes: co),
                    subject: fields[9], trailers: [], changes: [])
            case "T":
                guard let c = current, fields.count == 2 else { return nil }
                cache.commits[c]?.trailers.append((fields[0], fields[1]))
            case "D":
                guard let c = current, fields.count == 5, let kind = DocumentChange.Kind(rawValue: fields[0]) else { return nil }
                cache.commits[c]?.changes.append(DocumentChange(kind: kind, path: fields[1], oldPath: fields[2].isEmpty ? nil : fields[2],
                                                               before: decodeFacts(fields[3]), after: decodeFacts(fields[4])))
            default:
                return nil
            }
        }
        return cache
    }

    static func save(repository: Repository, root: String, ignore: [String] = ["README.md", "**/README.md"], head: ObjectID, graph: CommitGraph, previous: HistoryCache?, fresh: [String: CachedCommit]) {
        var out = format + "\n"
        out.reserveCapacity(graph.nodes.count * 200)
        for node in graph.nodes {
            let hex = node.id.hex
            out += "P \(hex)\t\(node.isBoundary ? "" : node.parents.map(\.hex).joined(separator: ","))\n"
        }
        for node in graph.nodes where !node.isBoundary {
            let hex = node.id.hex
            guard let c = fresh[hex] ?? previous?.commits[hex] else { continue }
            let a = c.author, m = c.committer
            out += "A " + [hex, a.name, a.email, String(a.time), String(a.offsetMinutes), m.name, m.email, String(m.time), String(m.offsetMinutes), c.subject].map(escape).joined(separator: "\t") + "\n"
            for t in c.trailers { out += "T " + escape(t.key) + "\t" + escape(t.value) + "\n" }
            for d in c.changes {
                out += "D " + [d.kind.rawValue, d.path, d.oldPath ?? "", encodeFacts(d.before), encodeFacts(d.after)].map(escape).joined(separator: "\t") + "\n"
            }
        }
        let target = url(repository, root: root, ignore: ignore)
        let dir = target.deletingLastPathComponent()
        // The cache is an optimisation: a repository we may not write to (read-only, another user's) just goes without.
        guard (try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)) != nil else { return }
        let temp = dir.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
        guard FileManager.default.createFile(atPath: temp.path, contents: Data(out.utf8)) else { return }
        if rename(temp.path, target.path) != 0 { try? FileManager.default.removeItem(at: temp) }
    }

    static let unit = "\u{1F}"

    static func encodeFacts(_ f: DocumentFacts?) -> String {
        guard let f else { return "" }
        let lines = f.lines.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return ["F", f.id ?? "\u{0}", f.type ?? "\u{0}", f.title ?? "\u{0}", f.owner ?? "\u{0}", f.approver ?? "\u{0}", f.version ?? "\u{0}",
                f.status ?? "\u{0}", f.effective ?? "\u{0}", f.lastReviewed ?? "\u{0}", lines, String(f.substance), f.unreadable ? "1" : "0"]
            .joined(separator: unit)
    }

    static func decodeFacts(_ s: String) -> DocumentFacts? {
        let p = s.components(separatedBy: unit)
        guard p.count == 13, p[0] == "F" else { return nil }
        func v(_ i: Int) -> String? { p[i] == "\u{0}" ? nil : p[i] }
        var f = DocumentFacts()
        f.id = v(1); f.type = v(2); f.title = v(3); f.owner = v(4); f.approver = v(5); f.version = v(6)
        f.status = v(7); f.effective = v(8); f.lastReviewed = v(9)
        for pair in p[10].split(separator: ",") {
            let kv = pair.split(separator: "=")
            if kv.count == 2, let n = Int(kv[1]) { f.lines[String(kv[0])] = n }
        }
        f.substance = UInt64(p[11]) ?? 0
        f.unreadable = p[12] == "1"
        return f
    }

    static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return s }
        return s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    static func unescape(_ s: Substring) -> String {
        guard s.contains("\\") else { return String(s) }
        var out = ""
        var escaping = false
        for ch in s {
            if escaping {
                switch ch { case "t": out.append("\t"); case "n": out.append("\n"); case "r": out.append("\r"); default: out.append(ch) }
                escaping = false
            } else if ch == "\\" { escaping = true } else { out.append(ch) }
        }
        return out
    }
}
