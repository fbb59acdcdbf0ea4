import Foundation
import ISMSModel

/// The pages of the audit pack, as HTML strings. Pure: the same `AuditPack` always gives the same bytes.
/// Every repository value goes through `HTML.escape` (directly or via `AuditPackFrame.link`).
public enum AuditPackPages {
    public static let stylesheet = AuditPackFrame.stylesheet
    public static let pageNames = AuditPackFrame.Section.allCases.map(\.rawValue)

    typealias F = AuditPackFrame
    static let e = HTML.escape

    static func tag(_ text: String, _ cls: String) -> String { "<span class=\"tag \(cls)\">\(e(text))</span>" }

    /// "+ 12 more" when a list was cut short.
    static func more(_ n: Int, _ what: String = "more") -> String { n > 0 ? " <span class=\"muted\">and \(F.number(n)) \(what)</span>" : "" }

    // MARK: index.html

    public static func index(_ pack: AuditPack) -> String {
        let page = "index.html"
        let d = pack.dashboard, c = d.controls
        var b = "<h1>Audit readiness</h1>\n"
        b += "<p class=\"lead\">\(e(pack.meta.organisation)) · ISO/IEC 27001:2022 · as of \(e(pack.meta.generated)) · "
        b += pack.meta.commit.map { "commit <code>\(e(String($0.prefix(12))))</code>" } ?? "not in git"
        b += " · \(F.number(pack.meta.documentCount)) documents</p>\n"
        for n in pack.meta.notices { b += "<p class=\"banner warn\">\(e(n))</p>\n" }

        let ready = d.mandatory.filter { $0.state == .ready }.count
        let missing = d.mandatory.filter { $0.state == .missing }.count
        let controlsReady = c.applicable - c.gaps.count
        let open = d.openFindings.reduce(0) { $0 + $1.open }
        let majors = d.openFindings.first { $0.severity == "major" }?.open ?? 0
        b += "<div class=\"cards\">\n"
        b += card("\(ready) / \(d.mandatory.count)", "Stage 1: mandatory documented information ready", ready == d.mandatory.count ? "ok" : missing > 0 ? "bad" : "warn")
        b += card("\(F.number(controlsReady)) / \(F.number(c.applicable))", "Stage 2: applicable controls implemented, owned and evidenced",
                  c.applicable > 0 && controlsReady == c.applicable ? "ok" : c.applicable > 0 && Double(controlsReady) / Double(c.applicable) >= 0.8 ? "warn" : "bad")
        b += card(F.number(open), "open audit findings" + (majors > 0 ? " (\(majors) major)" : ""), majors > 0 ? "bad" : open > 0 ? "warn" : "ok")
        b += card(F.number(d.overdueReviews.count), "document reviews overdue", d.overdueReviews.isEmpty ? "ok" : "warn")
        b += card("\(F.number(d.lintErrors)) · \(F.number(d.lintWarnings))", "isms lint: errors · warnings", d.lintErrors > 0 ? "bad" : d.lintWarnings > 0 ? "warn" : "ok")
        b += "</div>\n"

        // Stage 1
        b += "<h2 id=\"stage1\">Stage 1 — mandatory documented information</h2>\n"
        b += "<p class=\"muted\">Clauses 4–10: each item present, approved and within its review interval.</p>\n"
        b += "<table><thead><tr><th>Clause</th><th>Required</th><th>Documented in</th><th>State</th><th>Note</th></tr></thead><tbody>\n"
        for m in d.mandatory {
            let state: String
            switch m.state {
            case .ready: state = tag("ready", "ok")
            case .attention: state = tag("attention", "warn")
            case .missing: state = tag("missing", "bad")
            }
            b += "<tr><td>\(e(m.clause))</td><td>\(e(m.subject))</td><td>\(F.links(m.documents, from: page))\(more(m.more))</td><td>\(state)</td><td>\(e(m.note))</td></tr>\n"
        }
        b += "</tbody></table>\n"

        // Stage 2
        b += "<h2 id=\"stage2\">Stage 2 — controls in operation</h2>\n"
        b += "<p class=\"muted\">Annex A: \(c.applicable) applicable, \(c.excluded) excluded, \(c.undecided) undecided, \(c.missing) without a control document — see the <a href=\"soa.html\">Statement of Applicability</a>.</p>\n"
        b += "<table><thead><tr><th>Applicable controls</th><th>Progress</th><th class=\"num\">Count</th><th>Detail</th></tr></thead><tbody>\n"
        b += "<tr><td>Implemented</td><td>\(F.bar(c.implemented, c.applicable))\(F.percent(c.implemented, c.applicable))</td><td class=\"num\">\(c.implemented) / \(c.applicable)</td><td>\(c.partial) partial, \(c.planned) planned, \(c.notImplemented) not implemented</td></tr>\n"
        b += "<tr><td>Owned by an active person</td><td>\(F.bar(c.owned, c.applicable))\(F.percent(c.owned, c.applicable))</td><td class=\"num\">\(c.owned) / \(c.applicable)</td><td>owner in the people registry, active</td></tr>\n"
        b += "<tr><td>With current evidence</td><td>\(F.bar(c.withCurrentEvidence, c.applicable))\(F.percent(c.withCurrentEvidence, c.applicable))</td><td class=\"num\">\(c.withCurrentEvidence) / \(c.applicable)</td><td>an evidence record not superseded and not expired</td></tr>\n"
        b += "</tbody></table>\n"
        if c.gaps.isEmpty {
            b += "<p>Every applicable control is implemented, owned and evidenced.</p>\n"
        } else {
            let shown = c.gaps.prefix(25)
            b += "<h3>Controls short of ready (\(c.gaps.count))</h3>\n<table><thead><tr><th>Control</th><th>Title</th><th>What is short</th></tr></thead><tbody>\n"
            for g in shown { b += "<tr><td>\(F.link(g.control, from: page))</td><td>\(e(g.title))</td><td>\(e(g.problems.joined(separator: "; ")))</td></tr>\n" }
            b += "</tbody></table>\n"
            if c.gaps.count > shown.count { b += "<p class=\"muted\">and \(c.gaps.count - shown.count) more in the <a href=\"soa.html\">Statement of Applicability</a>.</p>\n" }
        }

        // Findings, reviews
        b += "<div class=\"grid2\"><section>\n<h2 id=\"findings\">Audit findings open</h2>\n"
        b += "<table><thead><tr><th>Severity</th><th class=\"num\">Open</th><th class=\"num\">Past due</th></tr></thead><tbody>\n"
        for f in d.openFindings {
            let cls = f.open == 0 ? "" : f.severity == "major" ? " class=\"bad\"" : ""
            b += "<tr\(cls)><td>\(e(f.severity))</td><td class=\"num\">\(F.number(f.open))</td><td class=\"num\">\(f.overdue > 0 ? tag(F.number(f.overdue), "bad") : "0")</td></tr>\n"
        }
        b += "</tbody></table>\n<p><a href=\"findings.html\">All findings</a></p>\n</section><section>\n"
        b += "<h2 id=\"reviews\">Reviews overdue</h2>\n"
        if d.overdueReviews.isEmpty {
            b += "<p>No approved document is past its review date.</p>\n"
        } else {
            let shown = d.overdueReviews.prefix(20)
            b += "<table><thead><tr><th>Document</th><th>Owner</th><th>Due</th><th class=\"num\">Days late</th></tr></thead><tbody>\n"
            for r in shown { b += "<tr><td>\(F.link(r.document, from: page))</td><td>\(e(r.owner))</td><td>\(e(r.due))</td><td class=\"num\">\(r.daysLate)</td></tr>\n" }
            b += "</tbody></table>\n" + (d.overdueReviews.count > shown.count ? "<p class=\"muted\">and \(d.overdueReviews.count - shown.count) more.</p>\n" : "")
        }
        b += "</section></div>\n"

        // Lint
        b += "<h2 id=\"lint\">isms lint</h2>\n"
        b += "<p>\(tag("\(F.number(d.lintErrors)) errors", d.lintErrors > 0 ? "bad" : "ok")) \(tag("\(F.number(d.lintWarnings)) warnings", d.lintWarnings > 0 ? "warn" : "ok")) \(tag("\(F.number(d.lintInfos)) info", "none"))</p>\n"
        if d.topLint.isEmpty && d.lintErrors + d.lintWarnings + d.lintInfos == 0 {
            b += "<p>isms lint finds nothing to report in the ISMS on \(e(pack.meta.generated)).</p>\n"
        }
        if !d.topLint.isEmpty {
            b += "<table><thead><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Finding</th></tr></thead><tbody>\n"
            for l in d.topLint { b += lintRow(l, page: page) }
            b += "</tbody></table>\n"
            let total = d.lintErrors + d.lintWarnings + d.lintInfos
            if total > d.topLint.count { b += "<p class=\"muted\">The first \(d.topLint.count) of \(F.number(total)); every finding is on its document's page, and <code>isms lint</code> lists them all.</p>\n" }
        }
        return F.page(page, title: "Audit readiness", meta: pack.meta, section: .dashboard, body: b)
    }

