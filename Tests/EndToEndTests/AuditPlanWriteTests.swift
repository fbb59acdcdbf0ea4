import Foundation
import Testing
import TestSupport

/// `isms audit plan --write`: the proposed audits become planned audit records that lint accepts as independent and
/// that the next plan counts as planned.
@Suite(.serialized) struct AuditPlanWriteTests {
    @Test func proposedAuditsAreWrittenOnePerAuditorAndCountAsPlanned() throws {
        let dir = AuditPlanTests.smallCompany()
        try GitCLI.initRepository(dir)
        try GitCLI.commitAll(dir, "ISMS", date: "2026-05-01T10:00:00Z", author: ("Alice Adams", "alice@example.com"))
        let before = try AuditPlanTests.items(try AuditPlanTests.json(try ISMSBinary.run(["audit", "plan", "--format", "json", "--today", "2026-06-01"], in: dir.url)))
        let toPlan = before.filter { $0.value.already.isEmpty && $0.value.auditor != nil }
        #expect(!toPlan.isEmpty)

        let r = try ISMSBinary.run(["audit", "plan", "--write", "--today", "2026-06-01"], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("wrote "), "\(r.stdout)")
        let written = try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent("audits").path).filter { $0.hasPrefix("AUD-2026-06-01-") || $0.range(of: #"^AUD-\d{4}-\d{2}-\d{2}-"#, options: .regularExpression) != nil }
        #expect(!written.isEmpty)
        // Each record has one auditor, and that auditor is the one the plan found independent for every item in it.
        for name in written {
            let text = try #require(dir.read("audits/\(name)"))
            let auditor = try #require(text.components(separatedBy: "auditors: [").dropFirst().first?.components(separatedBy: "]").first)
            #expect(!auditor.contains(","), "\(name): one auditor per record")
        }
        let planned = toPlan.keys.filter { key in
            let id = String(key.split(separator: " ").last!)
            return written.contains { name in
                let text = dir.read("audits/\(name)") ?? ""
                let list = key.hasPrefix("control") ? "controls: [" : "clauses: ["
                guard let line = text.components(separatedBy: list).dropFirst().first?.components(separatedBy: "]").first else { return false }
                let auditor = text.components(separatedBy: "auditors: [").dropFirst().first?.components(separatedBy: "]").first
                return line.components(separatedBy: ", ").contains(id) && auditor == toPlan[key]?.auditor
            }
        }
        #expect(Set(planned) == Set(toPlan.keys), "every item the plan placed is in a record with its auditor: missing \(Set(toPlan.keys).subtracting(planned))")

        // lint finds no independence problem in the new records, and the next plan sees the items as planned.
        let lint = try ISMSBinary.run(["lint", "--format", "json", "--today", "2026-06-01"], in: dir.url)
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [[String: Any]])
        for name in written {
            // Only the advice that planned audits do not count as coverage until held (info).
            let mine = findings.filter { $0["path"] as? String == "audits/\(name)" }
            #expect(mine.allSatisfy { $0["severity"] as? String == "info" && $0["rule"] as? String == "programme-unplanned-coverage" }, "\(name): \(mine)")
        }
        let after = try AuditPlanTests.items(try AuditPlanTests.json(try ISMSBinary.run(["audit", "plan", "--format", "json", "--today", "2026-06-01"], in: dir.url)))
        for key in toPlan.keys { #expect(after[key]?.already.isEmpty == false, "\(key) is now in a planned audit") }

        // A second --write has nothing new to write; over existing records only with --force.
        let again = try ISMSBinary.run(["audit", "plan", "--write", "--today", "2026-06-01"], in: dir.url)
        #expect(again.status == 0 && again.stdout.hasPrefix("nothing to write"), "\(again.stdout)")
    }

    @Test func writingRefusesToOverwrite() throws {
        let dir = AuditPlanTests.smallCompany()
        // A file already where the plan's first record goes (bob's audit of the first period): nothing is written.
        let name = "audits/AUD-2026-06-01-bob.md"
        dir.write(name, "# Notes for bob's audit\n")
        let before = dir.snapshot()
        let refused = try ISMSBinary.run(["audit", "plan", "--write", "--today", "2026-06-01", "--in", dir.path])
        #expect(refused.status == 2, "\(refused.stdout)")
        #expect(refused.stderr.contains("AUD-2026-06-01-bob.md") && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(dir.snapshot() == before, "all files or none")
        let forced = try ISMSBinary.run(["audit", "plan", "--write", "--force", "--today", "2026-06-01", "--in", dir.path])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(dir.read(name)?.contains("type: audit") == true && dir.read(name)?.contains("auditors: [bob]") == true)
    }
}
