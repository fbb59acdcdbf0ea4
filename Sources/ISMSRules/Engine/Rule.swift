import Foundation
import ISMSModel

/// The families rules are grouped in, as `isms rules` lists them.
public enum RuleFamily: String, CaseIterable, Sendable {
    case parsing, schema, references, completeness, ownership, freshness, links, configuration, suppression
    case changeControl = "change-control", independence, programme, findings
}

/// One example of a rule: a small ISMS (paths → file text). In a triggering example every `↓` marks where a finding
/// must land (line and column); a non-triggering example must produce no finding of the rule.
public struct RuleExample: Sendable {
    /// The files (for history examples: those of the first commit).
    public var files: [String: String]
    /// For history rules: commits made in order on top of `files` in a real repository; markers in their files count.
    public var commits: [ExampleCommit] = []
    /// Controls the example's catalog holds (the full Annex A when nil): a test ISMS need not hold 93 files.
    public var catalog: [String]?
    public var today: String
    public var note: String?

    public init(_ files: [String: String], catalog: [String]? = [], today: String = "2026-06-01", note: String? = nil) {
        self.files = files
        self.catalog = catalog
        self.today = today
        self.note = note
    }

    /// A single document (plus, unless given, a small people registry), the common case.
    public init(_ path: String, _ text: String, catalog: [String]? = [], today: String = "2026-06-01", note: String? = nil) {
        var files = [path: text]
        if path != "people.md" { files["people.md"] = RuleExample.people }
        self.init(files, catalog: catalog, today: today, note: note)
    }

    /// A history example: a first commit by alice of `files` (dated 2026-01-05), then `commits`.
    public init(_ files: [String: String], then commits: [ExampleCommit], configuration: String? = nil, today: String = "2026-06-01", note: String? = nil) {
        var all = files
        if all["people.md"] == nil { all["people.md"] = RuleExample.people }
        // The first commit imports the ISMS; change control is adopted the day after (change_control.since).
        all["isms.yml"] = configuration ?? "version: 1\nchange_control:\n  since: 2026-01-06\n"
        self.init(all, catalog: [], today: today, note: note)
        self.commits = commits
    }

    public static let marker: Character = "↓"

    /// People most examples rely on: alice (ciso, security), bob (engineering), carol (top management), dave (auditor).
    public static let people = """
    ---
    id: PEOPLE
    type: people
    title: People and roles
    owner: alice
    approver: carol
    version: "1.0"
    status: approved
    effective: 2026-01-05
    review_every: 12 months
    last_reviewed: 2026-01-05
    people:
      - id: alice
        name: Alice Adams
        emails: [alice@example.com]
        roles: [ciso]
        teams: [security]
      - id: bob
        name: Bob Brown
        emails: [bob@example.com, 42+bob@users.noreply.github.com]
        roles: [engineer]
        teams: [engineering]
      - id: carol
        name: Carol Clark
        emails: [carol@example.com]
        roles: [top-management]
        teams: [leadership]
      - id: dave
        name: Dave Dunn
        emails: [dave@example.com]
        roles: [internal-auditor]
        teams: [finance]
    ---
    # People

    ## Roles
    """
}

/// One commit of a history example.
public struct ExampleCommit: Sendable {
    /// A person id of the example registry (their first address), or an e-mail address.
    public var author: String
    public var date: String
    public var message: String
    /// File texts to write; nil deletes the file.
    public var files: [String: String?]
    /// Renames done with `git mv` before the files are written.
    public var renames: [String: String]

    public init(author: String, date: String = "2026-03-02", message: String, files: [String: String?] = [:], renames: [String: String] = [:]) {
        self.author = author; self.date = date; self.message = message; self.files = files; self.renames = renames
    }
}

public struct RuleDescription: Sendable {
    public var id: String
    public var name: String
    public var family: RuleFamily
    public var severity: Severity
    public var rationale: String
    public var triggering: [RuleExample]
    public var nonTriggering: [RuleExample]

    public init(id: String, name: String, family: RuleFamily, severity: Severity, rationale: String,
                triggering: [RuleExample], nonTriggering: [RuleExample]) {
        self.id = id; self.name = name; self.family = family; self.severity = severity
        self.rationale = rationale; self.triggering = triggering; self.nonTriggering = nonTriggering
    }
}

/// What a rule sees: the ISMS and the facts of this run. History-based rules read `history` when a later stage provides it.
public struct RuleContext: @unchecked Sendable {
    public var isms: ISMS
    public var today: Day
    /// Facts from git history (change records, authorship), when the run has them; rules that need them skip otherwise.
    public var history: ChangeHistory?
    /// The paths whose findings will be reported (the pre-commit hook reports only on the files a commit touches);
    /// nil for all. Rules whose findings about a document depend only on that document (and on lookups into the whole
    /// model) iterate `documents` instead of `isms.documents`, so a hook at 1,000 documents does not lint 999 it will
    /// not report; cross-document rules still see the whole model.
    public var focus: Set<String>?

    public init(isms: ISMS, today: Day, history: ChangeHistory? = nil, focus: Set<String>? = nil) {
        self.isms = isms
        self.today = today
        self.history = history
        self.focus = focus
    }

    /// The documents whose own findings are wanted: the focus, or every document.
    public var documents: [Document] {
        guard let focus else { return isms.documents }
        return isms.documents.filter { focus.contains($0.path) }
    }

    /// The documents of `type` whose own findings are wanted.
    public func documents(_ type: DocumentType) -> [Document] {
        guard let focus else { return isms.documents(type) }
        return isms.documents(type).filter { focus.contains($0.path) }
    }

    /// A key for work memoised on the model that depends on the focus (so a focused run never reuses a full one's, or back).
    public func memoKey(_ key: String) -> String {
        guard let focus else { return key }
        return key + "|focus:" + focus.sorted().joined(separator: "\n")
    }
}

/// A rule only returns values: it never prints and never chooses an exit code.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
    func check(_ context: RuleContext) -> [Finding]
}

extension Rule {
    public var id: String { Self.description.id }

    /// A finding of this rule.
    public func finding(_ path: String, _ position: SourcePosition, _ message: String, severity: Severity? = nil) -> Finding {
        Finding(rule: Self.description.id, severity: severity, path: path, position: position, message: message)
    }
    public func finding(_ doc: Document, _ position: SourcePosition, _ message: String, severity: Severity? = nil) -> Finding {
        finding(doc.path, position, message, severity: severity)
    }
}
