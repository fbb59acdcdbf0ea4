import ISMSModel

struct FindingVerificationNotIndependentRule: Rule {
    static let description = RuleDescription(
        id: "finding-verification-not-independent", name: "Corrective action verified by its owner or its author", family: .findings, severity: .error,
        rationale: "Clause 10.2 d: the effectiveness of each corrective action is reviewed. A review by the person accountable for the action (the finding's owner) or by whoever wrote the fix (the author of the fixed_by commit, by any of their e-mail addresses) is a self-assessment, not a check; ISO 19011's independence principle applies to follow-up as much as to the audit. Someone else — the auditor, or a peer from another team — verifies it.",
        triggering: [
            RuleExample(FindingRules.example(FindingRules.exampleFinding(FindingRules.verified + "\nverified_by: ↓bob\nverified_on: 2026-05-25"))),
            RuleExample(["audits/AUD-2026-1.md": FindingRules.exampleAudit], then: [
                ExampleCommit(author: "42+bob@users.noreply.github.com", date: "2026-04-20", message: "Remove CRM access in the offboarding script",
                              files: ["scripts/offboard.sh": "#!/bin/sh\ncrm-admin disable \"$1\"\n"]),
                ExampleCommit(author: "alice", date: "2026-05-25", message: "F-2026-03 verified",
                              files: ["findings/F-2026-03.md": FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: \"{{commit:1}}\"\nverified_by: ↓bob\nverified_on: 2026-05-25", owner: "alice")]),
            ], note: "bob wrote the fix, under his GitHub noreply address, and verified it himself"),
        ],
        nonTriggering: [
            RuleExample(FindingRules.example(FindingRules.exampleFinding(FindingRules.verified + "\nverified_by: dave\nverified_on: 2026-05-25"))),
            RuleExample(["audits/AUD-2026-1.md": FindingRules.exampleAudit], then: [
                ExampleCommit(author: "bob", date: "2026-04-20", message: "Remove CRM access in the offboarding script",
                              files: ["scripts/offboard.sh": "#!/bin/sh\ncrm-admin disable \"$1\"\n"]),
                ExampleCommit(author: "alice", date: "2026-05-25", message: "F-2026-03 verified",
                              files: ["findings/F-2026-03.md": FindingRules.exampleFinding(FindingRules.verified + "\nfixed_by: \"{{commit:1}}\"\nverified_by: dave\nverified_on: 2026-05-25", owner: "alice")]),
            ], note: "bob wrote the fix, dave verified it"),
        ])

    func check(_ context: RuleContext) -> [Finding] {
        let people = context.isms.people
        return context.isms.documents(.finding).compactMap { doc in
            guard let verifier = doc.string("verified_by") else { return nil }
            var who: [String] = []
            if doc.owner == verifier { who.append("owns the finding") }
            if let ref = doc.string("fixed_by"), let fix = context.history?.fixes[ref], let author = fix.author,
               people.person(email: author.email)?.id == verifier {
                who.append("wrote the fix (commit \(fix.fullID.map { String($0.prefix(7)) } ?? ref) as \(author.email))")
            }
            guard !who.isEmpty else { return nil }
            let name = doc.id.map { "finding \($0)" } ?? "this finding"
            return finding(doc, doc.valuePosition(of: "verified_by"),
                           "\(name) is verified by \(verifier), who \(who.joined(separator: " and ")): the check that the corrective action worked is made by someone independent of it — the auditor, or a peer outside the team")
        }
    }
}
