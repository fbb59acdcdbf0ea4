import Foundation

/// A calendar date (`YYYY-MM-DD`), validated: 2026-02-30 is rejected, not rolled over.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Whether `text` has the shape of a date, so "2026-02-30" can be told "impossible" rather than "not a date".
    public static func looksLikeDate(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == 45, u[7] == 45 else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { u[$0] >= 48 && u[$0] <= 57 }
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public var description: String {
        // By hand: String(format:) showed up in profiles of history tables with tens of thousands of rows.
        func pad(_ n: Int, _ width: Int) -> String { let s = String(n); return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for day arithmetic without time zones.
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(ordinal z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.year = y; self.month = m; self.day = d
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// Adds months, clamping to the month's last day (2026-01-31 + 1 month = 2026-02-28).
    public func adding(months: Int) -> Day {
        let total = year * 12 + (month - 1) + months
        let y = total / 12, m = total % 12 + 1
        return Day(year: y, month: m, day: min(day, Day.daysIn(month: m, year: y)))!
    }

    public func adding(_ duration: ReviewInterval) -> Day {
        switch duration.unit {
        case .days: return adding(days: duration.count)
        case .weeks: return adding(days: duration.count * 7)
        case .months: return adding(months: duration.count)
        case .years: return adding(months: duration.count * 12)
        }
    }

    public static func days(from a: Day, to b: Day) -> Int { b.ordinal - a.ordinal }

    /// Today in UTC, unless the caller fixed it (`--today`, `ISMS_TODAY`).
    public static func today(now: Date = Date()) -> Day {
        Day(ordinal: Int((now.timeIntervalSince1970 / 86400).rounded(.down)))
    }
}

/// A duration such as `12 months`, `1 year`, `90 days`.
public struct ReviewInterval: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: String, Sendable { case days, weeks, months, years }
    public let count: Int
    public let unit: Unit

    public init?(_ text: String) {
        let parts = text.lowercased().split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let n = Int(parts[0]), n > 0 else { return nil }
        var word = String(parts[1])
        if !word.hasSuffix("s") { word += "s" }
        guard let unit = Unit(rawValue: word) else { return nil }
        count = n
        self.unit = unit
    }

    public var description: String { "\(count) \(count == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue)" }
}

/// A document version, `MAJOR.MINOR`, compared part by part as integers (1.9 < 1.10).
public struct DocumentVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let parts: [Int]
    public let text: String

    public init?(_ text: String) {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(pieces.count),
              pieces.allSatisfy({ !$0.isEmpty && $0.count <= 6 && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        parts = pieces.map { Int($0)! }
        self.text = text
    }

    public static func < (a: DocumentVersion, b: DocumentVersion) -> Bool {
        for i in 0..<max(a.parts.count, b.parts.count) {
            let x = i < a.parts.count ? a.parts[i] : 0, y = i < b.parts.count ? b.parts[i] : 0
            if x != y { return x < y }
        }
        return false
    }
    public static func == (a: DocumentVersion, b: DocumentVersion) -> Bool { !(a < b) && !(b < a) }
    public func hash(into h: inout Hasher) { h.combine(parts.reversed().drop { $0 == 0 }.reversed() as [Int]) }
    public var description: String { text }
}