    static func card(_ number: String, _ label: String, _ cls: String) -> String {
        "<div class=\"card \(cls)\"><div class=\"num\">\(e(number))</div><div class=\"label\">\(e(label))</div></div>\n"
    }

    static func lintRow(_ l: AuditPack.LintItem, page: String) -> String {
        let cls = l.severity == "error" ? "bad" : l.severity == "warning" ? "warn" : "none"
        return "<tr><td>\(tag(l.severity, cls))</td><td><code>\(e(l.rule))</code></td><td>\(F.link(l.location, from: page))</td><td>\(e(l.message))</td></tr>\n"
    }

    // MARK: soa.html

    public static func soa(_ pack: AuditPack) -> String {
        let page = "soa.html"
        let rows = pack.soa
        let applicable = rows.filter { $0.applicable == true }.count
        let excluded = rows.filter { $0.applicable == false }.count
        var b = "<h1>Statement of Applicability</h1>\n"
        b += "<p class=\"lead\">ISO/IEC 27001:2022 clause 6.1.3 d — every Annex A control in numeric order: \(applicable) applicable, \(excluded) excluded, \(rows.count - applicable - excluded) undecided or without a control document.</p>\n"
        b += "<table class=\"soa\"><thead><tr><th>Control</th><th>Title</th><th>Applicable</th><th>Justification</th><th>Implementation</th><th>Owner</th><th>Policies</th><th>Risks</th><th>Evidence</th></tr></thead><tbody>\n"
        var theme: String?
        for r in rows {
            if r.theme != theme {
                theme = r.theme
                b += "<tr class=\"theme\"><th colspan=\"9\">\(e(r.theme))</th></tr>\n"
            }
            let applicability: String
            switch (r.document, r.applicable) {
            case (nil, _): applicability = tag("no control document", "bad")
            case (_, true?): applicability = tag("Yes", "ok")
            case (_, false?): applicability = tag("No — excluded", "none")
            case (_, nil): applicability = tag("undecided", "bad")
            }
            let implementation: String
            switch r.implementation {
            case "implemented": implementation = tag("implemented", "ok")
            case "partial", "planned": implementation = tag(r.implementation, "warn")
            case "not-implemented": implementation = tag("not implemented", "bad")
            case "": implementation = r.applicable == true ? tag("not stated", "bad") : "–"
            default: implementation = e(r.implementation)
            }
            let evidence = r.evidence.isEmpty ? (r.applicable == true ? tag("none", "warn") : "–") : r.evidence.map { ev in
                F.link(ev.link, from: page) + (ev.state == .current ? "" : " " + tag(ev.note.isEmpty ? ev.state.rawValue : ev.note, ev.state == .superseded ? "none" : "bad"))
            }.joined(separator: ", ")
            let id = r.document.map { F.link(AuditPack.Link(r.id, target: $0.target), from: page) } ?? e(r.id)
            b += "<tr id=\"\(e(AuditPack.SoARow.anchor(r.id)))\"><td>\(id)</td><td>\(e(r.title))</td><td>\(applicability)</td><td>\(e(r.justification))</td><td>\(implementation)</td><td>\(e(r.owner))</td>"
            b += "<td>\(F.links(r.policies, from: page))</td><td>\(F.links(r.risks, from: page))</td><td>\(evidence)</td></tr>\n"
        }
        b += "</tbody></table>\n"
        // The version an auditor is shown, and who approved it (signed on paper or in the commit that records it).
        let version = pack.meta.commit.map { String($0.prefix(12)) + (pack.meta.dirty ? " with uncommitted changes" : "") } ?? "not committed"
        b += "<h2>Approval</h2>\n<p>SoA version: <code>\(e(version))</code>, generated \(e(pack.meta.generated)).</p>\n"
        b += "<table class=\"signoff\"><thead><tr><th>Role</th><th>Name</th><th>Signature</th><th>Date</th></tr></thead><tbody>\n"
        for role in ["Approved by (top management)", "Prepared by (ISMS owner)"] { b += "<tr><td>\(e(role))</td><td></td><td></td><td></td></tr>\n" }
        b += "</tbody></table>\n"
        return F.page(page, title: "Statement of Applicability", meta: pack.meta, section: .soa, body: b)
    }

