import Foundation

/// The 93 controls of ISO/IEC 27001:2022 Annex A, and the 2013 → 2022 correspondence, embedded in the binary.
public struct AnnexACatalog: Sendable {
    public struct Control: Sendable, Hashable {
        public let id: String
        public let title: String
        public let theme: String
    }

    public let controls: [Control]
    private let byID: [String: Control]
    private let correspondence: [String: [String]]
    private let oldTitles: [String: String]

    public static let iso27001_2022 = AnnexACatalog(
        controls: embeddedControls.map { Control(id: $0.id, title: $0.title, theme: $0.theme) })

    /// A catalog of `ids` only: rule examples use small catalogs so that a test ISMS need not hold 93 files.
    public init(controls: [Control]) {
        self.controls = controls
        byID = Dictionary(uniqueKeysWithValues: controls.map { ($0.id, $0) })
        var map: [String: [String]] = [:], titles: [String: String] = [:]
        for row in Self.embeddedCorrespondence {
            map[row.old, default: []].append(row.new)
            titles[row.old] = row.oldTitle
        }
        correspondence = map
        oldTitles = titles
    }

    public func subset(_ ids: [String]) -> AnnexACatalog {
        AnnexACatalog(controls: ids.compactMap { id in byID[id] ?? Self.iso27001_2022.control(id) })
    }

    public func control(_ id: String) -> Control? { byID[id] }
    public func contains(_ id: String) -> Bool { byID[id] != nil }

    /// Titles the standard and ISO/IEC 27002 spell differently; either is right.
    public static let titleAliases: [String: [String]] = [
        "8.1": ["User endpoint devices"],
        "5.21": ["Managing information security in the information and communication technology (ICT) supply chain"],
        "5.34": ["Privacy and protection of personal identifiable information (PII)", "Privacy and protection of personally identifiable information (PII)"],
    ]

    public func acceptsTitle(_ title: String, for id: String) -> Bool {
        guard let control = byID[id] else { return true }
        let normal = { (s: String) in s.lowercased().filter { $0.isLetter || $0.isNumber } }
        return ([control.title] + (Self.titleAliases[id] ?? [])).contains { normal($0) == normal(title) }
    }

    /// The 2022 controls a 2013 control (`A.9.2.1` or `9.2.1`) maps to; empty when it is not a 2013 id.
    public func successors(of oldID: String) -> [String] {
        var key = oldID
        if key.hasPrefix("A.") { key.removeFirst(2) }
        return correspondence[key] ?? []
    }
    public func oldTitle(_ oldID: String) -> String? {
        var key = oldID
        if key.hasPrefix("A.") { key.removeFirst(2) }
        return oldTitles[key]
    }
    public var correspondenceRows: [(old: String, oldTitle: String, new: String)] { Self.embeddedCorrespondence }

    /// Annex A order: 5.2 before 5.10, custom controls (`C-…`) after.
    public static func numericOrder(_ a: String, _ b: String) -> Bool {
        let pa = a.split(separator: ".").map { Int($0) }, pb = b.split(separator: ".").map { Int($0) }
        let na = pa.allSatisfy { $0 != nil }, nb = pb.allSatisfy { $0 != nil }
        if na && nb { return pa.map { $0! }.lexicographicallyPrecedes(pb.map { $0! }) }
        if na != nb { return na }
        return a < b
    }

    /// `C-…` ids are the organisation's own controls.
    public static func isCustomControlID(_ id: String) -> Bool {
        id.hasPrefix("C-") && id.count > 2
    }

    /// Whether `id` is written like an Annex A 2022 id (`5.10`), whether or not it exists.
    public static func looksLikeAnnexA(_ id: String) -> Bool {
        guard let n = IDShape.numbers(Substring(id)), n.count == 2 else { return false }
        return (5...8).contains(n[0]) && id.first != "0"
    }
    /// Whether `id` is written like an ISO/IEC 27001:2013 Annex A id (`A.9.2.1`).
    public static func looksLike2013(_ id: String) -> Bool {
        guard id.hasPrefix("A."), let n = IDShape.numbers(id.dropFirst(2)) else { return false }
        return n.count == 2 || n.count == 3
    }
}
