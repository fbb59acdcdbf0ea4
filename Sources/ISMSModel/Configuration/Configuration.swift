import Foundation

/// The tool could not do its job (exit 2): distinct from findings in the user's documents.
public struct ToolFailure: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public enum Severity: String, Sendable, Comparable, CaseIterable, Codable {
    case info, warning, error
    public static func < (a: Severity, b: Severity) -> Bool {
        let order: [Severity] = [.info, .warning, .error]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// `isms.yml`. Unknown keys are kept with their positions so the linter can report them; impossible values fail loudly.
public struct Configuration: Sendable {
    public enum RuleSetting: Sendable, Equatable {
        case off
        case severity(Severity)
    }

    public struct Certification: Sendable {
        public var date: Day?
        public var cycleYears: Int = 3
    }

    public struct ChangeControl: Sendable {
        public var controlledTypes: [DocumentType] = DocumentType.allCases.filter(\.isControlledDocument)
        /// Statuses whose documents are under change control (`controlled_statuses`); nil: approved documents, and
        /// changes that approve one, as the change-control rules have always read it.
        public var controlledStatuses: [String]?
        public var require: [String] = ["version-bump", "approval"]
        public var approvalTrailers: [String] = ["Approved-by"]
        public var mergeApproves = false
        /// A date (`YYYY-MM-DD`) or a commit: history before it is exempt.
        public var since: String?
        public var reviewBackdateDays = 30
        /// Who approves a change to isms.yml: person ids or `role:<name>`, as read at the parent commit.
        public var configApprovers: [String] = ["role:top-management"]
        /// What proves an approval: `trailer` (a trailer counts; reported as unverified) or `signed` (a trailer counts
        /// only in a commit or merge signed by the approver, or when the forge's approvals export records it).
        public var approvalProof = "trailer"
    }

    /// The body headings each type's documents must have, in order (clause 7.5.2 b, format): from `templates:` in
    /// isms.yml (a list per type, or `off`), else from the organisation's templates folder, else the built-in ones.
    public struct Templates: Sendable {
        /// The organisation's own templates, relative to isms.yml: `<folder>/<type>.md`.
        public var folder: String?
        public var folderPosition: SourcePosition?
        /// Headings given per type name in isms.yml.
        public var headings: [String: [String]] = [:]
        /// Headings read from the templates folder (filled by the workspace, which reads files).
        public var fromFolder: [String: [String]] = [:]
        /// Set by the workspace when `folder` names no folder.
        public var folderMissing = false
        /// Types whose bodies are not checked.
        public var off: Set<String> = []

        /// The headings documents of `type` must have, or nil when they are not checked.
        public func required(_ type: DocumentType) -> [String]? {
            guard !off.contains(type.rawValue) else { return nil }
            // An organisation's own templates folder replaces the built-in templates: a type without one there is free-form.
            let list = headings[type.rawValue] ?? (folder != nil ? fromFolder[type.rawValue] : TemplateHeadings.builtIn[type])
            return list?.isEmpty == false ? list : nil
        }
    }

    /// The configuration file's display path, or nil when the embedded default is in use.
    public var path: String?
    public var version = 1
    public var framework = "iso27001:2022"
    public var organisation: String?
    /// The documents root, relative to the folder holding isms.yml.
    public var root = "."
    public var certification = Certification()
    public var classification = Enumerations.defaultClassification
    public var ignore: [String] = ["README.md", "**/README.md"]
    public var changeControl = ChangeControl()
    public var templates = Templates()
    public var independenceLookback = ReviewInterval("12 months")!
    public var rules: [(id: String, setting: RuleSetting, position: SourcePosition)] = []
    /// Keys nobody reads: reported by the `config-unknown-key` rule.
    public var unknownKeys: [(key: String, position: SourcePosition)] = []
    /// Values a setting does not know (`change_control.controlled_types: [approved]`): reported by
    /// `config-value-unknown` with a suggestion, not a failure of the whole run.
    public var unknownValues: [(key: String, value: String, position: SourcePosition)] = []

    public init() {}

    public static let fileName = "isms.yml"

    /// The frameworks every command reads; `isms transition` also reads `framework2013`, to help leave it.
    public static let supportedFrameworks = ["iso27001:2022"]
    public static let framework2013 = "iso27001:2013"

    static let topKeys: Set<String> = ["version", "framework", "organisation", "organization", "root", "certification", "classification",
                                        "ignore", "change_control", "independence", "rules", "templates"]

    /// Parses isms.yml. Throws `ToolFailure` for what makes the configuration unusable.
    public static func parse(_ text: String, path: String, frameworks: [String] = supportedFrameworks) throws -> Configuration {
        var config = Configuration()
        config.path = path
        func fail(_ position: SourcePosition, _ message: String) -> ToolFailure {
            ToolFailure("\(path):\(position.line):\(position.column): \(message)")
        }
        let value: YAMLValue?
        do { value = try YAMLReader.read(text) } catch { throw fail(error.position, error.message) }
        guard let value else { return config }
        guard let top = value.mapping else { throw fail(value.position, "the configuration must be a mapping of keys to values") }

        func scalarText(_ v: YAMLValue, _ what: String) throws -> String {
            guard let s = v.scalar, !s.isNull else { throw fail(v.position, "\(what) must be a single value, not \(v.kindDescription)") }
            return s.text
        }
        func strings(_ v: YAMLValue, _ what: String) throws -> [String] {
            guard let seq = v.sequence else { throw fail(v.position, "\(what) must be a list") }
            return try seq.items.map { try scalarText($0, what) }
        }
        func int(_ v: YAMLValue, _ what: String) throws -> Int {
            let t = try scalarText(v, what)
            guard let n = Int(t), n >= 0 else {
                let digits = t.hasPrefix("-") ? t.dropFirst() : Substring(t)
                let shape = !digits.isEmpty && digits.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } ? "a whole number from 0 up" : "a whole number"
                throw fail(v.position, "\(what) must be \(shape), not '\(t)'")
            }
            return n
        }
        func bool(_ v: YAMLValue, _ what: String) throws -> Bool {
            switch try scalarText(v, what) {
            case "true": return true
            case "false": return false
            case let t: throw fail(v.position, "\(what) must be true or false, not '\(t)'")
            }
        }
        func section(_ v: YAMLValue, _ name: String, keys: Set<String>, _ body: (String, YAMLValue) throws -> Void) throws {
            guard let m = v.mapping else { throw fail(v.position, "\(name) must be a mapping") }
            for e in m.entries {
                if keys.contains(e.key.text) { try body(e.key.text, e.value) } else { config.unknownKeys.append(("\(name).\(e.key.text)", e.key.position)) }
            }
        }

        for entry in top.entries {
            let v = entry.value
            switch entry.key.text {
            case "version":
                let n = try int(v, "version")
                guard n == 1 else { throw fail(v.position, "configuration version \(n) is not supported by this isms (it reads version 1)") }
                config.version = n
            case "framework":
                let f = try scalarText(v, "framework")
                guard frameworks.contains(f) else { throw fail(v.position, "framework '\(f)' is not supported: use iso27001:2022 (see `isms transition` for 2013 material)") }
                config.framework = f
            case "organisation", "organization": config.organisation = try scalarText(v, "organisation")
            case "root":
                let r = try scalarText(v, "root")
                guard !r.hasPrefix("/"), !r.split(separator: "/").contains("..") else { throw fail(v.position, "root must be a folder inside the repository, relative to isms.yml") }
                config.root = r
            case "classification": config.classification = try strings(v, "classification")
            case "ignore": config.ignore = try strings(v, "ignore")
            case "certification":
                try section(v, "certification", keys: ["date", "cycle_years"]) { k, v in
                    if k == "date" {
                        let t = try scalarText(v, "certification.date")
                        guard let d = Day(t) else { throw fail(v.position, "certification.date '\(t)' is not a real date (YYYY-MM-DD)") }
                        config.certification.date = d
                    } else {
                        let n = try int(v, "certification.cycle_years")
                        // ISO/IEC 17021-1 sets a three-year cycle; more than 10 is a typo, and would leave the calendar.
                        guard (1...10).contains(n) else { throw fail(v.position, "certification.cycle_years must be from 1 to 10, not \(n)") }
                        config.certification.cycleYears = n
                    }
                }
            case "change_control":
                try section(v, "change_control", keys: ["controlled_types", "controlled", "controlled_statuses", "require", "approval_trailers", "merge_approves", "since", "review_backdate_days", "config_approvers", "approval_proof"]) { k, v in
                    switch k {
                    case "controlled_types", "controlled":
                        guard let seq = v.sequence else { throw fail(v.position, "change_control.\(k) must be a list of document types") }
                        config.changeControl.controlledTypes = try seq.items.compactMap { item in
                            let t = try scalarText(item, "a document type")
                            guard let type = DocumentType(rawValue: t) else { config.unknownValues.append(("change_control.\(k)", t, item.position)); return nil }
                            return type
                        }
                    case "controlled_statuses":
                        guard let seq = v.sequence else { throw fail(v.position, "change_control.controlled_statuses must be a list of statuses") }
                        let known = Set(DocumentType.allCases.filter(\.isControlledDocument).flatMap(\.statuses))
                        config.changeControl.controlledStatuses = try seq.items.compactMap { item in
                            let t = try scalarText(item, "a status")
                            guard known.contains(t) else { config.unknownValues.append(("change_control.controlled_statuses", t, item.position)); return nil }
                            return t
                        }
                    case "require":
                        let r = try strings(v, "change_control.require")
                        for item in r where !["version-bump", "approval"].contains(item) {
                            throw fail(v.position, "change_control.require: '\(item)' is not one of version-bump, approval")
                        }
                        config.changeControl.require = r
                    case "approval_trailers": config.changeControl.approvalTrailers = try strings(v, "change_control.approval_trailers")
                    case "merge_approves": config.changeControl.mergeApproves = try bool(v, "change_control.merge_approves")
                    case "since":
                        let s = try scalarText(v, "change_control.since")
                        if Day.looksLikeDate(s), Day(s) == nil { throw fail(v.position, "change_control.since '\(s)' is not a real date") }
                        config.changeControl.since = s
                    case "config_approvers": config.changeControl.configApprovers = try strings(v, "change_control.config_approvers")
                    case "approval_proof":
                        let p = try scalarText(v, "change_control.approval_proof")
                        guard ["trailer", "signed"].contains(p) else { throw fail(v.position, "change_control.approval_proof: '\(p)' is not one of trailer, signed") }
                        config.changeControl.approvalProof = p
                    default:
                        let n = try int(v, "change_control.review_backdate_days")
                        guard n <= 3650 else { throw fail(v.position, "change_control.review_backdate_days must be from 0 to 3650, not \(n)") }
                        config.changeControl.reviewBackdateDays = n
                    }
                }
            case "independence":
                try section(v, "independence", keys: ["lookback"]) { _, v in
                    let t = try scalarText(v, "independence.lookback")
                    if ReviewInterval.isOutOfRange(t) { throw fail(v.position, "independence.lookback '\(t)' is out of range: it must be \(ReviewInterval.rangeDescription)") }
                    guard let d = ReviewInterval(t) else { throw fail(v.position, "independence.lookback '\(t)' is not a duration such as '12 months'") }
                    config.independenceLookback = d
                }
            case "templates":
                guard let m = v.mapping else { throw fail(v.position, "templates must be a mapping: folder, and per document type a list of headings or off") }
                for e in m.entries {
                    let k = e.key.text
                    if k == "folder" {
                        let f = try scalarText(e.value, "templates.folder")
                        guard !f.hasPrefix("/"), !f.split(separator: "/").contains("..") else { throw fail(e.value.position, "templates.folder must be a folder inside the repository, relative to isms.yml") }
                        config.templates.folder = f
                        config.templates.folderPosition = e.value.position
                    } else if DocumentType(rawValue: k) != nil {
                        if let s = e.value.scalar, ["off", "false"].contains(s.text) { config.templates.off.insert(k) } else { config.templates.headings[k] = try strings(e.value, "templates.\(k)") }
                    } else {
                        config.unknownKeys.append(("templates.\(k)", e.key.position))
                    }
                }
            case "rules":
                guard let m = v.mapping else { throw fail(v.position, "rules must be a mapping of rule ids to off, info, warning or error") }
                for e in m.entries {
                    let t = try scalarText(e.value, "rules.\(e.key.text)")
                    let setting: RuleSetting
                    switch t {
                    case "off", "false": setting = .off
                    case "info": setting = .severity(.info)
                    case "warning": setting = .severity(.warning)
                    case "error": setting = .severity(.error)
                    default: throw fail(e.value.position, "rules.\(e.key.text): '\(t)' is not one of off, info, warning, error")
                    }
                    config.rules.append((e.key.text, setting, e.key.position))
                }
            default:
                config.unknownKeys.append((entry.key.text, entry.key.position))
            }
        }
        return config
    }

    /// Whether a path (relative to the ISMS root) matches an `ignore:` pattern (`*`, `**`, `?`).
    public func isIgnored(_ relativePath: String) -> Bool {
        ignore.contains { Glob.matches($0, relativePath) }
    }

    /// The ignore patterns compiled once, for loops over many files.
    public var ignoreMatcher: Glob.Matcher { Glob.Matcher(ignore) }
}

public enum Glob {
    /// Minimal glob: `**` crosses folders, `*` and `?` do not; a pattern without `/` matches the file name anywhere
    /// only when written as `**/name` — `README.md` matches the root README only.
    public struct Matcher {
        /// Each pattern's expression, with the text a match must start and end with (its literal head and tail): most
        /// paths fail those, and an expression costs microseconds (a cold history asks for every changed path).
        let expressions: [(head: String, tail: String, expression: NSRegularExpression)]
        public init(_ patterns: [String]) {
            expressions = patterns.compactMap { p in
                guard let e = try? NSRegularExpression(pattern: Glob.regex(p)) else { return nil }
                let (head, tail) = Glob.literalEnds(p)
                return (head, tail, e)
            }
        }
        public func matches(_ path: String) -> Bool {
            let range = NSRange(path.startIndex..., in: path)
            return expressions.contains {
                path.hasPrefix($0.head) && path.hasSuffix($0.tail) && $0.expression.firstMatch(in: path, range: range) != nil
            }
        }
    }

