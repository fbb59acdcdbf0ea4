import GitKit

public enum ToolInfo {
    public static let version = "0.1.0"
    public static var versionLine: String { "isms \(version) (libgit2 \(Libgit2.version))" }
}