    // MARK: programme.html

    static let auditedFill = "#2e7d32", plannedFill = "#f2b705", noneFill = "#e9edf1"

    public static func programme(_ pack: AuditPack) -> String {
        let page = "programme.html"
        var b = "<h1>Internal audit programme</h1>\n"
        guard let p = pack.programme else {
            b += "<p class=\"banner warn\">There is no certification cycle to show: set <code>certification.date</code> in isms.yml, or record an internal audit.</p>\n"
            return F.page(page, title: "Internal audit programme", meta: pack.meta, section: .programme, body: b)
        }
        let audited = p.rows.filter { $0.overall == .audited }.count
        let planned = p.rows.filter { $0.overall == .planned }.count
        let none = p.rows.count - audited - planned
        b += "<p class=\"lead\">Clause 9.2: coverage of the applicable controls and clauses 4–10 over the certification cycle \(e(p.cycleStart)) – \(e(p.cycleEnd))"
        b += p.fromCertification ? " (from the certification decision)" : " (from the first internal audit: there is no certification.date)"
        b += ". Over the cycle: \(audited) audited, \(planned) planned, \(none) not covered, of \(p.rows.count).</p>\n"
        b += "<ul class=\"legend\"><li><span class=\"swatch sw-audited\"></span>audited (✓) — in a complete internal audit that year</li>"
        b += "<li><span class=\"swatch sw-planned\"></span>planned (•) — in a planned or in-progress internal audit that year</li>"
        b += "<li><span class=\"swatch sw-none\"></span>not covered that year</li></ul>\n"
        b += "<figure class=\"chart\">\(programmeChart(p))<figcaption>Each column is a control or clause, each row a year of the cycle; hover a cell for its audits. The same data is in the table below.</figcaption></figure>\n"

        b += "<h2>Audits of the cycle</h2>\n"
        if p.audits.isEmpty { b += "<p>No internal audit falls in the cycle.</p>\n" } else {
            b += "<table><thead><tr><th>Audit</th><th>Status</th><th>Start</th><th>Cycle year</th></tr></thead><tbody>\n"
            for a in p.audits {
                b += "<tr><td>\(F.link(a.link, from: page))</td><td>\(e(a.status))</td><td>\(e(a.start))</td><td>\(a.year.map { "Year \($0 + 1)" } ?? "–")</td></tr>\n"
            }
            b += "</tbody></table>\n"
        }
        b += "<h2>Coverage table</h2>\n<table><thead><tr><th>Item</th><th>Title</th>"
        for (k, _) in p.years.enumerated() { b += "<th>Year \(k + 1)</th>" }
        b += "<th>Cycle</th></tr></thead><tbody>\n"
        for r in p.rows {
            let label = r.link.map { F.link($0, from: page) } ?? e(r.id)
            b += "<tr><td>\(e(r.kind)) \(label)</td><td>\(e(r.title))</td>"
            for cell in r.cells { b += "<td>\(stateTag(cell.state))\(cell.audits.isEmpty ? "" : " <span class=\"muted\">\(e(cell.audits.joined(separator: ", ")))</span>")</td>" }
            b += "<td>\(stateTag(r.overall))</td></tr>\n"
        }
        b += "</tbody></table>\n<p class=\"muted\">Years: \(e(p.years.joined(separator: "; "))).</p>\n"
        return F.page(page, title: "Internal audit programme", meta: pack.meta, section: .programme, body: b)
    }

