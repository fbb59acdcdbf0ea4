import ISMSModel

struct ControlIDRule: Rule {
    static let description = RuleDescription(
        id: "control-id-unknown", name: "Control id not in Annex A", family: .schema, severity: .error,
        rationale: "A control file's id is an Annex A 2022 id (5.1 … 8.34) or the organisation's own `C-…`. An unknown id never reaches the Statement of Applicability; a 2013 id (A.9.2.1) belongs to a superseded standard.",
        triggering: [RuleExample("controls/5.99.md", "---\nid: ↓\"5.99\"\ntype: control\ntitle: T\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: draft\nreview_every: 1 year\napplicable: false\njustification: n/a\n---\n", catalog: nil)],
        nonTriggering: [RuleExample("controls/5.10.md", "---\nid: 5.10\ntype: control\ntitle: Acceptable use of information and other associated assets\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: draft\nreview_every: 1 year\napplicable: false\njustification: Not needed.\n---\n", catalog: ["5.10"]),
                        RuleExample("controls/C-1.md", "---\nid: C-BACKUP-TEST\ntype: control\ntitle: Quarterly restore test\nowner: alice\napprover: carol\nversion: \"1.0\"\nstatus: draft\nreview_every: 1 year\napplicable: true\njustification: R-004.\nimplementation: implemented\n---\n")])

    func check(_ context: RuleContext) -> [Finding] {
        context.isms.documents(.control).compactMap { doc in
            guard let id = doc.id, !AnnexACatalog.isCustomControlID(id), !context.isms.catalog.contains(id),
                  !AnnexACatalog.iso27001_2022.contains(id) else { return nil }
            let successors = context.isms.catalog.successors(of: id)
            let hint = successors.isEmpty ? "use an Annex A 2022 id (5.1 … 8.34) or C-… for your own control"
                : "\(id) is an ISO 27001:2013 control; in 2022 it is \(successors.joined(separator: " and "))"
            return finding(doc, doc.valuePosition(of: "id"), "control id '\(id)' is not in Annex A of ISO/IEC 27001:2022: \(hint)")
        }
    }
}
