import Foundation
import ISMSReport
import Testing
import TestSupport

/// SHA-256 for the audit pack manifest and the baseline and SARIF fingerprints, now OpenSSL's libcrypto: the FIPS 180-2
/// known answers, and larger inputs checked against coreutils' `sha256sum`, run as a separate program.
@Suite struct SHA256Tests {
    @Test func knownAnswers() {
        #expect(SARIFReporter.sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SARIFReporter.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SARIFReporter.sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(AuditPackManifest.sha256(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(AuditPackManifest.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // A fingerprint already stored in baselines and SARIF uploads keeps its value.
        #expect(SARIFReporter.fingerprint(rule: "r", path: "p", message: "m") == SARIFReporter.sha256("r\u{0}p\u{0}m"))
    }

    /// 1 MiB of varied bytes, and the lengths around a 64-byte block's padding boundary, agree with `sha256sum`.
    @Test func agreesWithSha256sum() throws {
        let tmp = TemporaryFolder("sha256")
        var state: UInt32 = 0x2545_F491
        let mebibyte = (0..<1_048_576).map { _ -> UInt8 in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        var inputs = [Data(mebibyte)]
        for n in [55, 56, 63, 64, 65, 119, 120, 1000] { inputs.append(Data(mebibyte.prefix(n))) }
        for (i, data) in inputs.enumerated() {
            let file = tmp.url.appendingPathComponent("input-\(i)")
            try data.write(to: file)
            let r = try runProcess("/usr/bin/env", ["sha256sum", file.path])
            #expect(r.status == 0, "\(r.stderr)")
            let expected = String(r.stdout.prefix(64))
            #expect(expected.count == 64)
            #expect(AuditPackManifest.sha256(data) == expected, "\(data.count) bytes")
        }
    }
}