    static func stateTag(_ s: AuditPack.Programme.State) -> String {
        switch s {
        case .audited: return tag("audited", "ok")
        case .planned: return tag("planned", "warn")
        case .notCovered: return tag("not covered", "none")
        }
    }

    /// Groups of columns (clauses, then each Annex A theme), each group a band: item ids above, one row of cells a year.
    static func programmeChart(_ p: AuditPack.Programme) -> String {
        let cell = 16, gap = 2, left = 64, labelHeight = 40, perLine = 64
        var groups: [(name: String, rows: [AuditPack.Programme.Row])] = []
        for r in p.rows {
            if groups.last?.name == r.group { groups[groups.count - 1].rows.append(r) } else { groups.append((r.group, [r])) }
        }
        var body = ""
        var y = 0
        var widest = 0
        for g in groups {
            for (part, start) in stride(from: 0, to: g.rows.count, by: perLine).enumerated() {
                let rows = Array(g.rows[start..<min(start + perLine, g.rows.count)])
                let name = part == 0 ? g.name : g.name + " (continued)"
                body += "<text x=\"0\" y=\"\(y + 14)\" font-size=\"13\" font-weight=\"600\" fill=\"#1d2733\">\(e(name)) (\(g.rows.count))</text>\n"
                y += 20
                for (k, r) in rows.enumerated() {
                    let x = left + k * (cell + gap) + cell / 2 + 4
                    body += "<text transform=\"translate(\(x),\(y + labelHeight - 2)) rotate(-90)\" font-size=\"10\" fill=\"#3c4a58\">\(e(r.id))</text>"
                }
                body += "\n"
                y += labelHeight
                for year in p.years.indices {
                    body += "<text x=\"0\" y=\"\(y + 12)\" font-size=\"11\" fill=\"#5a6877\">Year \(year + 1)</text>"
                    for (k, r) in rows.enumerated() where year < r.cells.count {
                        let c = r.cells[year]
                        let x = left + k * (cell + gap)
                        let fill = c.state == .audited ? auditedFill : c.state == .planned ? plannedFill : noneFill
                        let tip = "\(r.kind) \(r.id) \(r.title) — year \(year + 1): \(c.state.rawValue)" + (c.audits.isEmpty ? "" : " (\(c.audits.joined(separator: ", ")))")
                        body += "<g><title>\(e(tip))</title><rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" rx=\"2\" fill=\"\(fill)\" stroke=\"#b8c2cc\" stroke-width=\"0.5\"/>"
                        if c.state == .audited { body += "<text x=\"\(x + cell / 2)\" y=\"\(y + 12)\" font-size=\"11\" text-anchor=\"middle\" fill=\"#fff\">✓</text>" }
                        if c.state == .planned { body += "<text x=\"\(x + cell / 2)\" y=\"\(y + 12)\" font-size=\"11\" text-anchor=\"middle\" fill=\"#3d2e00\">•</text>" }
                        body += "</g>"
                    }
                    body += "\n"
                    y += cell + gap
                }
                widest = max(widest, left + rows.count * (cell + gap))
                y += 12
            }
        }
        let width = max(widest, 200), height = max(y, 20)
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"Audit programme coverage by cycle year\" font-family=\"sans-serif\">\n\(body)</svg>"
    }

