import ArgumentParser
import Foundation
import ISMSTool

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lay out a new ISMS from the built-in templates.")
    @Argument(help: "Folder to create the ISMS in.") var directory: String = "."
    @Flag(help: "Overwrite files that already exist.") var force = false
    func run() throws { throw ToolFailureError(message: "not yet") }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add one document from its template.")
    func run() throws { throw ToolFailureError(message: "not yet") }
}
