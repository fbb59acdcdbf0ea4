import ISMSModel

struct CommitSignatureRule: Rule {
    static let description = RuleDescription(
        id: "commit-signature", name: "Change to a controlled document without a good signature", family: .changeControl, severity: .error,
        rationale: "Author and committer names in git are self-asserted. With --verify-signatures and an allowed-signers file, every commit that changes a controlled document must carry a good SSH signature by its committer, and a merge counts as an approval only when the merge itself is signed.",
        triggering: [], nonTriggering: [])

    func check(_ context: RuleContext) -> [Finding] {
        ChangeAssessment.all(context).compactMap { a in
            guard a.needsApproval else { return nil }
            let message: String
            switch a.commit.signature {
            case .notChecked, .good: return nil
            case .unsigned: message = "commit \(a.commit.shortID) \(a.commitPhrase) \(a.whatChanged) but is not signed: sign commits (git config commit.gpgsign true, gpg.format ssh)"
            case .bad(let why): message = "commit \(a.commit.shortID) \(a.commitPhrase) \(a.whatChanged) but its signature does not verify against the allowed signers: \(why)"
            }
            var f = finding(a.path, SourcePosition(line: a.line("version"), column: 1), message)
            f.commit = a.commit.shortID
            return f
        }
    }
}
