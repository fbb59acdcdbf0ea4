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
/// in the folder), documents whose file name is one typo away (found through an index of the names with one
/// character deleted, so the cost does not grow with the number of documents), and the documents of a small folder.
struct NearPaths {
    private var byFolder: [Substring: [String]] = [:]
    private var byName: [String: [String]] = [:]
    private var byDeletion: [[UInt8]: [String]] = [:]   // a name with one byte deleted → the paths of that name
    static let smallFolder = 50
    /// Comparisons with a whole small folder, per document: a document of 20,000 broken links must not pay 20,000
    /// times. Per document, not per run, so a document's findings do not depend on the documents linted before it
    /// (the pre-commit hook lints only the staged ones and must say what a full lint says).
    static let folderBudget = 5_000

    init(_ paths: [String]) {
        for p in paths {
            byFolder[Self.folder(p), default: []].append(p)
            let name = Self.name(p)
            byName[name, default: []].append(p)
            for variant in Self.deletions(name) { byDeletion[variant, default: []].append(p) }
        }
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

    func suggestion(for path: String, excluding source: String, budget folderBudget: inout Int) -> String? {
        let name = Self.name(path)
        let sameName = (byName[name] ?? []).filter { $0 != source }
        if sameName.count == 1 { return sameName[0] }
        var candidates = Set(sameName)
        for variant in Self.deletions(name) { candidates.formUnion(byDeletion[variant] ?? []) }
        if let folder = byFolder[Self.folder(path)], folder.count <= Self.smallFolder, folderBudget >= folder.count {
            folderBudget -= folder.count
            candidates.formUnion(folder)
        }
        candidates.remove(source)
        return ReferenceRuleSupport.closest(to: path, in: candidates)
    }
}