    /// A pattern's pieces: `**/` (any folders, or none), `**` (anything), `*` (anything within a name), `?` (one
    /// character of a name), or a literal character.
    enum Piece { case folders, anything, withinName, oneCharacter, literal(Character) }

    static func pieces(_ pattern: String) -> [Piece] {
        var pieces: [Piece] = []
        var chars = Array(pattern)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            switch c {
            case "*":
                if chars.first == "*" {
                    chars = chars.dropFirst()
                    if chars.first == "/" { chars = chars.dropFirst(); pieces.append(.folders) } else { pieces.append(.anything) }
                } else { pieces.append(.withinName) }
            case "?": pieces.append(.oneCharacter)
            default: pieces.append(.literal(c))
            }
        }
        return pieces
    }

    /// The literal text before a pattern's first wildcard and after its last (`**/` counts whole: its slash is optional).
    static func literalEnds(_ pattern: String) -> (head: String, tail: String) {
        var head = "", tail = "", wild = false
        for piece in pieces(pattern) {
            guard case .literal(let c) = piece else { wild = true; tail = ""; continue }
            if !wild { head.append(c) }
            tail.append(c)
        }
        return (head, tail)
    }

    public static func matches(_ pattern: String, _ path: String) -> Bool {
        path.range(of: regex(pattern), options: .regularExpression) != nil
    }

    static func regex(_ pattern: String) -> String {
        "^" + pieces(pattern).map { piece -> String in
            switch piece {
            case .folders: return "(?:.*/)?"
            case .anything: return ".*"
            case .withinName: return "[^/]*"
            case .oneCharacter: return "[^/]"
            case .literal(let c): return NSRegularExpression.escapedPattern(for: String(c))
            }
        }.joined() + "$"
    }
}
