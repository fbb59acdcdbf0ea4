import Foundation
import ISMSModel

/// A proposed internal audit programme for the rest of the certification cycle (`isms audit plan`).
public struct AuditPlan: Sendable {
    public struct Auditor: Sendable {
        public var id: String
        public var name: String
        public var external: Bool
        public var organisation: String?
        public init(id: String, name: String, external: Bool, organisation: String?) {
            self.id = id; self.name = name; self.external = external; self.organisation = organisation
        }
    }

    /// One control or clause to audit, and who audits it.
    public struct Assignment: Sendable {
        public enum Kind: String, Sendable { case control, clause }
        public var kind: Kind
        public var id: String
        public var title: String?
        /// A person id; nil when no auditor is independent of it.
        public var auditor: String?
        /// Audits of the cycle, not yet complete, that already hold it in scope (with their status).
        public var alreadyIn: [(id: String, status: String)]
        public init(kind: Kind, id: String, title: String?, auditor: String?, alreadyIn: [(id: String, status: String)]) {
            self.kind = kind; self.id = id; self.title = title; self.auditor = auditor; self.alreadyIn = alreadyIn
        }
        public var label: String { "\(kind.rawValue) \(id)" }
    }

    public struct ProposedAudit: Sendable {
        public var id: String
        /// The window, both days included.
        public var from: Day
        public var to: Day
        public var items: [Assignment]
        /// Internal audits of the programme, not yet complete, that start in this window.
        public var existing: [String]
        public init(id: String, from: Day, to: Day, items: [Assignment], existing: [String] = []) {
            self.id = id; self.from = from; self.to = to; self.items = items; self.existing = existing
        }
        public var auditors: [String] { Array(Set(items.compactMap(\.auditor))).sorted() }
        public var controls: [Assignment] { items.filter { $0.kind == .control } }
        public var clauses: [Assignment] { items.filter { $0.kind == .clause } }
    }

    public struct Unassignable: Sendable {
        public var item: String
        public var title: String?
        /// Why nobody can audit it: each auditor's conflict.
        public var conflicts: [String]
        public init(item: String, title: String?, conflicts: [String]) {
            self.item = item; self.title = title; self.conflicts = conflicts
        }
        public var reason: String {
            "no independent internal auditor exists for it (" + conflicts.joined(separator: "; ") + "): " + AuditPlan.remedy
        }
    }

    public static let remedy = "engage an external auditor — add a people entry with external: true, an organisation and role internal-auditor, then run `isms audit plan` again"

    public var organisation: String?
    public var today: Day
    /// The certification cycle: from `cycleStart` until `cycleEnd` (the day it ends).
    public var cycleStart: Day
    public var cycleEnd: Day
    /// Whether the cycle comes from certification.date (else from the first internal audit, or today).
    public var cycleFromCertification: Bool
    public var itemCount: Int
    /// Items already covered by a complete internal audit of the cycle.
    public var coveredCount: Int
    public var auditors: [Auditor]
    public var audits: [ProposedAudit]
    public var unassignable: [Unassignable]
    /// How independence was judged (history used or not), and anything else worth saying.
    public var notes: [String]

    public init(organisation: String?, today: Day, cycleStart: Day, cycleEnd: Day, cycleFromCertification: Bool, itemCount: Int, coveredCount: Int,
                auditors: [Auditor], audits: [ProposedAudit], unassignable: [Unassignable], notes: [String]) {
        self.organisation = organisation; self.today = today; self.cycleStart = cycleStart; self.cycleEnd = cycleEnd
        self.cycleFromCertification = cycleFromCertification; self.itemCount = itemCount; self.coveredCount = coveredCount
        self.auditors = auditors; self.audits = audits; self.unassignable = unassignable; self.notes = notes
    }

    public var toAudit: [Assignment] { audits.flatMap(\.items) }
}

/// `isms audit plan` as text (for the compliance lead), Markdown tables and JSON. Pure.
public enum AuditPlanReport {
    static func already(_ a: AuditPlan.Assignment) -> String {
        a.alreadyIn.map { "\($0.id) (\($0.status))" }.joined(separator: ", ")
    }

