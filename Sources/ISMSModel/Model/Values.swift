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

    /// The first and last days a `Day` can hold (0001-01-01 and 9999-12-31), as ordinals.
    public static let ordinalRange = -719_162...2_932_896

    /// Clamped to 0001-01-01...9999-12-31, so arithmetic on document dates can never overflow or leave the calendar.
    public init(ordinal z0: Int) {
        let z = min(max(z0, Day.ordinalRange.lowerBound), Day.ordinalRange.upperBound) + 719468
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

    /// Saturates at the ends of the calendar (0001-01-01, 9999-12-31) rather than overflowing.
    public func adding(days: Int) -> Day {
        let (sum, overflow) = ordinal.addingReportingOverflow(days)
        return Day(ordinal: overflow ? (days < 0 ? Int.min : Int.max) : sum)
    }

    /// Adds months, clamping to the month's last day (2026-01-31 + 1 month = 2026-02-28),
    /// and saturating at the ends of the calendar.
    public func adding(months: Int) -> Day {
        let lowest = 0, highest = 9999 * 12 + 11      // months since 0000-01, for 0001-01 ... 9999-12
        let here = year * 12 + (month - 1)
        let (sum, overflow) = here.addingReportingOverflow(months)
        let total = overflow ? (months < 0 ? lowest : highest) : sum
        if total < 12 { return Day(ordinal: Int.min) }
        if total > highest { return Day(ordinal: Int.max) }
        let y = total / 12, m = total % 12 + 1
        return Day(year: y, month: m, day: min(day, Day.daysIn(month: m, year: y))) ?? Day(ordinal: Int.max)
    }

    public func adding(_ duration: ReviewInterval) -> Day {
        func times(_ n: Int, _ k: Int) -> Int {
            let (p, overflow) = n.multipliedReportingOverflow(by: k)
            return overflow ? (n < 0 ? Int.min : Int.max) : p
        }
        switch duration.unit {
        case .days: return adding(days: duration.count)
        case .weeks: return adding(days: times(duration.count, 7))
        case .months: return adding(months: duration.count)
        case .years: return adding(months: times(duration.count, 12))
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

    /// The longest duration a document may state, per unit: 100 years. Longer is a typo (`10000 years`) and would
    /// leave the calendar.
    public static let maximum: [Unit: Int] = [.days: 36_525, .weeks: 5_218, .months: 1_200, .years: 100]
    public static let rangeDescription = "from 1 to 100 years (1200 months, 5218 weeks, 36525 days)"

    /// nil unless `text` is a duration within `maximum`; see `isOutOfRange` to tell the two apart.
    public init?(_ text: String) {
        guard let (n, unit) = ReviewInterval.parse(text), n <= ReviewInterval.maximum[unit, default: 0] else { return nil }
        count = n
        self.unit = unit
    }

    /// Whether `text` is shaped like a duration but longer than `maximum` (or too large to read as a number).
    public static func isOutOfRange(_ text: String) -> Bool {
        let parts = text.lowercased().split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), unit(parts[1]) != nil else { return false }
        return ReviewInterval(text) == nil
    }

    private static func unit(_ word: Substring) -> Unit? {
        var word = String(word)
        if !word.hasSuffix("s") { word += "s" }
        return Unit(rawValue: word)
    }

    private static func parse(_ text: String) -> (Int, Unit)? {
        let parts = text.lowercased().split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let n = Int(parts[0]), n > 0, let unit = unit(parts[1]) else { return nil }
        return (n, unit)
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

/// Whole numbers read from documents (likelihood, impact, scales, thresholds). Bounded so that products and sums of
/// them never overflow; a number outside the range is a finding at the schema, and reads as absent everywhere else.
public enum DocumentNumber {
    public static let range = 0...1_000_000
    public static let rangeDescription = "a whole number from 0 to 1000000"

    public static func parse(_ text: String) -> Int? {
        guard let n = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(n) else { return nil }
        return n
    }
}
