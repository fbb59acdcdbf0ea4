import Foundation
import ISMSModel

/// `isms init`: a new ISMS with every document an auditor expects to find, and every decision still to make.
public enum ISMSInitializer {
    public struct Options {
        public var directory: URL
        public var organisation: String
        public var owner: String
        public var ownerName: String
        public var today: Day
        public var force: Bool
        public init(directory: URL, organisation: String, owner: String, ownerName: String, today: Day, force: Bool) {
            self.directory = directory; self.organisation = organisation; self.owner = owner
            self.ownerName = ownerName; self.today = today; self.force = force
        }
    }

    /// Returns the paths written, relative to the directory.
    @discardableResult
    public static func run(_ o: Options, displayBase: URL) throws -> [String] {
        guard o.owner.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]*$"#, options: .regularExpression) != nil else {
            throw ToolFailure("--owner '\(o.owner)' is not a person id (letters, digits, '.', '_', '-')")
        }
        let values = [
            "organisation": o.organisation, "owner": o.owner, "owner_name": Templates.yamlQuoted(o.ownerName),
            "today": o.today.description,
        ]
        var files: [(String, String)] = [
            ("isms.yml", Templates.fill(try Templates.text("init/isms.yml"), values.merging(["organisation": Templates.yamlQuoted(o.organisation)]) { $1 })),
            ("people.md", Templates.fill(try Templates.text("init/people.md"), values)),
            ("scope.md", Templates.fill(try Templates.text("init/scope.md"), values)),
            ("policies/information-security-policy.md", Templates.fill(try Templates.text("init/information-security-policy.md"), values)),
            ("risk-methodology.md", Templates.fill(try Templates.text("init/risk-methodology.md"), values)),
        ]
        let control = try Templates.text("init/control.md")
        for c in AnnexACatalog.iso27001_2022.controls {
            files.append(("controls/\(c.id).md", Templates.fill(control, values.merging([
                "id": c.id, "title": Templates.yamlQuoted(c.title), "title_text": c.title,
            ]) { $1 })))
        }
        let boundary = WriteBoundary.forNewISMS(in: o.directory)
        for file in files { try boundary.check(o.directory.appendingPathComponent(file.0), display: AtomicWriter.relative(o.directory.appendingPathComponent(file.0), to: displayBase)) }
        try AtomicWriter.write(files.map { (o.directory.appendingPathComponent($0.0), $0.1) }, force: o.force, displayBase: displayBase)
        return files.map(\.0)
    }
}