    static func auditorName(_ plan: AuditPlan, _ id: String) -> String {
        guard let a = plan.auditors.first(where: { $0.id == id }) else { return id }
        return a.external ? "\(a.id) (\(a.organisation ?? a.name), external)" : "\(a.id) (\(a.name))"
    }

    public static func text(_ plan: AuditPlan) -> String {
        var out = "Internal audit plan\(plan.organisation.map { " — \($0)" } ?? "")\n"
        out += "Certification cycle \(plan.cycleStart) to \(plan.cycleEnd)\(plan.cycleFromCertification ? "" : " (no certification.date in isms.yml: counted from the first internal audit)"); today \(plan.today).\n"
        let todo = plan.toAudit
        let inPlan = todo.filter { !$0.alreadyIn.isEmpty }.count
        out += "\(plan.itemCount) items to audit in the cycle (applicable controls and clauses 4.1–10.2): \(plan.coveredCount) covered by complete internal audits, \(todo.count) still to audit"
        out += todo.isEmpty ? ".\n" : " — \(inPlan) already in audits not yet complete (kept there), \(todo.count - inPlan) not yet in any audit.\n"
        if plan.auditors.isEmpty {
            out += "Internal auditors: none (nobody in the people registry holds the role internal-auditor).\n"
        } else {
            out += "Internal auditors: " + plan.auditors.map { auditorName(plan, $0.id) }.joined(separator: ", ") + ".\n"
        }
        if todo.isEmpty {
            out += "\nEvery applicable control and every clause has been audited in this cycle. Keep auditing at planned intervals: areas with risk or earlier findings first.\n"
        }
        let width = max(10, (todo.map { $0.label.count }.max() ?? 10))
        for audit in plan.audits {
            out += "\n\(audit.id)  \(audit.from) to \(audit.to)  — \(audit.items.count) item\(audit.items.count == 1 ? "" : "s"): \(audit.controls.count) control\(audit.controls.count == 1 ? "" : "s"), \(audit.clauses.count) clause\(audit.clauses.count == 1 ? "" : "s")\n"
            if !audit.existing.isEmpty { out += "  already in the programme for this period: \(audit.existing.joined(separator: ", "))\n" }
            if audit.items.isEmpty { out += "  nothing left to place here: use it to re-audit areas with risk or earlier findings\n" }
            var groups: [(String?, [AuditPlan.Assignment])] = audit.auditors.map { id in (id, audit.items.filter { $0.auditor == id }) }
            let none = audit.items.filter { $0.auditor == nil }
            if !none.isEmpty { groups.append((nil, none)) }
            for (auditor, items) in groups {
                out += "  " + (auditor.map { auditorName(plan, $0) } ?? "NO INDEPENDENT AUDITOR") + " — \(items.count)\n"
                for a in items {
                    let note = a.alreadyIn.isEmpty ? "" : "  [already in \(already(a))]"
                    out += "    " + a.label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + (a.title ?? "") + note + "\n"
                }
            }
        }
        if !plan.unassignable.isEmpty {
            out += "\nNo independent auditor exists for \(plan.unassignable.count) item\(plan.unassignable.count == 1 ? "" : "s"):\n"
            for u in plan.unassignable {
                out += "  \(u.item)\(u.title.map { " (\($0))" } ?? ""): none exists — " + u.conflicts.joined(separator: "; ") + " → engage an external auditor\n"
            }
            out += "What to do: \(AuditPlan.remedy). An auditor must not audit what they own, approve or changed, nor what their own team owns (clause 9.2.2 b, ISO 19011).\n"
        }
        for n in plan.notes { out += "\nNote: \(n)\n" }
        return out
    }

