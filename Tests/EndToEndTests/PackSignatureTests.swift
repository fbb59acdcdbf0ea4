import Foundation
import Testing
import TestSupport

/// A signed audit pack: editing a page and rehashing the manifest no longer verifies.
@Suite(.serialized) struct PackSignatureTests {
    static func key(_ folder: TemporaryFolder, _ name: String, principal: String) throws -> (key: String, allowed: String) {
        let key = folder.url.appendingPathComponent(name).path
        let r = try runProcess("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", principal, "-f", key])
        #expect(r.status == 0, "\(r.stderr)")
        let pub = try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let allowed = folder.write("\(name)-allowed", "\(principal) namespaces=\"isms-audit-pack\" \(pub)\n")
        return (key, allowed.path)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen"), "ssh-keygen is not installed (openssh-client)"))
    func aSignedPackVerifiesAndATamperedOneDoesNot() throws {
        let tmp = TemporaryFolder("signed-pack")
        let (key, allowed) = try Self.key(tmp, "auditor", principal: "priya@example.com")
        let (otherKey, _) = try Self.key(tmp, "mallory", principal: "mallory@example.com")
        let build = try AuditPackTests.build(AuditPackTests.policies, into: tmp, extra: ["--sign", key])
        #expect(build.status == 0, "\(build.stderr)")
        let pack = tmp.url.appendingPathComponent("pack")
        #expect(FileManager.default.fileExists(atPath: pack.appendingPathComponent("manifest.json.sig").path))

        let good = try ISMSBinary.run(["report", "--verify", pack.path, "--allowed-signers", allowed])
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.contains("signature: good, signed by priya@example.com"), "\(good.stdout)")
        // Without --allowed-signers: hashes only, and it says the signature was not checked.
        let plain = try ISMSBinary.run(["report", "--verify", pack.path])
        #expect(plain.status == 0 && plain.stdout.contains("not checked"), "\(plain.stdout)")

        // Edit a page and rehash the manifest, as someone covering their tracks would: the hashes agree again …
        let soa = pack.appendingPathComponent("soa.html")
        let edited = try String(contentsOf: soa, encoding: .utf8).replacingOccurrences(of: "partial", with: "implemented")
        #expect(edited != (try String(contentsOf: soa, encoding: .utf8)))
        try edited.write(to: soa, atomically: true, encoding: .utf8)
        #expect(try ISMSBinary.run(["report", "--verify", pack.path]).status == 1, "edited, not yet rehashed")
        let manifestURL = pack.appendingPathComponent("manifest.json")
        var manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        let oldHash = try #require(manifest.components(separatedBy: "\"path\": \"soa.html\", \"sha256\": \"").dropFirst().first?.prefix(64))
        let newHash = try runProcess("/usr/bin/sha256sum", [soa.path]).stdout.prefix(64)
        manifest = manifest.replacingOccurrences(of: String(oldHash), with: String(newHash))
        try manifest.write(to: manifestURL, atomically: true, encoding: .utf8)
        #expect(try ISMSBinary.run(["report", "--verify", pack.path]).status == 0, "rehashed: the checksums alone agree")
        // … but the signature does not.
        let tampered = try ISMSBinary.run(["report", "--verify", pack.path, "--allowed-signers", allowed])
        #expect(tampered.status == 1, "\(tampered.stdout)")
        #expect(tampered.stdout.contains("signature: BAD"), "\(tampered.stdout)")

        // Re-signed with a key that is not allowed: still refused.
        try FileManager.default.removeItem(at: pack.appendingPathComponent("manifest.json.sig"))
        _ = try runProcess("/usr/bin/ssh-keygen", ["-Y", "sign", "-q", "-f", otherKey, "-n", "isms-audit-pack", manifestURL.path])
        let foreign = try ISMSBinary.run(["report", "--verify", pack.path, "--allowed-signers", allowed])
        #expect(foreign.status == 1 && foreign.stdout.contains("not in"), "\(foreign.stdout)")
        // No signature at all, when one is required: refused.
        try FileManager.default.removeItem(at: pack.appendingPathComponent("manifest.json.sig"))
        let unsigned = try ISMSBinary.run(["report", "--verify", pack.path, "--allowed-signers", allowed])
        #expect(unsigned.status == 1 && unsigned.stdout.contains("signature: missing"), "\(unsigned.stdout)")
    }

    @Test func signingProblemsStopBeforeAnyPackAppears() throws {
        let tmp = TemporaryFolder("unsigned-pack")
        let r = try AuditPackTests.build(AuditPackTests.policies, into: tmp, extra: ["--sign", tmp.url.appendingPathComponent("no-such-key").path])
        #expect(r.status == 2 && r.stderr.contains("no-such-key"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: tmp.url.appendingPathComponent("pack").path))
        #expect(try ISMSBinary.run(["report", "--verify", tmp.path, "--sign", "k"]).status == 2)
    }
}
