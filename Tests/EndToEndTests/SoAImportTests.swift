import Foundation
import Testing
import TestSupport

/// `isms soa --import`: the applicability decisions of the usual spreadsheet, written into the control documents in
/// one step — the SoA's own CSV export round-trips.
@Suite(.serialized) struct SoAImportTests {
    /// The CSV rows (RFC 4180, as Python's csv module reads them) of a text.
    static func rows(_ csv: String) throws -> [[String]] {
        let r = try runProcess("/usr/bin/env", ["python3", "-c", "import csv,json,sys; print(json.dumps(list(csv.reader(sys.stdin))))"], stdin: csv)
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String]])
    }

    static func csv(_ rows: [[String]]) throws -> String {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)
        return try runProcess("/usr/bin/env", ["python3", "-c", "import csv,json,sys; w=csv.writer(sys.stdout); [w.writerow(r) for r in json.load(sys.stdin)]"], stdin: json).stdout
    }

    @Test func theExportedSpreadsheetEditedAndImportedDecidesTheControls() throws {
        let dir = TemporaryFolder("soa-import")
        #expect(try ISMSBinary.run(["init", ".", "--quiet", "--organisation", "Acme"], in: dir.url).status == 0)
        let undecidedBefore = try ISMSBinary.run(["lint", "--format", "json", "--no-history"], in: dir.url).stdout.components(separatedBy: "\"applicability-undecided\"").count - 1
        #expect(undecidedBefore == 93)

        var rows = try Self.rows(try ISMSBinary.run(["soa", "--format", "csv"], in: dir.url).stdout)
        let header = rows[0]
        let (id, applicable, justification, implementation) = (header.firstIndex(of: "id")!, header.firstIndex(of: "applicable")!, header.firstIndex(of: "justification")!, header.firstIndex(of: "implementation")!)
        for i in rows.indices.dropFirst() {
            switch rows[i][id] {
            case "5.15": rows[i][applicable] = "yes"; rows[i][justification] = "Treats R-001: access by role, \"least privilege\"."; rows[i][implementation] = "implemented"
            case "7.4": rows[i][applicable] = "no"; rows[i][justification] = "No premises: we work remotely, hosting is in AWS."
            case "8.8": rows[i][applicable] = "Yes"; rows[i][justification] = "=Treats R-007 (unpatched software)"; rows[i][implementation] = "not implemented"
            default: break   // undecided rows stay undecided
            }
        }
        let file = dir.write("soa-decisions.csv", try Self.csv(rows))
        let r = try ISMSBinary.run(["soa", "--import", file.path], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("updated 3 control documents"), "\(r.stdout)")
        let c515 = try #require(dir.read("controls/5.15.md"))
        #expect(c515.contains("applicable: true\n") && c515.contains("implementation: implemented"), "\(c515)")
        #expect(c515.contains(#"justification: "Treats R-001: access by role, \"least privilege\".""#), "\(c515)")
        #expect(dir.read("controls/7.4.md")?.contains("applicable: false") == true)
        #expect(dir.read("controls/8.8.md")?.contains("implementation: not-implemented") == true)

        let after = try ISMSBinary.run(["lint", "--format", "json", "--no-history"], in: dir.url)
        #expect(after.stdout.components(separatedBy: "\"applicability-undecided\"").count - 1 == 90, "three decided")
        for control in ["5.15", "7.4", "8.8"] {
            #expect(!after.stdout.contains("\"controls/\(control).md\", \"line\": 1, \"column\": 1, \"message\": \"front"), "\(control) still parses")
        }
        // Round trip: the export now says what was imported, and importing it again changes nothing.
        let again = try Self.rows(try ISMSBinary.run(["soa", "--format", "csv"], in: dir.url).stdout)
        let row515 = try #require(again.first { $0[id] == "5.15" })
        #expect(row515[applicable] == "yes" && row515[justification] == "Treats R-001: access by role, \"least privilege\".")
        let row88 = try #require(again.first { $0[id] == "8.8" })
        #expect(row88[justification] == "'=Treats R-007 (unpatched software)", "the export defuses it")
        let exported = dir.write("soa-again.csv", try ISMSBinary.run(["soa", "--format", "csv"], in: dir.url).stdout)
        let noop = try ISMSBinary.run(["soa", "--import", exported.path], in: dir.url)
        #expect(noop.status == 0 && noop.stdout.hasPrefix("nothing to change"), "\(noop.stdout)\(noop.stderr)")
    }

    @Test func problemsAreNamedByLineAndNothingIsWritten() throws {
        let dir = TemporaryFolder("soa-import-bad")
        #expect(try ISMSBinary.run(["init", ".", "--quiet"], in: dir.url).status == 0)
        let file = dir.write("decisions.csv", "control,applicable,justification,implementation\n5.15,yes,Treats R-001.,implemented\n9.99,yes,x,\n8.8,perhaps,,\n5.1,yes,,done\n5.15,no,,\n")
        let before = dir.snapshot()
        let r = try ISMSBinary.run(["soa", "--import", file.path], in: dir.url)
        #expect(r.status == 2)
        for needle in ["decisions.csv:3: no control document with id '9.99'", "decisions.csv:4: applicable 'perhaps'", "decisions.csv:5: implementation 'done'", "decisions.csv:6: control 5.15 again"] {
            #expect(r.stderr.contains(needle), "\(needle): \(r.stderr)")
        }
        #expect(dir.snapshot() == before, "nothing is written when any line is wrong")
        let noID = dir.write("no-id.csv", "name,applicable\nx,yes\n")
        #expect(try ISMSBinary.run(["soa", "--import", noID.path], in: dir.url).status == 2)
    }
}
