import Foundation
import ISMSModel

/// Checks a document's front matter against the schema of its type. Each schema rule reports one kind of issue.
struct SchemaIssue {
    enum Kind { case unknownType, required, wrongType, invalidDate, notAllowed, unknownField }
    var kind: Kind
    var position: SourcePosition
    var message: String
}

enum SchemaValidator {

    static func issues(_ doc: Document, _ config: Configuration) -> [SchemaIssue] {
        guard let fm = doc.frontMatter else { return [] }
        guard let typeName = doc.typeName else {
            return [SchemaIssue(kind: .unknownType, position: doc.position(of: "type"),
                                message: "no 'type': say what this document is (\(DocumentType.allCases.map(\.rawValue).joined(separator: ", ")))")]
        }
        guard let type = DocumentType(rawValue: typeName) else {
            return [SchemaIssue(kind: .unknownType, position: doc.valuePosition(of: "type"),
                                message: "unknown type '\(typeName)': use one of \(DocumentType.allCases.map(\.rawValue).joined(separator: ", "))")]
        }
        var out: [SchemaIssue] = []
        let approved = doc.status == "approved"
        let applicable = doc.bool("applicable") == true
        validate(fm, Schema.fields(for: type), where: "", parentPosition: doc.headerPosition, approved: approved, applicable: applicable, config: config, into: &out)
        return out
    }

    static func validate(_ mapping: YAMLMapping, _ specs: [FieldSpec], where prefix: String, parentPosition: SourcePosition,
                         approved: Bool, applicable: Bool, config: Configuration, into out: inout [SchemaIssue]) {
        let known = Set(specs.map(\.name))
        for spec in specs {
            let name = prefix + spec.name
            guard let entry = mapping[spec.name], !entry.value.isNull else {
                let needed: Bool
                switch spec.requirement {
                case .required: needed = true
                case .requiredWhenApproved: needed = approved
                case .requiredWhenApplicable: needed = applicable
                case .optional: needed = false
                }
                if needed {
                    let why = spec.requirement == .requiredWhenApproved ? " (the document is approved)" : spec.requirement == .requiredWhenApplicable ? " (the control is applicable)" : ""
                    let at = mapping[spec.name]?.key.position ?? parentPosition
                    out.append(SchemaIssue(kind: .required, position: at, message: "'\(name)' is required\(why): \(spec.kind.noun)"))
                }
                continue
            }
            check(entry.value, spec.kind, name: name, approved: approved, applicable: applicable, config: config, into: &out)
        }
        for entry in mapping.entries where !known.contains(entry.key.text) {
            out.append(SchemaIssue(kind: .unknownField, position: entry.key.position,
                                   message: "unknown field '\(prefix)\(entry.key.text)'\(suggestion(entry.key.text, known))"))
        }
    }

    static func suggestion(_ key: String, _ known: Set<String>) -> String {
        let close = known.filter { editDistance($0, key) <= 2 }.sorted()
        return close.isEmpty ? "" : ": did you mean '\(close[0])'?"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }

