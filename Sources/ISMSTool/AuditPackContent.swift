import Foundation
import ISMSModel
import ISMSReport
import ISMSRules

/// What the audit pack shows, computed from the ISMS, the lint findings and (when there is one) the git history.
/// No file system and no git here: `AuditPackBuilder` gathers those and writes the pages.
struct AuditPackContent {
    let isms: ISMS
    let today: Day
    let findings: [Finding]
    /// Display path of every document → its pack page.
    let pages: [String: String]
    private let prefix: String
    /// Evidence records naming each control in their `controls:` list (ids, in path order).
    private let evidenceByControl: [String: [String]]

    init(isms: ISMS, today: Day, findings: [Finding]) {
        self.isms = isms
        self.today = today
        self.findings = findings
        prefix = isms.rootPath.isEmpty ? "" : isms.rootPath + "/"
        var pages: [String: String] = [:]
        var taken: Set<String> = []
        for doc in isms.documents {
            let base = AuditPackPaths.page(forDocument: Self.relative(doc.path, prefix: prefix))
            var page = base, n = 2
            while !taken.insert(page).inserted { page = String(base.dropLast(5)) + "-\(n).html"; n += 1 }
            pages[doc.path] = page
        }
        self.pages = pages
        var byControl: [String: [String]] = [:]
        for ev in isms.documents(.evidence) {
            guard let id = ev.id else { continue }
            for c in Set(ev.strings("controls")) { byControl[c, default: []].append(id) }
        }
        evidenceByControl = byControl
    }