    // MARK: risks.html

    public static func risks(_ pack: AuditPack) -> String {
        let page = "risks.html"
        let r = pack.risks
        var b = "<h1>Risks</h1>\n"
        b += "<p class=\"lead\">Clauses 6.1.2, 8.2 and 8.3: \(F.number(r.rows.count)) risks scored likelihood × impact on the scales of \(e(r.scaleSource))"
        b += r.threshold.map { "; acceptance threshold: a score above \($0) needs treatment or top-management acceptance" } ?? "; no acceptance threshold is set"
        b += ".</p>\n"
        let max = r.likelihood.upperBound * r.impact.upperBound
        let t = r.threshold ?? Swift.max(1, max / 3)
        b += "<ul class=\"legend\"><li><span class=\"swatch sw-low\"></span>low (score ≤ \(t / 2))</li><li><span class=\"swatch sw-medium\"></span>medium (≤ \(t))</li>"
        b += "<li><span class=\"swatch sw-high\"></span>high (above \(t)\(r.threshold == nil ? "" : ", the threshold"))</li><li><span class=\"swatch sw-critical\"></span>critical (above \((t + max) / 2))</li></ul>\n"
        b += "<div class=\"grid2\">\n"
        b += "<figure class=\"chart\">\(heatMap(r, residual: false, page: page))<figcaption>Inherent risk: each cell gives the number of risks and their ids.</figcaption></figure>\n"
        b += "<figure class=\"chart\">\(heatMap(r, residual: true, page: page))<figcaption>Residual risk after treatment (risks without a residual score are not shown).</figcaption></figure>\n"
        b += "</div>\n"
        let unscored = r.rows.filter { row in
            guard let l = row.likelihood, let i = row.impact else { return true }
            return !r.likelihood.contains(l) || !r.impact.contains(i)
        }
        if !unscored.isEmpty {
            b += "<p class=\"banner warn\">\(unscored.count) risk\(unscored.count == 1 ? " is" : "s are") not on the map (no score, or a score off the scales): \(F.links(unscored.prefix(20).map(\.link), from: page))\(more(unscored.count - Swift.min(20, unscored.count)))</p>\n"
        }
        b += "<h2>Risk register</h2>\n<table><thead><tr><th>Risk</th><th>Title</th><th>Owner</th><th>Status</th><th>Treatment</th><th class=\"num\">L</th><th class=\"num\">I</th><th class=\"num\">Score</th>"
        b += "<th class=\"num\">Residual L×I</th><th class=\"num\">Residual score</th><th>Accepted by</th><th>Controls</th></tr></thead><tbody>\n"
        func n(_ v: Int?) -> String { v.map(String.init) ?? "–" }
        for row in r.rows {
            let score = row.score.map(String.init) ?? "–"
            let residual = row.residualLikelihood == nil && row.residualImpact == nil ? "–" : "\(n(row.residualLikelihood)) × \(n(row.residualImpact))"
            b += "<tr><td>\(F.link(row.link, from: page))</td><td>\(e(row.title))</td><td>\(e(row.owner))</td><td>\(e(row.status))</td><td>\(e(row.treatment))</td>"
            b += "<td class=\"num\">\(n(row.likelihood))</td><td class=\"num\">\(n(row.impact))</td><td class=\"num\">\(score)\(row.score.map { " " + tag(band($0, threshold: t, max: max).label, band($0, threshold: t, max: max).cls) } ?? "")</td>"
            b += "<td class=\"num\">\(residual)</td><td class=\"num\">\(n(row.residualScore))</td><td>\(e(row.acceptedBy))</td><td>\(F.links(row.controls, from: page))</td></tr>\n"
        }
        b += "</tbody></table>\n"
        return F.page(page, title: "Risks", meta: pack.meta, section: .risks, body: b)
    }

