import ISMSModel

struct FileUnreadableRule: DocumentProblemRule {
    static let kinds: [DocumentProblem.Kind] = [.unreadable, .tooLarge]
    static let description = RuleDescription(
        id: "file-unreadable", name: "File cannot be read as text", family: .parsing, severity: .error,
        rationale: "A document nobody can read is not available for use (7.5.3 a). Binary content, text that is not UTF-8 and files over 1 MiB are reported, not guessed at.",
        triggering: [RuleExample("policies/p.md", "---\nid: POL-1\n↓\u{0}binary\n---\n")],
        nonTriggering: [RuleExample("policies/p.md", "\u{FEFF}---\r\nid: POL-1\r\ntype: policy\r\n---\r\n# A BOM and CRLF are fine\r\n")])
}

struct SymlinkOutsideRule: DocumentProblemRule {
    static let kinds: [DocumentProblem.Kind] = [.symlinkOutside]
    static let description = RuleDescription(
        id: "symlink-outside", name: "Symbolic link leaves the repository", family: .parsing, severity: .error,
        rationale: "A link out of the repository would let a pull request make the tool read any file on the machine; such links are never followed.",
        triggering: [], nonTriggering: [])
}
