import Foundation
import ISMSModel

/// What it takes to move an ISMS written against ISO/IEC 27001:2013 to the 2022 Annex A (`isms transition`). Pure
/// values: advice, not findings.
public struct TransitionPlan: Sendable {
    public struct Control: Sendable, Hashable {
        public var id: String
        public var title: String
        public init(id: String, title: String) { self.id = id; self.title = title }
    }

    /// One 2013 control the ISMS names, and what it became.
    public struct Mapping: Sendable {
        /// Always written `A.9.2.1`.
        public var oldID: String
        /// nil when 2013 had no such control.
        public var oldTitle: String?
        public var successors: [Control]
        /// Control documents with this 2013 id.
        public var controlDocuments: [String]
        /// How many places name it (control documents' ids included).
        public var referenceCount: Int
        public init(oldID: String, oldTitle: String?, successors: [Control], controlDocuments: [String], referenceCount: Int) {
            self.oldID = oldID; self.oldTitle = oldTitle; self.successors = successors
            self.controlDocuments = controlDocuments; self.referenceCount = referenceCount
        }
    }

    /// One thing to do with control files.
    public struct Action: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            /// One 2013 control file becomes one 2022 control file.
            case rename
            /// Several 2013 control files (or parts of them) become one 2022 control file.
            case merge
            /// One 2013 control file becomes several 2022 control files.
            case split
            /// A 2022 control with no 2013 predecessor and no file yet.
            case create
            /// A 2013 control file whose id maps to no 2022 control.
            case retire
        }
        public var kind: Kind
        /// The 2013 ids (`A.…`) the action starts from.
        public var from: [String]
        /// Their control files.
        public var fromPaths: [String]
        /// The 2022 controls it ends in.
        public var to: [Control]
        /// The 2022 control files to write.
        public var toPaths: [String]
        /// A 2022 control file that already exists and receives the content.
        public var existing: [String]
        public var advice: String
        /// A command that does the mechanical part, when there is one.
        public var command: String?
        public init(kind: Kind, from: [String], fromPaths: [String], to: [Control], toPaths: [String], existing: [String], advice: String, command: String?) {
            self.kind = kind; self.from = from; self.fromPaths = fromPaths; self.to = to; self.toPaths = toPaths
            self.existing = existing; self.advice = advice; self.command = command
        }
    }

    /// One place that names a 2013 control.
    public struct Reference: Sendable {
        public var path: String
        public var line: Int
        public var column: Int
        /// `id`, `annex_a`, `controls`, `scope.controls`, `control`, `front matter` or `body`.
        public var field: String
        /// As written (`A.9.2.1` or `9.2.1`).
        public var written: String
        public var oldID: String
        public var successors: [String]
        public init(path: String, line: Int, column: Int, field: String, written: String, oldID: String, successors: [String]) {
            self.path = path; self.line = line; self.column = column; self.field = field; self.written = written
            self.oldID = oldID; self.successors = successors
        }
        /// "write 5.16", "write 5.36 and/or 8.8", "remove it".
        public var advice: String {
            switch successors.count {
            case 0: return "2013 had no such control: remove it or name the 2022 control meant"
            case 1: return "write \(successors[0])"
            default: return "write " + successors.dropLast().joined(separator: ", ") + " and/or " + successors.last! + " (whichever is meant)"
            }
        }
    }

    public var organisation: String?
    /// `framework:` in isms.yml, when it is not iso27001:2022.
    public var framework: String?
    public var configPath: String?
    public var mappings: [Mapping]
    public var actions: [Action]
    public var references: [Reference]
    /// 2022 controls that still have no control file once the actions are done (neither new nor a successor).
    public var stillMissing: [Control]

    public init(organisation: String?, framework: String?, configPath: String?, mappings: [Mapping], actions: [Action], references: [Reference], stillMissing: [Control]) {
        self.organisation = organisation; self.framework = framework; self.configPath = configPath; self.mappings = mappings
        self.actions = actions; self.references = references; self.stillMissing = stillMissing
    }

    /// Nothing names a 2013 control and no file action is left.
    public var isComplete: Bool { mappings.isEmpty && actions.isEmpty && references.isEmpty && framework == nil }
}

/// `isms transition` in text, Markdown and JSON. Pure.
public enum TransitionReport {
    static func titled(_ controls: [TransitionPlan.Control]) -> String {
        controls.map { "\($0.id) \($0.title)" }.joined(separator: "; ")
    }
    static func ids(_ controls: [TransitionPlan.Control]) -> String {
        controls.isEmpty ? "nothing" : controls.map(\.id).joined(separator: ", ")
    }