    public static func markdown(_ plan: AuditPlan) -> String {
        func cell(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        var out = "# Internal audit plan\(plan.organisation.map { " — \(cell($0))" } ?? "")\n\n"
        out += "Certification cycle **\(plan.cycleStart)** to **\(plan.cycleEnd)**; today \(plan.today). "
        out += "\(plan.itemCount) items (applicable controls and clauses 4.1–10.2), \(plan.coveredCount) covered by complete internal audits, \(plan.toAudit.count) still to audit.\n\n"
        out += "| Proposed audit | From | To | Auditors | Controls | Clauses |\n|---|---|---|---|---|---|\n"
        for a in plan.audits {
            let auditors = a.auditors.joined(separator: ", ")
            out += "| \(a.id) | \(a.from) | \(a.to) | \(auditors.isEmpty ? "–" : cell(auditors)) | \(a.controls.count) | \(a.clauses.count) |\n"
        }
        for a in plan.audits {
            out += "\n## \(a.id): \(a.from) to \(a.to)\n\n"
            if !a.existing.isEmpty { out += "Already in the programme for this period: \(cell(a.existing.joined(separator: ", "))).\n\n" }
            out += "| Item | Title | Auditor | Already in |\n|---|---|---|---|\n"
            for i in a.items {
                out += "| \(cell(i.label)) | \(cell(i.title ?? "")) | \(i.auditor.map { cell(auditorName(plan, $0)) } ?? "**none independent**") | \(i.alreadyIn.isEmpty ? "–" : cell(already(i))) |\n"
            }
        }
        if !plan.unassignable.isEmpty {
            out += "\n## No independent auditor\n\n| Item | Title | Why not |\n|---|---|---|\n"
            for u in plan.unassignable {
                out += "| \(cell(u.item)) | \(cell(u.title ?? "")) | \(cell(u.conflicts.joined(separator: "; "))) |\n"
            }
            out += "\nWhat to do: \(AuditPlan.remedy).\n"
        }
        for n in plan.notes { out += "\n> \(cell(n))\n" }
        return out
    }

    public static func json(_ plan: AuditPlan) -> String {
        let q = JSONReporter.quote
        func opt(_ s: String?) -> String { s.map(q) ?? "null" }
        func item(_ a: AuditPlan.Assignment) -> String {
            let already = a.alreadyIn.map { "{\"id\": \(q($0.id)), \"status\": \(q($0.status))}" }.joined(separator: ", ")
            return "{\"id\": \(q(a.id)), \"title\": \(opt(a.title)), \"auditor\": \(opt(a.auditor)), \"already_in\": [\(already)]}"
        }
        var out = "{\n"
        out += "  \"organisation\": \(opt(plan.organisation)),\n"
        out += "  \"today\": \(q(plan.today.description)),\n"
        out += "  \"cycle\": {\"start\": \(q(plan.cycleStart.description)), \"end\": \(q(plan.cycleEnd.description)), \"from_certification\": \(plan.cycleFromCertification)},\n"
        out += "  \"items\": {\"total\": \(plan.itemCount), \"covered\": \(plan.coveredCount), \"to_audit\": \(plan.toAudit.count)},\n"
        out += "  \"auditors\": [" + plan.auditors.map { "{\"id\": \(q($0.id)), \"name\": \(q($0.name)), \"external\": \($0.external), \"organisation\": \(opt($0.organisation))}" }.joined(separator: ", ") + "],\n"
        out += "  \"audits\": [\n"
        out += plan.audits.map { a in
            "    {\"id\": \(q(a.id)), \"window\": {\"from\": \(q(a.from.description)), \"to\": \(q(a.to.description))}, \"auditors\": [\(a.auditors.map(q).joined(separator: ", "))], \"existing\": [\(a.existing.map(q).joined(separator: ", "))],\n"
                + "     \"controls\": [" + a.controls.map(item).joined(separator: ", ") + "],\n"
                + "     \"clauses\": [" + a.clauses.map(item).joined(separator: ", ") + "]}"
        }.joined(separator: ",\n")
        out += plan.audits.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"unassignable\": ["
        out += plan.unassignable.map { "\n    {\"item\": \(q($0.item)), \"title\": \(opt($0.title)), \"reason\": \(q($0.reason))}" }.joined(separator: ",")
        out += plan.unassignable.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"notes\": [" + plan.notes.map(q).joined(separator: ", ") + "]\n"
        out += "}\n"
        return out
    }
}
