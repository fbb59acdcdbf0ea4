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
        for candidate in Set(candidates) where candidate != value {
            let d = typoDistance(candidate.lowercased(), value.lowercased())
            guard d <= limit, d < candidate.count else { continue }
            if best == nil || d < best!.distance { best = (candidate, d); tie = false } else if d == best!.distance { tie = true }
        }
        guard let best, !tie else { return nil }
        return best.id
    }

    /// Edit distance where swapping two neighbouring characters counts as one edit ("bbo" is one typo from "bob").
    static func typoDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
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
