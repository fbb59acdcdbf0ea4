import ArgumentParser
import Foundation
import ISMSModel
import ISMSTool

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lay out a new ISMS from the built-in templates.",
        discussion: """
        Writes isms.yml, people.md, scope.md, the information security policy, the risk methodology and one file per \
        Annex A control with applicability still to decide; `isms lint` then lists the decisions to make. \
        Refuses to overwrite any existing file unless --force is given; nothing is written when it refuses.
        """)

    @Argument(help: "Folder to create the ISMS in (created if missing).") var directory: String = "."
    @Option(help: "The organisation's name.") var organisation: String = "Example Ltd"
    @Option(help: "Person id of the ISMS owner, the first entry of people.md.") var owner: String = "isms-owner"
    @Option(help: "That person's name.") var ownerName: String = "ISMS owner"
    @Flag(help: "Overwrite files that already exist.") var force = false
    @OptionGroup var common: CommonOptions

    func run() throws {
        let today = try common.resolvedToday()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let dir = URL(fileURLWithPath: directory, relativeTo: cwd).standardizedFileURL
        let written = try runTool {
            try ISMSInitializer.run(.init(directory: dir, organisation: organisation, owner: owner, ownerName: ownerName, today: today, force: force), displayBase: cwd)
        }
        guard !common.quiet else { return }
        print("Created an ISMS in \(directory): \(written.count) files (isms.yml, people.md, scope.md, a policy, the risk methodology, \(written.count - 5) controls).")
        print("Next: edit people.md, then run `isms lint \(directory)` to see the decisions still to make.")
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add one document from its template.",
        discussion: "TYPE is one of: \(DocumentType.allCases.map(\.rawValue).joined(separator: ", ")). Refuses to overwrite without --force.")

    @Argument(help: "The document type.") var type: String
    @Option(help: "The document id (unique in the ISMS).") var id: String
    @Option(help: "The title (for a control, the Annex A title by default).") var title: String?
    @Option(help: "Person id of the owner (default: the first person in people.md).") var owner: String?
    @Option(help: "File to write, relative to the ISMS folder (default: by type, e.g. policies/<title>.md).") var path: String?
    @OptionGroup var location: ISMSLocation
    var folder: String { location.folder }
    @Flag(help: "Overwrite a file that already exists.") var force = false
    @OptionGroup var common: CommonOptions

    func run() throws {
        guard let docType = DocumentType(rawValue: type) else {
            throw ValidationError("'\(type)' is not a document type: use one of \(DocumentType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let today = try common.resolvedToday()
        let written = try runTool { () throws -> String in
            let workspace = try Workspace.locate(folder)
            let isms = try ISMSLoader.load(from: workspace.source, configuration: workspace.configuration, rootPath: workspace.rootPath)
            return try DocumentCreator.run(.init(type: docType, id: id, title: title, owner: owner, path: path, force: force, today: today), workspace: workspace, isms: isms)
        }
        if !common.quiet { print("Created \(written)") }
    }
}