    static func band(_ score: Int, threshold t: Int, max: Int) -> (label: String, cls: String, fill: String) {
        if score <= t / 2 { return ("low", "ok", "#cfe8d1") }
        if score <= t { return ("medium", "warn", "#fff1a8") }
        if score <= (t + max) / 2 { return ("high", "bad", "#ffc98a") }
        return ("critical", "bad", "#f4a29a")
    }

    /// Likelihood up the side (highest at the top), impact along the bottom; each cell: count, then ids.
    static func heatMap(_ r: AuditPack.Risks, residual: Bool, page: String) -> String {
        let cw = 104, ch = 64, left = 64, top = 28, bottom = 44
        let ls = Array(r.likelihood), ims = Array(r.impact)
        let width = left + ims.count * cw + 8, height = top + ls.count * ch + bottom
        let max = r.likelihood.upperBound * r.impact.upperBound
        let t = r.threshold ?? Swift.max(1, max / 3)
        var ids: [Int: [String]] = [:]
        for row in r.rows {
            let l = residual ? row.residualLikelihood : row.likelihood, i = residual ? row.residualImpact : row.impact
            guard let l, let i, r.likelihood.contains(l), r.impact.contains(i) else { continue }
            ids[l * 1000 + i, default: []].append(row.link.text)
        }
        let title = residual ? "Residual risk" : "Inherent risk"
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(e(title)) heat map\" font-family=\"sans-serif\">\n"
        s += "<text x=\"\(left)\" y=\"18\" font-size=\"14\" font-weight=\"600\" fill=\"#1d2733\">\(e(title))</text>\n"
        for (row, l) in ls.reversed().enumerated() {
            let y = top + row * ch
            s += "<text x=\"\(left - 10)\" y=\"\(y + ch / 2 + 5)\" font-size=\"13\" text-anchor=\"end\" fill=\"#3c4a58\">\(l)</text>\n"
            for (col, i) in ims.enumerated() {
                let x = left + col * cw
                let list = ids[l * 1000 + i] ?? []
                let b = band(l * i, threshold: t, max: max)
                let tip = "likelihood \(l) × impact \(i) = \(l * i) (\(b.label)): \(list.count) risk\(list.count == 1 ? "" : "s")" + (list.isEmpty ? "" : " — " + list.prefix(40).joined(separator: ", ") + (list.count > 40 ? " …" : ""))
                s += "<g><title>\(e(tip))</title><rect x=\"\(x)\" y=\"\(y)\" width=\"\(cw - 2)\" height=\"\(ch - 2)\" fill=\"\(b.fill)\" fill-opacity=\"\(list.isEmpty ? "0.45" : "1")\" stroke=\"#fff\"/>"
                if !list.isEmpty {
                    s += "<text x=\"\(x + cw / 2 - 1)\" y=\"\(y + 22)\" font-size=\"18\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#1d2733\">\(list.count)</text>"
                    for (k, line) in idLines(list).enumerated() {
                        s += "<text x=\"\(x + cw / 2 - 1)\" y=\"\(y + 38 + k * 12)\" font-size=\"10\" text-anchor=\"middle\" fill=\"#2b3540\">\(e(line))</text>"
                    }
                }
                s += "</g>\n"
            }
        }
        for (col, i) in ims.enumerated() {
            s += "<text x=\"\(left + col * cw + cw / 2 - 1)\" y=\"\(top + ls.count * ch + 14)\" font-size=\"13\" text-anchor=\"middle\" fill=\"#3c4a58\">\(i)</text>"
        }
        s += "\n<text x=\"\(left + ims.count * cw / 2)\" y=\"\(height - 8)\" font-size=\"12\" text-anchor=\"middle\" fill=\"#5a6877\">impact →</text>\n"
        s += "<text transform=\"translate(18,\(top + ls.count * ch / 2)) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\" fill=\"#5a6877\">likelihood →</text>\n"
        return s + "</svg>"
    }

