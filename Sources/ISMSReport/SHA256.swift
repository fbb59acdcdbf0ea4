import CLibcrypto

/// SHA-256 by OpenSSL's libcrypto (`EVP_Digest`): manifests and fingerprints rest on a maintained implementation.
/// Every input is hashed whole (pack files are read into memory anyway), so there is no streaming form.
public enum SHA256 {
    /// Lowercase hex digest of `message`; empty only if libcrypto cannot provide SHA-256 (a broken OpenSSL
    /// configuration), which a verification then reports as a changed file rather than crashing.
    public static func hex(_ message: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ok = message.withUnsafeBufferPointer { input -> Bool in
            // An empty array may have no storage; libcrypto still wants a pointer.
            var none: UInt8 = 0
            return withUnsafePointer(to: &none) { fallback in
                EVP_Digest(input.baseAddress ?? fallback, input.count, &digest, &length, EVP_sha256(), nil) == 1
            }
        }
        guard ok, length == 32 else { return "" }
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest.prefix(32) {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
