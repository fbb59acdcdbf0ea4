import Foundation
import ISMSModel

enum ReferenceRules {
    static let all: [any Rule.Type] = [
        PersonUnknownRule.self, RoleUnknownRule.self, ControlUnknownRule.self, ControlID2013Rule.self, ReferenceUnknownRule.self,
    ]
}

/// One id written in front matter: the field it stands under (as a reader would name it) and the scalar as written.
struct FrontMatterReference {
    var field: String
    var scalar: YAMLScalar
    /// The id, trimmed.
    var id: String { scalar.text.trimmed }
    /// Whether the value is written as an id at all: values that are not are the schema rules' to report.
    var isIdentifier: Bool { IDShape.isIdentifier(id) }
}

extension Document {
    /// The scalars under `key`, or under `key.sub` when `sub` is given (a lone scalar counts as a list of one).
    func frontMatterReferences(_ key: String, _ sub: String? = nil) -> [FrontMatterReference] {
        let value: YAMLValue?
        if let sub {
            value = self.value(key)?.mapping?[sub]?.value
        } else {
            value = self.value(key)
        }
        return YAMLValue.scalars(value).map { FrontMatterReference(field: sub.map { "\(key).\($0)" } ?? key, scalar: $0) }
    }
}

enum ReferenceRuleSupport {
    /// The closest of `candidates` to `value`, when one stands out: a typo or two away (one for short ids), and no tie.
    static func closest(to value: String, in candidates: some Sequence<String>) -> String? {
        let limit = value.count <= 4 ? 1 : max(2, value.count / 4)
        var best: (id: String, distance: Int)?
        var tie = false
        let length = value.count, lowered = value.lowercased()
        for candidate in Set(candidates) where candidate != value {
            // The distance is at least the difference in length: skip the far ones without computing it.
            guard abs(candidate.count - length) <= limit else { continue }
            let d = typoDistance(candidate.lowercased(), lowered)
            guard d <= limit, d < candidate.count else { continue }
            if best == nil || d < best!.distance { best = (candidate, d); tie = false } else if d == best!.distance { tie = true }
        }
        guard let best, !tie else { return nil }
        return best.id
    }

    /// Edit distance where swapping two neighbouring characters counts as one edit ("bbo" is one typo from "bob").
    /// Over Unicode scalars, three rolling rows: it runs for every candidate of every "did you mean".
    static func typoDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let width = b.count + 1
        var before = [Int](repeating: 0, count: width)        // row i - 2
        var previous = Array(0...b.count)                       // row i - 1
        var current = [Int](repeating: 0, count: width)       // row i
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d = min(d, before[j - 2] + 1) }
                current[j] = d
            }
            swap(&before, &previous)
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// "a risk", "an evidence record": how a message names a document of `type`.
    static func noun(_ type: DocumentType?) -> String {
        switch type {
        case .policy?: return "a policy"
        case .procedure?: return "a procedure"
        case .scope?: return "the scope"
        case .control?: return "a control"
        case .riskMethodology?: return "the risk methodology"
        case .objective?: return "an objective"
        case .people?: return "the people registry"
        case .auditProgramme?: return "the audit programme"
        case .risk?: return "a risk"
        case .asset?: return "an asset"
        case .audit?: return "an audit"
        case .finding?: return "a finding"
        case .evidence?: return "an evidence record"
        case .managementReview?: return "a management review"
        case nil: return "a document of unknown type"
        }
    }

    /// The control ids a document names, by field: `annex_a`, risk and evidence `controls`, finding `control`,
    /// audit `scope.controls`. A control document's own id is the schema rules' concern.
    static func controlReferences(_ doc: Document) -> [FrontMatterReference] {
        guard let type = doc.type else { return [] }
        var out: [FrontMatterReference] = []
        if type.isControlledDocument { out += doc.frontMatterReferences("annex_a") }
        switch type {
        case .risk, .evidence: out += doc.frontMatterReferences("controls")
        case .finding: out += doc.frontMatterReferences("control")
        case .audit: out += doc.frontMatterReferences("scope", "controls")
        default: break
        }
        return out.filter(\.isIdentifier)
    }

    /// Whether `id` is an ISO/IEC 27001:2013 Annex A control id: `A.9.2.1`, or `9.2.1` when 2013 had that control.
    /// (`A.5.15` is a 2022 id written with the "A." prefix, not a 2013 one: 2013 ids have three numbers.)
    static func is2013(_ id: String, _ catalog: AnnexACatalog) -> Bool {
        if AnnexACatalog.looksLike2013(id) { return id.split(separator: ".").count == 4 }
        return IDShape.numbers(Substring(id))?.count == 3 && !catalog.successors(of: id).isEmpty
    }

    /// "people.md", or "the people registry" when there is none.
    static func registryName(_ context: RuleContext) -> String {
        context.isms.people.path.map { "the people registry (\($0))" } ?? "the people registry"
    }
}