    /// At most two short lines of ids for a cell; when they do not all fit, the last line ends with "+N" (those not shown).
    static func idLines(_ ids: [String], width: Int = 17, maxLines: Int = 2) -> [String] {
        let shortened = ids.map { $0.count > width ? String($0.prefix(width - 1)) + "…" : $0 }
        func wrap(_ words: [String]) -> [String]? {
            var lines: [String] = [], current = ""
            for w in words {
                if current.isEmpty { current = w } else if current.count + 1 + w.count <= width { current += " " + w } else { lines.append(current); current = w }
            }
            if !current.isEmpty { lines.append(current) }
            return lines.count <= maxLines ? lines : nil
        }
        for k in stride(from: min(ids.count, 8), through: 0, by: -1) {
            let words = Array(shortened.prefix(k)) + (k < ids.count ? ["+\(ids.count - k)"] : [])
            if let lines = wrap(words) { return lines }
        }
        return ["+\(ids.count)"]
    }

    // MARK: findings.html

    public static func findings(_ pack: AuditPack) -> String {
        let page = "findings.html"
        let rows = pack.findings
        let open = rows.filter(\.isOpen)
        var b = "<h1>Audit findings</h1>\n"
        b += "<p class=\"lead\">Clause 10.2: \(F.number(rows.count)) findings, \(F.number(open.count)) open or in progress, \(F.number(open.filter(\.overdue).count)) of them past their due date.</p>\n"
        if rows.isEmpty { b += "<p>No finding has been recorded.</p>\n" } else {
            b += "<table><thead><tr><th>Finding</th><th>Title</th><th>Severity</th><th>Status</th><th>Audit</th><th>Control / clause</th><th>Raised</th><th>Due</th><th>Closed</th></tr></thead><tbody>\n"
            for f in rows {
                let sev = f.severity == "major" ? tag("major", "bad") : f.severity == "minor" ? tag("minor", "warn") : tag(f.severity.isEmpty ? "–" : f.severity, "none")
                let status = f.isOpen ? tag(f.status, f.overdue ? "bad" : "warn") : tag(f.status.isEmpty ? "–" : f.status, f.status == "verified" || f.status == "closed" ? "ok" : "none")
                b += "<tr><td>\(F.link(f.link, from: page))</td><td>\(e(f.title))</td><td>\(sev)</td><td>\(status)\(f.overdue ? " " + tag("past due", "bad") : "")</td>"
                b += "<td>\(f.audit.map { F.link($0, from: page) } ?? "–")</td><td>\(f.subject.map { F.link($0, from: page) } ?? "–")</td>"
                b += "<td>\(e(f.raised))</td><td>\(e(f.due))</td><td>\(e(f.closed))</td></tr>\n"
            }
            b += "</tbody></table>\n"
        }
        return F.page(page, title: "Audit findings", meta: pack.meta, section: .findings, body: b)
    }

    // MARK: documents.html

    public static func documents(_ pack: AuditPack) -> String {
        let page = "documents.html"
        var b = "<h1>Documents</h1>\n<p class=\"lead\">Every document and record of the ISMS, each rendered on its own page with its front matter and its revision history from git.</p>\n"
        b += "<table><thead><tr><th>Path</th><th>Id</th><th>Type</th><th>Title</th><th>Status</th><th>Version</th><th>Owner</th></tr></thead><tbody>\n"
        for d in pack.documents {
            b += "<tr><td>\(F.link(AuditPack.Link(d.path, target: d.link.target), from: page))</td><td>\(e(d.id))</td><td>\(e(d.type))</td><td>\(e(d.link.text))</td><td>\(e(d.status))</td><td>\(e(d.version))</td><td>\(e(d.owner))</td></tr>\n"
        }
        b += "</tbody></table>\n"
        if !pack.deleted.isEmpty {
            b += "<h2>Deleted documents</h2>\n<p class=\"muted\">Controlled documents deleted in the git history, each on its own page with its last version's front matter and its revisions: the deletion first, then those before it.</p>\n"
            b += "<table><thead><tr><th>Path</th><th>Id</th><th>Type</th><th>Title</th><th>Last version</th><th>Deleted</th><th>Commit</th><th>Change</th></tr></thead><tbody>\n"
            for d in pack.deleted {
                b += "<tr><td>\(F.link(AuditPack.Link(d.path, target: d.link.target), from: page))</td><td>\(e(d.id))</td><td>\(e(d.type))</td><td>\(e(d.link.text))</td><td>\(e(d.version))</td>"
                b += "<td>\(e(d.deletedOn))</td><td><code>\(e(d.commit))</code></td><td>\(e(d.subject))</td></tr>\n"
            }
            b += "</tbody></table>\n"
        }
        return F.page(page, title: "Documents", meta: pack.meta, section: .documents, body: b)
    }

