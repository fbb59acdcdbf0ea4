#!/usr/bin/env python3
"""Generates a git repository with N ISMS documents and M commits for history benchmarks: several authors, approval
trailers, renames, and merges of side branches. Written with `git fast-import` so 20,000 commits take seconds.

usage: generate_history.py N M OUT_DIR
"""
import os, random, subprocess, sys

def main():
    n, m, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rnd = random.Random(7)
    os.makedirs(out, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    people = [f"p{i:02d}" for i in range(20)]
    stream = []
    def data(text):
        b = text.encode()
        return f"data {len(b)}\n".encode() + b + b"\n"
    def emit(s):
        stream.append(s if isinstance(s, bytes) else s.encode())
    paths = [f"isms/policies/doc-{i:04d}.md" for i in range(n)]
    versions = [[1, 0] for _ in range(n)]
    def doc(i):
        v = versions[i]
        return (f"---\nid: DOC-{i:04d}\ntype: policy\ntitle: Document {i}\nowner: {people[i % 20]}\napprover: role:approver\n"
                f"version: \"{v[0]}.{v[1]}\"\nstatus: approved\neffective: 2025-01-01\nreview_every: 12 months\nlast_reviewed: 2025-01-01\n---\n"
                f"# Document {i}\n\nRevision {v[0]}.{v[1]} of the rules in document {i}.\n" + "Body line.\n" * 20)
    registry = "---\nid: PEOPLE\ntype: people\ntitle: People\nowner: p00\napprover: role:approver\nversion: \"1.0\"\nstatus: approved\neffective: 2025-01-01\nreview_every: 12 months\nlast_reviewed: 2025-01-01\npeople:\n" + "".join(
        f"  - id: {p}\n    name: Person {p}\n    emails: [{p}@bench.example]\n    roles: [approver]\n" for p in people) + "---\n"
    t = 1_600_000_000
    mark = 0
    def commit(branch, author, msg, files, renames=(), parent=None, merge=None):
        nonlocal mark, t
        mark += 1
        t += 60
        emit(f"commit refs/heads/{branch}\nmark :{mark}\n")
        emit(f"author {author} <{author}@bench.example> {t} +0000\ncommitter {author} <{author}@bench.example> {t} +0000\n")
        emit(data(msg))
        if parent: emit(f"from :{parent}\n")
        if merge: emit(f"merge :{merge}\n")
        for old, new in renames: emit(f"R {old} {new}\n")
        for path, text in files:
            emit(f"M 100644 inline {path}\n"); emit(data(text))
        return mark
    head = commit("main", "p00", "Import the ISMS\n", [("isms/people.md", registry), ("isms/isms.yml", "version: 1\n")] + [(paths[i], doc(i)) for i in range(n)])
    made = 1
    while made < m:
        if made % 50 == 0 and made + 3 <= m:
            # A side branch with two commits, merged back by someone else.
            side = head
            for _ in range(2):
                i = rnd.randrange(n); versions[i][1] += 1
                a = people[rnd.randrange(20)]
                side = commit("side", a, f"Update document {i}\n\nApproved-by: Person <{people[(people.index(a) + 1) % 20]}@bench.example>\n", [(paths[i], doc(i))], parent=side)
            head = commit("main", people[rnd.randrange(20)], "Merge branch 'side'\n", [], parent=head, merge=side)
            made += 3
            continue
        a = people[rnd.randrange(20)]
        renames, files = [], []
        if made % 200 == 0:
            i = rnd.randrange(n)
            new = paths[i].replace(".md", f"-r{made}.md")
            renames.append((paths[i], new)); paths[i] = new
        else:
            for _ in range(rnd.randint(1, 3)):
                i = rnd.randrange(n); versions[i][1] += 1
                files.append((paths[i], doc(i)))
        approver = people[(people.index(a) + 1) % 20]
        head = commit("main", a, f"Change {made}\n\nApproved-by: Person <{approver}@bench.example>\n", files, renames, parent=head)
        made += 1
    emit("done\n")
    p = subprocess.run(["git", "-C", out, "fast-import", "--quiet", "--done"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", out, "checkout", "-q", "-f", "main"], check=True)
    subprocess.run(["git", "-C", out, "branch", "-D", "side"], check=False, capture_output=True)
    print(f"generated {n} documents and {made} commits in {out}")

main()