    static let headings: [TransitionPlan.Action.Kind: String] = [
        .rename: "Rename (one 2013 control → one 2022 control)",
        .merge: "Merge (several 2013 controls → one 2022 control)",
        .split: "Split (one 2013 control → several 2022 controls)",
        .create: "Create (2022 controls with no 2013 predecessor)",
        .retire: "Retire (2013 ids with no 2022 control)",
    ]

    static func summary(_ plan: TransitionPlan) -> String {
        let counts = TransitionPlan.Action.Kind.allCases.map { kind in (kind, plan.actions.filter { $0.kind == kind }.count) }.filter { $0.1 > 0 }
        let files = Set(plan.references.map(\.path)).count
        var parts = ["\(plan.mappings.count) ISO/IEC 27001:2013 control\(plan.mappings.count == 1 ? "" : "s") named in \(files) file\(files == 1 ? "" : "s") (\(plan.references.count) place\(plan.references.count == 1 ? "" : "s"))"]
        if !counts.isEmpty { parts.append("file actions: " + counts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }

    public static func text(_ plan: TransitionPlan) -> String {
        if plan.isComplete {
            var out = "nothing to transition: no ISO/IEC 27001:2013 control ids in the ISMS\n"
            if !plan.stillMissing.isEmpty { out += "(\(plan.stillMissing.count) Annex A 2022 control\(plan.stillMissing.count == 1 ? " has" : "s have") no control file: `isms lint` lists them)\n" }
            return out
        }
        var out = "Transition to ISO/IEC 27001:2022" + (plan.organisation.map { " — \($0)" } ?? "") + "\n"
        out += summary(plan) + "\n"
        if let f = plan.framework {
            out += "\n\(plan.configPath ?? "isms.yml"): framework is '\(f)': set `framework: iso27001:2022` first: until then every other isms command (lint, new, soa …) refuses this ISMS\n"
        }
        if !plan.mappings.isEmpty {
            out += "\n2013 controls found (\(plan.mappings.count))\n"
            for m in plan.mappings {
                let where_ = m.controlDocuments.isEmpty ? "" : "  [\(m.controlDocuments.joined(separator: ", "))]"
                out += "  \(m.oldID) \(m.oldTitle ?? "(not a 2013 control)") → \(m.successors.isEmpty ? "no 2022 control" : titled(m.successors))  (\(m.referenceCount) place\(m.referenceCount == 1 ? "" : "s"))\(where_)\n"
            }
        }
        for kind in TransitionPlan.Action.Kind.allCases {
            let actions = plan.actions.filter { $0.kind == kind }
            guard !actions.isEmpty else { continue }
            out += "\n\(headings[kind]!) (\(actions.count))\n"
            if kind == .create {
                out += "  \(actions[0].advice)\n"
                for a in actions {
                    out += "  \(titled(a.to))  → \(a.toPaths.joined(separator: ", "))" + (a.command.map { "\n      $ \($0)" } ?? "") + "\n"
                }
                continue
            }
            for a in actions {
                switch kind {
                case .rename, .merge:
                    out += "  \(a.from.joined(separator: " + ")) → \(titled(a.to))\n"
                case .split:
                    out += "  \(a.from.joined(separator: ", ")) → \(titled(a.to))\n"
                case .create:
                    break
                case .retire:
                    out += "  \(a.from.joined(separator: ", "))\n"
                }
                let files = [a.fromPaths.joined(separator: ", "), a.toPaths.joined(separator: ", ")].filter { !$0.isEmpty }.joined(separator: " → ")
                if !files.isEmpty { out += "      files: \(files)\n" }
                out += "      \(a.advice)\n"
                if let c = a.command { out += "      $ \(c)\n" }
            }
        }
        if !plan.references.isEmpty {
            out += "\nReferences to 2013 controls (\(plan.references.count))\n"
            for r in plan.references {
                out += "  \(r.path):\(r.line):\(r.column): \(r.field): \(r.written) → \(r.advice)\n"
            }
        }
        if !plan.stillMissing.isEmpty {
            out += "\nStill without a control file after these actions (\(plan.stillMissing.count)): \(ids(plan.stillMissing))\n"
            out += "  add each with `isms new control --id ID`, or run `isms lint` after the transition\n"
        }
        return out
    }

    public static func markdown(_ plan: TransitionPlan) -> String {
        func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = "# Transition to ISO/IEC 27001:2022" + (plan.organisation.map { " — \(cell($0))" } ?? "") + "\n\n"
        if plan.isComplete {
            out += "Nothing to transition: no ISO/IEC 27001:2013 control ids in the ISMS.\n"
            return out
        }
        out += summary(plan) + ".\n"
        if let f = plan.framework {
            out += "\n`\(plan.configPath ?? "isms.yml")`: framework is `\(f)`: set `framework: iso27001:2022` first: until then every other isms command (lint, new, soa …) refuses this ISMS.\n"
        }
        if !plan.mappings.isEmpty {
            out += "\n## 2013 controls found (\(plan.mappings.count))\n\n| 2013 | 2013 title | 2022 | Places | Control file |\n|---|---|---|---:|---|\n"
            for m in plan.mappings {
                out += "| \(m.oldID) | \(cell(m.oldTitle ?? "(not a 2013 control)")) | \(cell(m.successors.isEmpty ? "–" : titled(m.successors))) | \(m.referenceCount) | \(m.controlDocuments.isEmpty ? "–" : m.controlDocuments.map { "`\(cell($0))`" }.joined(separator: ", ")) |\n"
            }
        }
        for kind in TransitionPlan.Action.Kind.allCases {
            let actions = plan.actions.filter { $0.kind == kind }
            guard !actions.isEmpty else { continue }
            out += "\n## \(headings[kind]!) (\(actions.count))\n\n| From | To | Files | What to do |\n|---|---|---|---|\n"
            for a in actions {
                let files = [a.fromPaths, a.toPaths].map { $0.map { "`\(cell($0))`" }.joined(separator: ", ") }.filter { !$0.isEmpty }.joined(separator: " → ")
                let what = cell(a.advice) + (a.command.map { " `\(cell($0))`" } ?? "")
                out += "| \(a.from.isEmpty ? "–" : a.from.joined(separator: ", ")) | \(a.to.isEmpty ? "–" : cell(titled(a.to))) | \(files) | \(what) |\n"
            }
        }
        if !plan.references.isEmpty {
            out += "\n## References to 2013 controls (\(plan.references.count))\n\n| Where | Field | Written | Change |\n|---|---|---|---|\n"
            for r in plan.references {
                out += "| `\(cell(r.path)):\(r.line)` | \(cell(r.field)) | \(cell(r.written)) | \(cell(r.advice)) |\n"
            }
        }
        if !plan.stillMissing.isEmpty {
            out += "\nStill without a control file after these actions (\(plan.stillMissing.count)): \(ids(plan.stillMissing)).\n"
        }
        return out
    }

    public static func json(_ plan: TransitionPlan) -> String {
        let q = JSONReporter.quote
        func opt(_ s: String?) -> String { s.map(q) ?? "null" }
        func strings(_ a: [String]) -> String { "[" + a.map(q).joined(separator: ", ") + "]" }
        func controls(_ a: [TransitionPlan.Control]) -> String { "[" + a.map { "{\"id\": \(q($0.id)), \"title\": \(q($0.title))}" }.joined(separator: ", ") + "]" }
        var out = "{\n"
        out += "  \"organisation\": \(opt(plan.organisation)),\n"
        out += "  \"complete\": \(plan.isComplete),\n"
        out += "  \"framework\": \(opt(plan.framework)),\n"
        let mappings = plan.mappings.map { m in
            "    {\"id_2013\": \(q(m.oldID)), \"title_2013\": \(opt(m.oldTitle)), \"successors\": \(controls(m.successors)), \"control_documents\": \(strings(m.controlDocuments)), \"references\": \(m.referenceCount)}"
        }
        out += "  \"mappings\": [\n" + mappings.joined(separator: ",\n") + (mappings.isEmpty ? "" : "\n") + "  ],\n"
        let actions = plan.actions.map { a in
            "    {\"action\": \(q(a.kind.rawValue)), \"from\": \(strings(a.from)), \"from_paths\": \(strings(a.fromPaths)), \"to\": \(controls(a.to)), \"to_paths\": \(strings(a.toPaths)), \"existing\": \(strings(a.existing)), \"advice\": \(q(a.advice)), \"command\": \(opt(a.command))}"
        }
        out += "  \"actions\": [\n" + actions.joined(separator: ",\n") + (actions.isEmpty ? "" : "\n") + "  ],\n"
        let refs = plan.references.map { r in
            "    {\"path\": \(q(r.path)), \"line\": \(r.line), \"column\": \(r.column), \"field\": \(q(r.field)), \"written\": \(q(r.written)), \"id_2013\": \(q(r.oldID)), \"successors\": \(strings(r.successors)), \"advice\": \(q(r.advice))}"
        }
        out += "  \"references\": [\n" + refs.joined(separator: ",\n") + (refs.isEmpty ? "" : "\n") + "  ],\n"
        out += "  \"still_missing\": \(controls(plan.stillMissing))\n}\n"
        return out
    }
}