    // MARK: docs/…

    public static func document(_ d: AuditPack.DocumentPage, meta: AuditPack.Meta) -> String {
        let page = d.page
        let heading = [d.id, d.title].compactMap { $0 }.joined(separator: " — ")
        var b = "<p class=\"muted\"><a href=\"\(e(AuditPackPaths.href(from: page, to: "documents.html")))\">Documents</a> › <code>\(e(d.path))</code></p>\n"
        b += "<h1>\(e(heading.isEmpty ? d.path : heading))</h1>\n"
        b += "<p class=\"lead\">\(e(d.type ?? "no type")) · <code>\(e(d.path))</code></p>\n"
        for p in d.problems { b += "<p class=\"banner bad\">\(e(p))</p>\n" }
        if !d.frontMatter.isEmpty {
            b += "<h2>Front matter</h2>\n<table class=\"kv\"><tbody>\n"
            for (key, value) in d.frontMatter { b += "<tr><th>\(e(key))</th><td>\(render(value, page: page))</td></tr>\n" }
            b += "</tbody></table>\n"
        }
        b += "<h2>Document</h2>\n<article class=\"doc\">\n\(d.bodyHTML)</article>\n"
        b += "<h2>Revision history</h2>\n"
        if let rows = d.revisions, !rows.isEmpty {
            if !d.historyNote.isEmpty { b += "<p class=\"muted\">\(e(d.historyNote))</p>\n" }
            b += "<table><thead><tr><th>Version</th><th>Date</th><th>Commit</th><th>Change</th><th>Status</th><th>Author</th><th>Approved by</th><th>Change control</th></tr></thead><tbody>\n"
            for r in rows {
                let approved = r.approvedBy.map { "\($0.who) (\($0.source))" }.joined(separator: "; ")
                let cls = r.verdict.hasPrefix("approved") ? "ok" : r.verdict.hasPrefix("NOT APPROVED") || r.verdict.contains("BAD SIGNATURE") || r.verdict.contains("UNSIGNED") ? "bad" : "none"
                b += "<tr><td>\(e(r.version))</td><td>\(e(r.date))</td><td><code>\(e(r.commit))</code></td><td>\(e(r.subject))</td><td>\(e(r.status))</td>"
                b += "<td>\(e(r.author))\(r.authorKnown ? "" : " " + tag("not in the people registry", "warn"))</td><td>\(e(approved.isEmpty ? "–" : approved))</td><td>\(tag(r.verdict, cls))</td></tr>\n"
            }
            b += "</tbody></table>\n"
        } else {
            b += "<p class=\"muted\">\(e(d.historyNote.isEmpty ? "No revision recorded in git." : d.historyNote))</p>\n"
        }
        if !d.lint.isEmpty {
            b += "<h2>isms lint findings</h2>\n<table><thead><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Finding</th></tr></thead><tbody>\n"
            for l in d.lint { b += lintRow(l, page: page) }
            b += "</tbody></table>\n"
        }
        return F.page(page, title: heading.isEmpty ? d.path : heading, meta: meta, section: nil, body: b)
    }

    static func render(_ v: AuditPack.Value, page: String) -> String {
        switch v {
        case .text(let l): return F.link(l, from: page)
        case .list(let items):
            if items.isEmpty { return "<span class=\"muted\">(empty)</span>" }
            if items.count <= 30, items.allSatisfy({ if case .text(let l) = $0 { return l.text.count < 40 } else { return false } }) {
                return items.map { render($0, page: page) }.joined(separator: ", ")
            }
            return "<ul>" + items.map { "<li>\(render($0, page: page))</li>" }.joined() + "</ul>"
        case .map(let entries):
            if entries.isEmpty { return "<span class=\"muted\">(empty)</span>" }
            return "<ul>" + entries.map { "<li><strong>\(e($0.key))</strong>: \(render($0.value, page: page))</li>" }.joined() + "</ul>"
        }
    }
}
