import Foundation
import Testing
import TestSupport

/// link-broken's "did you mean" compares a broken link only with near names (same folder, same file name), so it
/// stays fast on 1,000 documents (Benchmarks/check-broken-links.sh); these cases show it still helps.
@Suite(.serialized) struct BrokenLinkSuggestionTests {
    static func document(_ id: String, _ body: String) -> String {
        """
        ---
        id: \(id)
        type: policy
        title: \(id)
        owner: alice
        approver: carol
        version: "1.0"
        status: draft
        review_every: 12 months
        ---
        # \(id)
        \(body)
        """
    }

    @Test func aBrokenLinkIsOfferedTheNearestDocument() throws {
        let dir = TemporaryFolder("isms-suggest")
        dir.write("policies/ac.md", Self.document("POL-AC", """
        Typo in the name: [JML](../procedures/jm.md).
        Moved to another folder: [backup](../process/backup-restore.md).
        """))
        dir.write("procedures/jml.md", Self.document("PROC-JML", ""))
        dir.write("procedures/backup-restore.md", Self.document("PROC-BR", ""))
        // Many unrelated documents, so a suggestion is a choice and not the only candidate.
        for i in 0..<40 { dir.write("records/record-\(i).md", Self.document("REC-\(i)", "")) }
        let r = try ISMSBinary.run(["lint", dir.path, "--today", "2026-12-01"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("procedures/jm.md in the repository: did you mean '../procedures/jml.md'?"), "\(r.stdout)")
        #expect(r.stdout.contains("process/backup-restore.md in the repository: did you mean '../procedures/backup-restore.md'?"), "\(r.stdout)")
    }
}
