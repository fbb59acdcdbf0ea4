import Foundation
import ISMSModel
import ISMSRules

/// JUnit XML for CI test-report views: one `<testsuite name="isms">`, one `<testcase>` per rule (classname = family,
/// name = rule id; a finding of a rule not in `rules` gets a testcase of classname `isms`). A rule with error findings
/// fails, its `<failure>` listing them; warnings and info go to the testcase's `<system-out>`, so they never fail it.
/// Pure: no timestamp or hostname, `time="0"`. Testcases sorted by rule id.
public enum JUnitReporter {
    public static func render(_ findings: [Finding], rules: [RuleDescription]) -> String {
        var byRule: [String: [Finding]] = [:]
        for f in ReportOrdering.byLocation(findings) { byRule[f.rule, default: []].append(f) }
        var cases: [(id: String, family: String)] = []
        var seen = Set<String>()
        for r in rules where seen.insert(r.id).inserted { cases.append((r.id, r.family.rawValue)) }
        for id in byRule.keys where seen.insert(id).inserted { cases.append((id, "isms")) }
        cases.sort { $0.id < $1.id }

        var body = ""
        var failures = 0
        for c in cases {
            let found = byRule[c.id] ?? []
            let errors = found.filter { ($0.severity ?? .error) == .error }
            let others = found.filter { ($0.severity ?? .error) != .error }
            let open = "  <testcase classname=\"\(attribute(c.family))\" name=\"\(attribute(c.id))\" time=\"0\""
            if found.isEmpty { body += open + "/>\n"; continue }
            body += open + ">\n"
            if !errors.isEmpty {
                failures += 1
                let message = errors.count == 1 ? location(errors[0]) + ": " + errors[0].message
                    : "\(errors.count) errors; the first: " + location(errors[0]) + ": " + errors[0].message
                let lines = errors.map { location($0) + ": " + $0.message + "\n" }.joined()
                body += "    <failure message=\"\(attribute(message))\" type=\"error\">\(text(lines))</failure>\n"
            }
            if !others.isEmpty {
                let lines = others.map { location($0) + ": " + ($0.severity ?? .error).rawValue + ": " + $0.message + "\n" }.joined()
                body += "    <system-out>\(text(lines))</system-out>\n"
            }
            body += "  </testcase>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuite name=\"isms\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"0\">\n"
            + body + "</testsuite>\n"
    }

    static func location(_ f: Finding) -> String { "\(f.path):\(f.line):\(f.column)" }

    /// Character data: markup characters as entities; a CR kept as `&#13;` (a parser would turn a literal one into LF).
    public static func text(_ s: String) -> String { escape(s, attribute: false) }

    /// An attribute value: as text, and tab, LF and CR as character references, which attribute normalisation keeps.
    public static func attribute(_ s: String) -> String { escape(s, attribute: true) }

    /// Characters XML 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) become U+FFFD.
    private static func escape(_ s: String, attribute: Bool) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            case "\n", "\t": out.unicodeScalars.append(u)
            case _ where u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
