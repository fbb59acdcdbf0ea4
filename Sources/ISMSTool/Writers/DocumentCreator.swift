import Foundation
import ISMSModel

/// `isms new TYPE --id ID --title TITLE`: one document from its template, where the model's conventions put it.
public enum DocumentCreator {
    public struct Options {
        public var type: DocumentType
        public var id: String
        public var title: String?
        public var owner: String?
        public var path: String?
        public var force: Bool
        public var today: Day
        public init(type: DocumentType, id: String, title: String?, owner: String?, path: String?, force: Bool, today: Day) {
            self.type = type; self.id = id; self.title = title; self.owner = owner; self.path = path; self.force = force; self.today = today
        }
    }

    /// The conventional place for a document of `type` (relative to the documents root).
    public static func defaultPath(_ type: DocumentType, id: String, title: String) -> String {
        let slug = MarkdownBody.slug(title).replacingOccurrences(of: "_", with: "-")
        let name = slug.isEmpty ? id : slug
        switch type {
        case .policy: return "policies/\(name).md"
        case .procedure: return "procedures/\(name).md"
        case .scope: return "scope.md"
        case .control: return "controls/\(id).md"
        case .riskMethodology: return "risk-methodology.md"
        case .objective: return "objectives/\(id).md"
        case .people: return "people.md"
        case .auditProgramme: return "audits/\(id).md"
        case .risk: return "risks/\(id).md"
        case .asset: return "assets/\(id).md"
        case .audit: return "audits/\(id).md"
        case .finding: return "findings/\(id).md"
        case .evidence: return "evidence/\(id).md"
        case .managementReview: return "reviews/\(id).md"
        }
    }

    /// Writes the document; returns its display path.
    public static func run(_ o: Options, workspace: Workspace, isms: ISMS) throws -> String {
        // Without isms.yml there is no ISMS to add to: writing would put a document where no command looks for it.
        guard workspace.hasConfigurationFile else {
            throw ToolFailure("no isms.yml in \(workspace.rootPath.isEmpty ? "this folder" : workspace.rootPath), above it or below it: `isms new` adds documents to an ISMS. Start one with `isms init FOLDER`, or name it with --in FOLDER; nothing was written")
        }
        guard o.id.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]*$"#, options: .regularExpression) != nil else {
            throw ToolFailure("--id '\(o.id)' is not an id (letters, digits, '.', '_', '-')")
        }
        if o.type == .control, !AnnexACatalog.isCustomControlID(o.id), !AnnexACatalog.iso27001_2022.contains(o.id) {
            throw ToolFailure("control id '\(o.id)' is not in Annex A of ISO/IEC 27001:2022: use 5.1 … 8.34, or C-… for your own control")
        }
        guard let title = o.title ?? (o.type == .control ? AnnexACatalog.iso27001_2022.control(o.id)?.title : nil) else {
            throw ToolFailure("--title is required for a \(o.type.rawValue)")
        }
        if !o.force, let other = isms.documents(id: o.id).first {
            throw ToolFailure("id '\(o.id)' is already used by \(other.path): nothing was written")
        }
        let owner = o.owner ?? isms.people.people.first?.id ?? "owner"
        let relative = o.path ?? defaultPath(o.type, id: o.id, title: title)
        guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
            throw ToolFailure("--path must stay inside the ISMS folder")
        }
        let url = workspace.documentsRoot.appendingPathComponent(relative).standardizedFileURL
        let text = Templates.fill(try Templates.text("new/\(o.type.rawValue).md"), [
            "id": o.id, "title": Templates.yamlQuoted(title), "title_text": title, "owner": owner,
            "owner_name": Templates.yamlQuoted(owner), "today": o.today.description,
            "organisation": isms.configuration.organisation ?? "the organisation",
        ])
        try workspace.writeInside([(url, text)], force: o.force)
        return workspace.source.displayPath(url)
    }
}