    static func check(_ value: YAMLValue, _ kind: ValueKind, name: String, approved: Bool, applicable: Bool, config: Configuration, into out: inout [SchemaIssue]) {
        func wrong(_ message: String) { out.append(SchemaIssue(kind: .wrongType, position: value.position, message: message)) }
        switch kind {
        case .list(let inner):
            guard let seq = value.sequence else {
                wrong("'\(name)' must be \(kind.noun), not \(value.kindDescription): write it as [\(value.scalar?.text ?? "…")]")
                return
            }
            for item in seq.items {
                if item.isNull { out.append(SchemaIssue(kind: .wrongType, position: item.position, message: "'\(name)' has an empty item")); continue }
                check(item, inner, name: name, approved: approved, applicable: applicable, config: config, into: &out)
            }
        case .object(let specs):
            guard let m = value.mapping else { wrong("'\(name)' must be a mapping, not \(value.kindDescription)"); return }
            validate(m, specs, where: name + ".", parentPosition: value.position, approved: false, applicable: false, config: config, into: &out)
        case .keyed(let keys, let inner):
            guard let m = value.mapping else { wrong("'\(name)' must be \(kind.noun), not \(value.kindDescription)"); return }
            validate(m, keys.map { FieldSpec($0, inner, .required) }, where: name + ".", parentPosition: value.position, approved: false, applicable: false, config: config, into: &out)
        default:
            guard let s = value.scalar else { wrong("'\(name)' must be \(kind.noun), not \(value.kindDescription)"); return }
            let t = s.text.trimmed
            switch kind {
            case .text:
                break
            case .identifier, .personRef, .controlID:
                if !IDShape.isIdentifier(t) { wrong("'\(name)': '\(t)' is not an id (letters, digits, '.', '_', '-')") }
            case .approverRef:
                let id = t.hasPrefix("role:") ? String(t.dropFirst(5)) : t
                if !IDShape.isIdentifier(id) { wrong("'\(name)': '\(t)' is not a person id or role:<name>") }
            case .date:
                if !Day.looksLikeDate(t) {
                    out.append(SchemaIssue(kind: .invalidDate, position: s.position, message: "'\(name)': '\(t)' is not a date: write YYYY-MM-DD"))
                } else if Day(t) == nil {
                    out.append(SchemaIssue(kind: .invalidDate, position: s.position, message: "'\(name)': \(t) does not exist in the calendar"))
                }
            case .interval:
                if ReviewInterval.isOutOfRange(t) {
                    wrong("'\(name)': '\(t)' is out of range: a duration must be \(ReviewInterval.rangeDescription)")
                } else if ReviewInterval(t) == nil { wrong("'\(name)': '\(t)' is not a duration: write e.g. '12 months', '1 year', '90 days'") }
            case .version:
                if DocumentVersion(t) == nil { wrong("'\(name)': '\(t)' is not a version: write MAJOR.MINOR in quotes, e.g. \"1.2\"") } else if DocumentVersion(t)?.parts.count != 2 {
                    // The documented form is MAJOR.MINOR: "1.2.0" or "1" would compare, but not as the model says.
                    let parts = t.split(separator: ".")
                    wrong("'\(name)': '\(t)' is not MAJOR.MINOR: write \"\(parts.count > 2 ? parts.prefix(2).joined(separator: ".") : t + ".0")\" (a document version has two parts)")
                }
            case .boolean:
                if t != "true" && t != "false" { wrong("'\(name)' must be true or false, not '\(t)'") }
            case .integer:
                let digits = t.hasPrefix("-") || t.hasPrefix("+") ? t.dropFirst() : Substring(t)
                if digits.isEmpty || !digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                    wrong("'\(name)' must be a whole number, not '\(t)'")
                } else if DocumentNumber.parse(t) == nil {
                    wrong("'\(name)': \(t) is out of range: it must be \(DocumentNumber.rangeDescription)")
                }
            case .enumeration(let allowed):
                if !allowed.contains(t) {
                    out.append(SchemaIssue(kind: .notAllowed, position: s.position, message: "'\(name)': '\(t)' is not allowed: use one of \(allowed.joined(separator: ", "))"))
                }
            case .classification:
                if !config.classification.contains(t) {
                    out.append(SchemaIssue(kind: .notAllowed, position: s.position, message: "'\(name)': '\(t)' is not a classification level of this ISMS (\(config.classification.joined(separator: ", ")))"))
                }
            case .clauseID:
                if !IDShape.isClause(t) { wrong("'\(name)': '\(t)' is not a clause of ISO/IEC 27001 (4 to 10, e.g. 6.1.2)") }
            default:
                break
            }
        }
    }
}

/// Rules that report one kind of schema issue.
protocol SchemaIssueRule: Rule {
    static var kind: SchemaIssue.Kind { get }
}

extension SchemaIssueRule {
    func check(_ context: RuleContext) -> [Finding] {
        let (docs, all) = SchemaValidator.allIssues(context)
        return zip(docs, all).flatMap { doc, issues in
            issues.filter { $0.kind == Self.kind }.map { finding(doc, $0.position, $0.message) }
        }
    }
}

extension SchemaValidator {
    /// Every focused document's issues, computed once per run (in parallel) and shared by the schema rules.
    static func allIssues(_ context: RuleContext) -> (documents: [Document], issues: [[SchemaIssue]]) {
        let isms = context.isms
        return isms.memo(context.memoKey("schema-issues")) {
            let docs = context.documents
            var out = [[SchemaIssue]](repeating: [], count: docs.count)
            out.withUnsafeMutableBufferPointer { buffer in
                let b = buffer
                DispatchQueue.concurrentPerform(iterations: docs.count) { i in b[i] = issues(docs[i], isms.configuration) }
            }
            return (docs, out)
        }
    }
}
