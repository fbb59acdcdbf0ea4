import Foundation

// Plain-Swift text helpers for the hot path: Foundation's NSString bridging dominated profiles on Linux.

extension StringProtocol {
    /// Whitespace and newlines trimmed from both ends, without Foundation. ASCII text by its bytes (where a byte is
    /// a character, and whitespace is space, tab, and the line and page breaks); any other as characters.
    public var trimmed: String {
        // One pass over the bytes in place: the first and last that are not whitespace (-1: none), unless one is
        // not ASCII (-2).
        let found = utf8.withContiguousStorageIfAvailable { b -> (first: Int, last: Int) in
            var first = -1, last = -1
            for k in 0..<b.count {
                let c = b[k]
                if c >= 0x80 { return (-2, -2) }
                if c != 0x20 && !(c >= 0x09 && c <= 0x0D) {
                    if first < 0 { first = k }
                    last = k
                }
            }
            return (first, last)
        }
        guard let found, found.first != -2 else { return characterTrimmed }
        if found.first < 0 { return "" }
        let u = utf8
        return String(self[u.index(u.startIndex, offsetBy: found.first)..<u.index(u.startIndex, offsetBy: found.last + 1)])
    }

    /// The same, character by character (Unicode's whitespace).
    var characterTrimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}

extension String {
    /// Whether `needle` occurs, comparing bytes (no locale, no bridging).
    public func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var n = needle
        return haystack.withUTF8 { h in
            n.withUTF8 { nb in
                guard nb.count > 0 else { return true }
                guard h.count >= nb.count else { return false }
                let first = nb[0], last = h.count - nb.count
                var i = 0
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < nb.count && h[i + j] == nb[j] { j += 1 }
                        if j == nb.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}

extension Data {
    public func containsByte(_ byte: UInt8) -> Bool {
        withUnsafeBytes { raw in raw.count > 0 && memchr(raw.baseAddress!, Int32(byte), raw.count) != nil }
    }
}

/// Shapes of ids, checked by hand: regular expressions were a tenth of a lint run.
public enum IDShape {
    /// "5.10" → [5, 10]; nil unless every part is 1–`maxDigits` ASCII digits.
    public static func numbers(_ s: Substring, maxDigits: Int = 2) -> [Int]? {
        var out: [Int] = []
        for part in s.split(separator: ".", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.count <= maxDigits, part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            out.append(Int(part)!)
        }
        return out
    }

    /// `[A-Za-z0-9][A-Za-z0-9._-]*`
    public static func isIdentifier(_ s: String) -> Bool {
        var first = true
        for b in s.utf8 {
            let alnum = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
            if !(alnum || (!first && (b == 46 || b == 95 || b == 45))) { return false }
            first = false
        }
        return !first
    }

    /// An ISO/IEC 27001 clause id: 4 to 10, then up to three sub-levels (6.1.2).
    public static func isClause(_ s: String) -> Bool {
        guard let parts = numbers(Substring(s)), (1...4).contains(parts.count), (4...10).contains(parts[0]) else { return false }
        let pieces = s.split(separator: ".")
        return zip(parts.dropFirst(), pieces.dropFirst()).allSatisfy { $0 >= 1 && !$1.hasPrefix("0") }
    }
}
