import ArgumentParser
import Foundation
import GitKit
import ISMSTool

// Exit codes: 0 no error findings · 1 error findings · 2 the tool could not do its job (usage, configuration,
// not a repository, history unavailable). ArgumentParser's own usage code (64) is folded into 2.
/// A damaged git object met on the way (and passed over) makes any result untrustworthy: exit 2, naming it.
func exitIfGitObjectsWereDamaged() {
    guard let damage = CorruptObjectReport.take() else { return }
    FileHandle.standardError.write(Data("isms: \(damage)\n".utf8))
    Foundation.exit(2)
}

do {
    var command = try ISMSCommand.parseAsRoot()
    try command.run()
    exitIfGitObjectsWereDamaged()
    exit(0)
} catch let exit as ExitCode {
    if exit.rawValue == 0 || exit.rawValue == 1 { exitIfGitObjectsWereDamaged() }
    Foundation.exit(exit.rawValue)
} catch let failure as ToolFailureError {
    FileHandle.standardError.write(Data("isms: \(failure.message)\n".utf8))
    Foundation.exit(2)
} catch {
    let code = ISMSCommand.exitCode(for: error)
    if code == .success {
        print(ISMSCommand.fullMessage(for: error))
        Foundation.exit(0)
    }
    FileHandle.standardError.write(Data((ISMSCommand.fullMessage(for: error) + "\n").utf8))
    Foundation.exit(2)
}
