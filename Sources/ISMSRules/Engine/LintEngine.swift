import Foundation
import ISMSModel

/// Runs rules, applies severities from configuration, and honours suppressions (which must carry a reason).
public struct LintEngine: Sendable {
    public let rules: [any Rule]

    public init(rules: [any Rule] = RuleRegistry.all.map { $0.init() }) {
        self.rules = rules
    }

    public func run(_ context: RuleContext) -> [Finding] {
        let config = context.isms.configuration
        var settings: [String: Configuration.RuleSetting] = [:]
        for r in config.rules { settings[r.id] = r.setting }

        // A change-control finding about a commit is governed by the configuration in force at that commit (its
        // parent's last approved isms.yml): turning a rule off today does not erase what it found in the past.
        let families = Dictionary(uniqueKeysWithValues: rules.map { ($0.id, type(of: $0).description.family) })
        var fullIDs: [String: String] = [:]
        if let h = context.history, h.initialConfigurationInForce != nil { for c in h.commits { fullIDs[c.shortID] = c.id } }
        var commitSettings: [String: [String: Configuration.RuleSetting]] = [:]
        func settingsAt(_ finding: Finding) -> [String: Configuration.RuleSetting] {
            guard let short = finding.commit, families[finding.rule] == .changeControl, let full = fullIDs[short],
                  let config = context.history?.configuration(inForceAt: full) else { return settings }
            if let known = commitSettings[short] { return known }
            var s: [String: Configuration.RuleSetting] = [:]
            for r in config.rules { s[r.id] = r.setting }
            commitSettings[short] = s
            return s
        }

        // Rules are independent; run them side by side.
        let active = rules.filter { settings[$0.id] != .off || (!fullIDs.isEmpty && type(of: $0).description.family == .changeControl) }
        var perRule = [[Finding]](repeating: [], count: active.count)
        perRule.withUnsafeMutableBufferPointer { buffer in
            let out = buffer
            DispatchQueue.concurrentPerform(iterations: active.count) { i in
                out[i] = active[i].check(context)
            }
        }
        let defaults = Dictionary(uniqueKeysWithValues: rules.map { ($0.id, type(of: $0).description.severity) })

        var suppressionsByPath: [String: [Suppression]] = [:]
        for doc in context.isms.documents where !doc.suppressions.isEmpty { suppressionsByPath[doc.path] = doc.suppressions }
        var used: Set<String> = []   // "path|line|rule"

        var result: [Finding] = []
        for var finding in perRule.joined() {
            let settings = settingsAt(finding)
            if settings[finding.rule] == .off { continue }
            if let suppressions = suppressionsByPath[finding.path],
               let s = suppressions.first(where: { $0.rule == finding.rule && $0.reason != nil && ($0.scope == .file || $0.scope == .nextLine(finding.line)) }) {
                used.insert("\(finding.path)|\(s.position.line)|\(s.rule)")
                continue
            }
            if case .severity(let s)? = settings[finding.rule] { finding.severity = s }
            finding.severity = finding.severity ?? defaults[finding.rule] ?? .error
            result.append(finding)
        }

        // Suppressions themselves: each needs a reason, and each must suppress something.
        let known = Set(RuleRegistry.all.map { $0.description.id })
        for (path, suppressions) in suppressionsByPath {
            for s in suppressions {
                var f: Finding?
                if s.reason == nil {
                    f = Finding(rule: SuppressionReasonRule.description.id, path: path, position: s.position,
                                message: "suppression of '\(s.rule)' has no reason: write 'isms-disable-… \(s.rule): why this is acceptable'")
                } else if !known.contains(s.rule) {
                    f = Finding(rule: SuppressionUnusedRule.description.id, path: path, position: s.position,
                                message: "suppression names '\(s.rule)', which is not a rule (see `isms rules`)")
                } else if !used.contains("\(path)|\(s.position.line)|\(s.rule)") && settings[s.rule] != .off {
                    f = Finding(rule: SuppressionUnusedRule.description.id, path: path, position: s.position,
                                message: "suppression of '\(s.rule)' suppresses nothing: remove it")
                }
                guard var finding = f, settings[finding.rule] != .off else { continue }
                if case .severity(let sev)? = settings[finding.rule] { finding.severity = sev }
                finding.severity = finding.severity ?? defaults[finding.rule] ?? .warning
                result.append(finding)
            }
        }
        return Finding.inOrder(result)
    }
}
