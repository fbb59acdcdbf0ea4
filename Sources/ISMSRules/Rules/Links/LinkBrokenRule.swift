import ISMSModel

struct LinkBrokenRule: Rule {
    static let description = RuleDescription(
        id: "link-broken", name: "Link to a file that does not exist", family: .links, severity: .error,
        rationale: "Clause 7.5.3: documented information must be available where and when it is needed. A policy that points to a procedure, template or evidence that is not there leaves the reader — and the auditor — without the referenced requirement.",
        triggering: [
            RuleExample([
                "policies/ac.md": linkExamplePolicy("""
                # Access control
                Joiners follow ↓[the JML procedure](../procedures/jml.md); see also ↓[the standard](access-standard.md).
                """),
                "procedures/jm.md": linkExamplePolicy("# JML").replacingOccurrences(of: "POL-AC", with: "PROC-JML"),
                "people.md": RuleExample.people,
            ], note: "a typo in a file name, and a file that was never added"),
            RuleExample("policies/ac.md", linkExamplePolicy("""
            # Access control
            ↓![Access flow](img/access%20flow.png)

            The request form is in ↓[templates](../templates/access-request/).
            """), note: "an image, and a folder"),
            RuleExample("policies/ac.md", linkExamplePolicy("""
            # Access control
            Zugriff für Externe — ↓[Formular](formular.md)
            """), note: "columns count characters, not bytes"),
        ],
        nonTriggering: [
            RuleExample([
                "policies/ac.md": linkExamplePolicy("""
                # Access control
                Joiners follow [the JML procedure](../procedures/jml.md#steps "JML") and [the form](./forms/request%20form.md?plain=1).
                See [the policies](.), [ISO](https://www.iso.org/standard/27001), [mail](mailto:security@example.com) and [the list](#access-control).
                """),
                "policies/forms/request form.md": "Form",
                "procedures/jml.md": linkExamplePolicy("# Steps").replacingOccurrences(of: "POL-AC", with: "PROC-JML"),
                "people.md": RuleExample.people,
            ]),
            RuleExample("policies/ac.md", linkExamplePolicy("""
            # Access control
            See [the wiki](../../wiki/access.md).
            """), note: "a link that leaves the repository is link-outside-repository's finding"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        guard let source = context.isms.source else { return [] }
        var out: [Finding] = []
        var index: NearPaths?   // built at the first broken link, once per run
        for (doc, links) in LinkTarget.resolvedLinks(context) {
            var budget = NearPaths.folderBudget
            for (link, resolved) in links {
                guard case .file(let path, _) = resolved, !path.isEmpty,
                      !source.exists(path) else { continue }
                var message = "\(LinkRuleSupport.noun(link)) '\(link.destination)' is broken: there is no file or folder \(path) in the repository"
                if index == nil { index = NearPaths(context.isms.documents.map(\.path)) }
                if let match = index?.suggestion(for: path, excluding: doc.path, budget: &budget) {
                    message += ": did you mean '\(LinkRuleSupport.relative(match, from: doc.path))'?"
                } else {
                    message += ": correct the path, add the file, or remove the link"
                }
                out.append(finding(doc, link.position, message))
            }
        }
        return out
    }
}

/// "Did you mean" for a broken link, bounded: comparing every broken link with every path took 38 s on a repository
/// of 1,000 documents. Only near names are compared: documents of the same file name anywhere (a moved file, a typo
/// in the folder), documents whose file name is one typo away, and the documents of a small folder. Names one typo
/// away are those sharing a variant with one byte deleted: for the first few broken links they are found by comparing
/// names directly (the pre-commit hook has a handful: building the index was 6% of it at 1,000 documents), after that
/// through an index of the variants, so the cost does not grow with the number of documents. Both find the same names.
struct NearPaths {
    private var byFolder: [Substring: [String]] = [:]
    private var byName: [String: [String]] = [:]
    private var names: [(bytes: [UInt8], paths: [String])] = []
    private var byDeletion: [[UInt8]: [String]]?   // a name with one byte deleted → the paths of that name
    private var lookups = 0
    static let directLookups = 32
    static let smallFolder = 50
    /// Comparisons with a whole small folder, per document: a document of 20,000 broken links must not pay 20,000
    /// times. Per document, not per run, so a document's findings do not depend on the documents linted before it
    /// (the pre-commit hook lints only the staged ones and must say what a full lint says).
    static let folderBudget = 5_000

    init(_ paths: [String]) {
        for p in paths {
            byFolder[Self.folder(p), default: []].append(p)
            byName[Self.name(p), default: []].append(p)
        }
        names = byName.map { (Array($0.key.utf8.prefix(64)), $0.value) }
    }

    /// The paths whose file name shares a one-byte-deleted variant with `name` (or is `name`).
    mutating func typoNeighbours(_ name: String, direct: Bool? = nil) -> Set<String> {
        lookups += 1
        var out: Set<String> = []
        if direct ?? (lookups <= Self.directLookups) {
            let bytes = Array(name.utf8.prefix(64))
            for n in names where Self.oneTypoApart(n.bytes, bytes) { out.formUnion(n.paths) }
            return out
        }
        if byDeletion == nil {
            var index: [[UInt8]: [String]] = [:]
            for (name, paths) in byName { for variant in Self.deletions(name) { index[variant, default: []] += paths } }
            byDeletion = index
        }
        for variant in Self.deletions(name) { out.formUnion(byDeletion?[variant] ?? []) }
        return out
    }

    /// Whether `a` and `b` share a variant with one byte deleted (either may be whole): what the index finds, in O(n).
    static func oneTypoApart(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a.count == b.count {
            guard let p = a.indices.first(where: { a[$0] != b[$0] }) else { return true }
            var s = a.count - 1
            while a[s] == b[s] { s -= 1 }
            // a without p equals b without s (a's bytes p+1...s are b's p..<s), or the other way round.
            return (p..<s).allSatisfy { a[$0 + 1] == b[$0] } || (p..<s).allSatisfy { b[$0 + 1] == a[$0] }
        }
        let (long, short) = a.count > b.count ? (a, b) : (b, a)
        guard long.count == short.count + 1 else { return false }
        var i = 0
        while i < short.count, long[i] == short[i] { i += 1 }
        return long[(i + 1)...].elementsEqual(short[i...])
    }

    static func folder(_ path: String) -> Substring { path.lastIndex(of: "/").map { path[..<$0] } ?? "" }
    static func name(_ path: String) -> String {
        (path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? path[...]).lowercased()
    }

    /// The name's bytes with each one left out, and the name itself (an insertion, deletion, substitution or swap
    /// of neighbours leaves two names sharing one of these). Long names are indexed by their first 64 bytes.
    static func deletions(_ name: String) -> Set<[UInt8]> {
        let bytes = Array(name.utf8.prefix(64))
        var out: Set<[UInt8]> = [bytes]
        out.reserveCapacity(bytes.count + 1)
        for i in bytes.indices { var b = bytes; b.remove(at: i); out.insert(b) }
        return out
    }

    mutating func suggestion(for path: String, excluding source: String, budget folderBudget: inout Int) -> String? {
        let name = Self.name(path)
        let sameName = (byName[name] ?? []).filter { $0 != source }
        if sameName.count == 1 { return sameName[0] }
        var candidates = Set(sameName)
        candidates.formUnion(typoNeighbours(name))
        if let folder = byFolder[Self.folder(path)], folder.count <= Self.smallFolder, folderBudget >= folder.count {
            folderBudget -= folder.count
            candidates.formUnion(folder)
        }
        candidates.remove(source)
        return ReferenceRuleSupport.closest(to: path, in: candidates)
    }
}