    static func relative(_ path: String, prefix: String) -> String {
        path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    // MARK: Links

    func link(_ doc: Document, text: String? = nil) -> AuditPack.Link {
        AuditPack.Link(text ?? doc.id ?? doc.path, target: pages[doc.path])
    }

    /// A reference by id: the document's page, else (for an Annex A id) its row in the SoA, else plain text.
    func reference(_ id: String) -> AuditPack.Link {
        let docs = isms.documents(id: id)
        if let doc = docs.first(where: { $0.status != "retired" }) ?? docs.first { return link(doc, text: id) }
        if isms.catalog.contains(id) { return controlLink(id) }
        return AuditPack.Link(id)
    }

    /// A control's row in the SoA (Annex A, or the organisation's own with a control document), else plain text.
    func controlLink(_ id: String) -> AuditPack.Link {
        guard isms.catalog.contains(id) || (AnnexACatalog.isCustomControlID(id) && isms.control(id) != nil) else { return AuditPack.Link(id) }
        return AuditPack.Link(id, target: "soa.html", fragment: AuditPack.SoARow.anchor(id))
    }

    /// "priya (Priya Shah)", or the id as written when nobody has it.
    func person(_ id: String?) -> String {
        guard let id, !id.isEmpty else { return "" }
        guard let p = isms.people.person(id), p.name != id else { return id }
        return "\(id) (\(p.name))"
    }

    func lintItem(_ f: Finding) -> AuditPack.LintItem {
        let location = "\(f.path):\(f.line)"
        return AuditPack.LintItem(severity: (f.severity ?? .error).rawValue, rule: f.rule,
                                  location: AuditPack.Link(location, target: pages[f.path]), message: f.message)
    }

    // MARK: Evidence and reviews

    /// When evidence stops being current: `expires`, or `collected` + `valid_for`; nil when it does not say.
    static func expiry(_ ev: Document) -> Day? {
        if let e = ev.day("expires") { return e }
        if let c = ev.day("collected"), let v = ev.string("valid_for").flatMap(ReviewInterval.init) { return c.adding(v) }
        return nil
    }

    func evidenceRef(_ id: String) -> AuditPack.EvidenceRef {
        guard let ev = isms.documents(id: id).first(where: { $0.type == .evidence }) else {
            return AuditPack.EvidenceRef(link: reference(id), state: .missing, note: "no such evidence record")
        }
        if ev.status == "superseded" { return AuditPack.EvidenceRef(link: link(ev, text: id), state: .superseded, note: "superseded") }
        if let x = Self.expiry(ev), x < today { return AuditPack.EvidenceRef(link: link(ev, text: id), state: .expired, note: "expired \(x)") }
        return AuditPack.EvidenceRef(link: link(ev, text: id), state: .current, note: "")
    }

    /// Evidence a control names, and evidence records that name the control.
    func evidence(for control: Document, id: String) -> [AuditPack.EvidenceRef] {
        var ids = control.strings("evidence")
        var seen = Set(ids)
        for eid in evidenceByControl[id] ?? [] where seen.insert(eid).inserted { ids.append(eid) }
        return ids.map(evidenceRef)
    }

    /// An approved controlled document's next review: last_reviewed + review_every.
    static func reviewDue(_ doc: Document) -> Day? {
        guard doc.type?.isControlledDocument == true, doc.status == "approved", let last = doc.day("last_reviewed"),
              let every = doc.string("review_every").flatMap(ReviewInterval.init) else { return nil }
        return last.adding(every)
    }

    // MARK: Dashboard

    /// Mandatory documented information of clauses 4–10, as `mandatory-document-missing` reads it.
    static let mandatory: [(clause: String, subject: String, covers: @Sendable (Document) -> Bool)] =
        MandatoryInformation.requirements.map { r in (r.clause, r.subject, { doc in r.kinds.contains { $0.matches(doc) } }) }

    func dashboard() -> AuditPack.Dashboard {
        var d = AuditPack.Dashboard()
        let current = isms.documents.filter { $0.status != "retired" }.map { (doc: $0, clauses: $0.strings("clauses")) }
        for m in Self.mandatory {
            let docs = current.filter { entry in
                m.covers(entry.doc)
            }.map(\.doc)
            let controlled = docs.filter { $0.type?.isControlledDocument == true }
            let records = docs.filter { $0.type?.isControlledDocument != true }
            let ordered = controlled + records
            let shown = Array(ordered.prefix(4)).map { link($0) }
            var state = AuditPack.MandatoryItem.State.ready
            var note: String
            if docs.isEmpty {
                state = .missing
                note = "no current documented information"
            } else if !controlled.isEmpty {
                let approved = controlled.filter { $0.status == "approved" }
                let onTime = approved.filter { Self.reviewDue($0).map { $0 >= today } ?? true }
                if !onTime.isEmpty {
                    note = "approved, review on time"
                } else if let late = approved.first {
                    state = .attention
                    note = "review overdue (due \(Self.reviewDue(late).map(\.description) ?? "?"))"
                } else {
                    state = .attention
                    note = "not approved yet (status: \(controlled.compactMap(\.status).first ?? "none"))"
                }
            } else if m.clause == "9.3" {
                let done = records.filter { $0.status == "complete" }
                if done.isEmpty { state = .attention; note = "no completed management review yet" } else { note = "\(done.count) completed" }
            } else if records.allSatisfy({ $0.type == .evidence }) {
                let live = records.filter { $0.status != "superseded" && (Self.expiry($0).map { $0 >= today } ?? true) }
                if live.isEmpty { state = .attention; note = "evidence superseded or expired" } else { note = "current evidence" }
            } else {
                note = "\(records.count) record\(records.count == 1 ? "" : "s")"
            }
            // A document that is there but hollow (template text, no risks, a review without its substance) is not
            // ready: the dashboard says what lint says.
            let paths = Set(docs.map(\.path))
            if state == .ready, let hollow = findings.first(where: { HollowRules.ids.contains($0.rule) && paths.contains($0.path) }) {
                state = .attention
                note = "\(hollow.rule): \(hollow.message)"
            }
            d.mandatory.append(AuditPack.MandatoryItem(clause: m.clause, subject: m.subject, documents: shown, more: ordered.count - shown.count, state: state, note: note))
        }

        // Stage 2: the Annex A catalog plus the organisation's own controls.
        var c = AuditPack.ControlReadiness()
        for row in controlRows() {
            guard let doc = row.document else { c.missing += 1; continue }
            switch doc.bool("applicable") {
            case false?: c.excluded += 1; continue
            case nil: c.undecided += 1; continue
            case true?: c.applicable += 1
            }
            var problems: [String] = []
            switch doc.string("implementation") {
            case "implemented": c.implemented += 1
            case "partial": c.partial += 1; problems.append("implementation partial")
            case "planned": c.planned += 1; problems.append("implementation planned")
            case "not-implemented": c.notImplemented += 1; problems.append("not implemented")
            case let other: problems.append(other.map { "implementation '\($0)'" } ?? "implementation not stated")
            }
            if let owner = doc.owner, let p = isms.people.person(owner) {
                if p.active { c.owned += 1 } else { problems.append("owner \(owner) has left") }
            } else {
                problems.append(doc.owner.map { "owner '\($0)' is not in the people registry" } ?? "no owner")
            }
            let evidence = evidence(for: doc, id: row.id)
            if evidence.contains(where: { $0.state == .current }) {
                c.withCurrentEvidence += 1
            } else if evidence.isEmpty {
                problems.append("no evidence")
            } else {
                problems.append("no current evidence (" + evidence.map { "\($0.link.text) \($0.note)" }.joined(separator: ", ") + ")")
            }
            if !problems.isEmpty { c.gaps.append((controlLink(row.id), row.title, problems)) }
        }
        d.controls = c

        // Findings open by severity.
        let open = isms.documents(.finding).filter { $0.status == "open" || $0.status == "in-progress" }
        for s in Enumerations.severity {
            let these = open.filter { $0.string("severity") == s }
            d.openFindings.append((s, these.count, these.filter { $0.day("due").map { $0 < today } ?? false }.count))
        }
        let other = open.filter { !Enumerations.severity.contains($0.string("severity") ?? "") }
        if !other.isEmpty { d.openFindings.append(("not stated", other.count, other.filter { $0.day("due").map { $0 < today } ?? false }.count)) }

        // Reviews overdue, the latest first.
        d.overdueReviews = isms.documents.compactMap { doc -> AuditPack.OverdueReview? in
            guard let due = Self.reviewDue(doc), due < today else { return nil }
            return AuditPack.OverdueReview(document: link(doc, text: [doc.id, doc.title].compactMap { $0 }.joined(separator: " ")), owner: person(doc.owner),
                                           due: due.description, daysLate: Day.days(from: due, to: today))
        }.sorted { ($1.daysLate, $0.document.text) < ($0.daysLate, $1.document.text) }

        d.lintErrors = findings.filter { $0.severity == .error }.count
        d.lintWarnings = findings.filter { $0.severity == .warning }.count
        d.lintInfos = findings.filter { $0.severity == .info }.count
        let top = findings.filter { $0.severity == .error } + findings.filter { $0.severity == .warning }
        d.topLint = top.prefix(12).map(lintItem)
        return d
    }

    // MARK: Statement of Applicability

    /// Every Annex A control in numeric order, then the organisation's own (`C-…`) controls.
    func controlRows() -> [(id: String, title: String, theme: String, document: Document?)] {
        func current(_ id: String) -> Document? {
            let docs = isms.documents(id: id).filter { $0.type == .control }
            return docs.first { $0.status != "retired" } ?? docs.first
        }
        var rows = isms.catalog.controls.sorted { AnnexACatalog.numericOrder($0.id, $1.id) }.map { c in
            (id: c.id, title: c.title, theme: Self.themeLabel(c.id, c.theme), document: current(c.id))
        }
        var seen: Set<String> = []
        let custom = isms.documents(.control).compactMap { doc -> String? in
            guard let id = doc.id, AnnexACatalog.isCustomControlID(id), seen.insert(id).inserted else { return nil }
            return id
        }.sorted { AnnexACatalog.numericOrder($0, $1) }
        for id in custom {
            let doc = current(id)
            rows.append((id, doc?.title ?? id, "The organisation's own controls", doc))
        }
        return rows
    }

    static func themeLabel(_ id: String, _ theme: String) -> String {
        let clause = id.split(separator: ".").first.map(String.init) ?? ""
        return "\(clause) \(theme) controls"
    }

    func soa() -> [AuditPack.SoARow] {
        controlRows().map { row in
            guard let doc = row.document else {
                return AuditPack.SoARow(id: row.id, title: row.title, theme: row.theme, document: nil, applicable: nil, justification: "",
                                        implementation: "", owner: "", policies: [], risks: [], evidence: [])
            }
            let applicable = doc.bool("applicable")
            return AuditPack.SoARow(
                id: row.id, title: row.title, theme: row.theme, document: link(doc, text: row.id), applicable: applicable,
                justification: doc.string("justification") ?? "", implementation: doc.string("implementation") ?? "",
                owner: person(doc.owner), policies: doc.strings("policies").map(reference), risks: doc.strings("risks").map(reference),
                evidence: evidence(for: doc, id: row.id))
        }
    }

    // MARK: Programme

    func programme() -> AuditPack.Programme? {
        guard let coverage = ProgrammeCoverage.coverage(isms) else { return nil }
        let cycle = coverage.cycle
        var spans: [(from: Day, to: Day)] = []
        var k = 0
        while cycle.start.adding(months: 12 * k) < cycle.end, k < 10 {
            spans.append((cycle.start.adding(months: 12 * k), min(cycle.start.adding(months: 12 * (k + 1)), cycle.end)))
            k += 1
        }
        func year(_ day: Day?) -> Int? { day.flatMap { d in spans.firstIndex { $0.from <= d && d < $0.to } } }
        let items = coverage.items.filter { $0.kind == .clause } + coverage.items.filter { $0.kind == .control }
        let rows = items.map { item -> AuditPack.Programme.Row in
            let audits = coverage.audits(covering: item)
            let cells = spans.indices.map { y -> AuditPack.Programme.Cell in
                let these = audits.filter { year($0.start) == y }
                let state: AuditPack.Programme.State = these.contains { $0.status == "complete" } ? .audited : these.isEmpty ? .notCovered : .planned
                return AuditPack.Programme.Cell(state: state, audits: these.map(\.id))
            }
            switch item.kind {
            case .clause:
                return AuditPack.Programme.Row(kind: "clause", id: item.id, title: ProgrammeCoverage.clauseTitle(item.id) ?? "", group: "Clauses 4–10", link: nil, cells: cells)
            case .control:
                let catalog = isms.catalog.control(item.id)
                let group = catalog.map { Self.themeLabel($0.id, $0.theme) } ?? "The organisation's own controls"
                return AuditPack.Programme.Row(kind: "control", id: item.id, title: coverage.title(item) ?? catalog?.title ?? "", group: group,
                                               link: controlLink(item.id), cells: cells)
            }
        }
        let audits = coverage.audits.map { a in
            AuditPack.Programme.Audit(link: link(a.document, text: a.id), status: a.status ?? "", start: a.start?.description ?? "", year: year(a.start))
        }
        let years = spans.enumerated().map { "Year \($0.offset + 1) (\($0.element.from) – \($0.element.to.adding(days: -1)))" }
        return AuditPack.Programme(cycleStart: cycle.start.description, cycleEnd: cycle.end.adding(days: -1).description,
                                   fromCertification: cycle.fromCertification, years: years, audits: audits, rows: rows)
    }

    // MARK: Risks

    func risks() -> AuditPack.Risks {
        let docs = isms.documents(.risk)
        var rows = docs.map { doc -> AuditPack.RiskRow in
            let residual = doc.value("residual")?.mapping
            func int(_ m: YAMLMapping?, _ key: String) -> Int? { m?[key]?.value.scalar.flatMap { DocumentNumber.parse($0.text) } }
            return AuditPack.RiskRow(
                link: link(doc), title: doc.title ?? "", owner: person(doc.owner), status: doc.status ?? "",
                treatment: doc.string("treatment") ?? "", likelihood: doc.int("likelihood"), impact: doc.int("impact"),
                residualLikelihood: int(residual, "likelihood"), residualImpact: int(residual, "impact"),
                acceptedBy: person(doc.string("accepted_by")), controls: doc.strings("controls").map(controlLink))
        }
        rows.sort { ($0.score ?? -1, $1.link.text) > ($1.score ?? -1, $0.link.text) }
        let m = isms.methodology
        let source = m.map { "the risk methodology (\(isms.document(path: $0.path)?.id ?? $0.path))" } ?? "1–5 (no risk methodology is recorded)"
        let l = m?.likelihood ?? 1...5, i = m?.impact ?? 1...5
        // Very wide scales are not a picture any more: cap the map at 10 × 10 and list the rest.
        let lr = l.count > 10 ? l.lowerBound...(l.lowerBound + 9) : l, ir = i.count > 10 ? i.lowerBound...(i.lowerBound + 9) : i
        return AuditPack.Risks(likelihood: lr, impact: ir, threshold: m?.acceptanceThreshold, scaleSource: source, rows: rows)
    }

    // MARK: Findings

    func findingRows() -> [AuditPack.FindingRow] {
        let rank = Dictionary(uniqueKeysWithValues: Enumerations.severity.enumerated().map { ($1, $0) })
        let rows = isms.documents(.finding).map { doc -> AuditPack.FindingRow in
            let status = doc.status ?? ""
            let open = status == "open" || status == "in-progress"
            let subject: AuditPack.Link? = doc.string("control").map { controlLink($0) }
                ?? doc.string("clause").map { AuditPack.Link("clause " + $0) }
            return AuditPack.FindingRow(
                link: link(doc), title: doc.title ?? "", severity: doc.string("severity") ?? "", status: status,
                audit: doc.string("audit").map(reference), subject: subject, raised: doc.string("raised") ?? "",
                due: doc.string("due") ?? "", closed: doc.string("closed") ?? "",
                overdue: open && (doc.day("due").map { $0 < today } ?? false))
        }
        return rows.sorted { a, b in
            (a.isOpen ? 0 : 1, rank[a.severity] ?? 9, a.link.text) < (b.isOpen ? 0 : 1, rank[b.severity] ?? 9, b.link.text)
        }
    }

    // MARK: Documents

    func documentEntries() -> [AuditPack.DocumentEntry] {
        isms.documents.map { doc in
            AuditPack.DocumentEntry(link: AuditPack.Link(doc.title ?? "", target: pages[doc.path]), path: doc.path, id: doc.id ?? "",
                                    type: doc.typeName ?? "", status: doc.status ?? "", version: doc.string("version") ?? "", owner: doc.owner ?? "")
        }
    }

    static let referenceKeys: Set<String> = ["policies", "risks", "evidence", "controls", "annex_a", "control", "audit", "audits", "assets", "findings", "documents"]
    static let personKeys: Set<String> = ["owner", "approver", "collected_by", "accepted_by", "verified_by", "auditors", "attendees"]

    /// The front matter as shown: values from their source text, references linked to their pages, people named.
    func frontMatter(_ doc: Document) -> [(key: String, value: AuditPack.Value)] {
        guard let fm = doc.frontMatter else { return [] }
        func convert(_ v: YAMLValue, key: String) -> AuditPack.Value {
            switch v {
            case .scalar(let s):
                let text = s.isNull ? "" : s.text
                if Self.referenceKeys.contains(key), !text.isEmpty { return .text(reference(text.trimmed)) }
                if Self.personKeys.contains(key), !text.isEmpty { return .text(AuditPack.Link(person(text.trimmed))) }
                return .text(AuditPack.Link(text))
            case .sequence(let seq):
                return .list(seq.items.map { convert($0, key: key) })
            case .mapping(let m):
                return .map(m.entries.map { ($0.key.text, convert($0.value, key: $0.key.text)) })
            }
        }
        return fm.entries.map { ($0.key.text, convert($0.value, key: $0.key.text)) }
    }
}
