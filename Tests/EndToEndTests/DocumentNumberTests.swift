import Foundation
import Testing
import TestSupport

/// Numbers at the edges, in a copy of the example ISMS, through the built binary: each used to crash (SIGILL, exit 132)
/// and is now a finding that states the allowed range (exit 1), or a configuration error (exit 2) for isms.yml.
@Suite(.serialized) struct DocumentNumberTests {
    static let today = "2026-12-01"

    /// A copy of Policies/ with `edits` applied: path → (text to replace, replacement).
    static func policies(_ edits: [String: (String, String)]) throws -> TemporaryFolder {
        let folder = TemporaryFolder("isms-numbers")
        let source = RepositoryFiles.root.appendingPathComponent("Policies")
        let target = folder.url.appendingPathComponent("Policies")
        try FileManager.default.copyItem(at: source, to: target)
        for (path, (old, new)) in edits {
            let url = target.appendingPathComponent(path)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(old), "\(path) no longer holds '\(old)'")
            try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// Every read-only command over the folder; none may die of a signal or leave 0...2.
    static func runAll(_ folder: TemporaryFolder) throws -> [String: ProcessResult] {
        let root = folder.url.appendingPathComponent("Policies").path
        let out = folder.url.appendingPathComponent("pack").path
        var results: [String: ProcessResult] = [:]
        for args in [["lint", root], ["soa", "--in", root], ["audit", "plan", "--in", root], ["report", "--in", root, "--out", out]] {
            let r = try ISMSBinary.run(args + ["--today", today])
            #expect((0...2).contains(r.status), "\(args.joined(separator: " ")) exited \(r.status): \(r.stderr.suffix(400))")
            results[args[0]] = r
        }
        return results
    }

    @Test(arguments: [
        ("policies/access-control.md", "review_every: 12 months", "review_every: 10000 years"),
        ("policies/access-control.md", "review_every: 12 months", "review_every: 9223372036854775807 days"),
        ("policies/access-control.md", "review_every: 12 months", "review_every: 9223372036854775807 weeks"),
        ("policies/access-control.md", "review_every: 12 months", "review_every: 9223372036854775807 years"),
        ("evidence/EV-001.md", "valid_for: 6 months", "valid_for: 10000 years"),
    ])
    func durationsBeyondTheCalendarAreFindings(path: String, old: String, new: String) throws {
        let folder = try Self.policies([path: (old, new)])
        let results = try Self.runAll(folder)
        let lint = try #require(results["lint"])
        #expect(lint.status == 1, "\(lint.stdout.suffix(600))")
        #expect(lint.stdout.contains("\(path):") && lint.stdout.contains("is out of range: a duration must be from 1 to 100 years"), "\(lint.stdout.suffix(600))")
    }

    @Test(arguments: ["4611686018427387904", "9223372036854775807", "-1"])
    func riskScoresBeyondTheRangeAreFindings(likelihood: String) throws {
        // R-004 is accepted (risk acceptance rule); its residual score is checked by the residual risk rule.
        let folder = try Self.policies(["risks/R-004.md": ("likelihood: 2\nimpact: 5\ntreatment", "likelihood: \(likelihood)\nimpact: \(likelihood)\ntreatment"),
                                        "risks/R-001.md": ("  likelihood: 2\n  impact: 3", "  likelihood: \(likelihood)\n  impact: \(likelihood)")])
        let results = try Self.runAll(folder)
        let lint = try #require(results["lint"])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("risks/R-004.md:9:13") && lint.stdout.contains("'likelihood': \(likelihood) is out of range: it must be a whole number from 0 to 1000000"),
                "\(lint.stdout.suffix(800))")
        #expect(lint.stdout.contains("'residual.impact': \(likelihood) is out of range"), "\(lint.stdout.suffix(800))")
    }

    @Test func methodologyScalesBeyondTheRangeAreFindings() throws {
        let folder = try Self.policies(["risk-methodology.md": ("acceptance_threshold: 8", "acceptance_threshold: 9223372036854775807")])
        let lint = try #require(try Self.runAll(folder)["lint"])
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("'acceptance_threshold': 9223372036854775807 is out of range"), "\(lint.stdout.suffix(800))")
    }

    @Test(arguments: [("cycle_years: 3", "cycle_years: 100000", "certification.cycle_years must be from 1 to 10, not 100000"),
                      ("cycle_years: 3", "cycle_years: 9223372036854775808", "certification.cycle_years must be a whole number from 0 up"),
                      ("review_backdate_days: 30", "review_backdate_days: 9223372036854775807", "change_control.review_backdate_days must be from 0 to 3650"),
                      ("lookback: 12 months", "lookback: 10000 years", "independence.lookback '10000 years' is out of range")])
    func configurationNumbersBeyondTheRangeAreConfigurationErrors(old: String, new: String, message: String) throws {
        let folder = try Self.policies(["isms.yml": (old, new)])
        for (command, r) in try Self.runAll(folder) {
            #expect(r.status == 2, "\(command): \(r.status)")
            #expect(r.stderr.contains("isms.yml:") && r.stderr.contains(message), "\(command): \(r.stderr)")
        }
    }

    @Test func aCertificationAtTheEndOfTheCalendarDoesNotCrash() throws {
        // The cycle runs past 9999-12-31, where the calendar (and the audit interval rule's years) end.
        let folder = try Self.policies(["isms.yml": ("date: 2025-06-20", "date: 9999-06-20")])
        _ = try Self.runAll(folder)
    }
}
