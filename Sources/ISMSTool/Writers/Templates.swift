/// Document templates for `isms init` and `isms new`, embedded in the binary (scripts/embed.py).
public enum Templates {
    public static var files: [String: String] { embedded }
}
