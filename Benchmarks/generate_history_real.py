#!/usr/bin/env python3
"""Generates a git repository shaped like a real documentation history (hugo's docs, GOV.UK's developer docs) for the
history benchmark: documents of a few KB with valid front matter at every revision, a documents set that grows from
a few hundred to over a thousand, small edits of one to three documents per commit, renames one at a time (often
with an edit) and whole sections moved at once, deletions, other files changed alongside, long linear stretches on
main and feature branches forked from main and merged back (several open at once, so main moves on meanwhile).
Written with `git fast-import`: ~16,000 commits take well under a minute.

Two shapes, after the two histories issue 12 measured:
  docs           (default; hugo's docs) long linear stretches on main, ~1 merge in 25 commits;
  pull-requests  (GOV.UK's developer docs) nearly every change made on a short branch and merged, ~2 merges in 5 commits.

usage: generate_history_real.py OUT_DIR [COMMITS] [SHAPE]   (default 16000 docs)
"""
import os, random, subprocess, sys

WORDS = ("the a of to and in is for that on with as by be this are or it from at an which can use you your must "
         "access control risk asset supplier incident backup review policy owner record log change approve key "
         "data network server user account password encryption audit evidence training continuity legal").split()

def main():
    out = sys.argv[1]
    target = int(sys.argv[2]) if len(sys.argv) > 2 else 16000
    shape = sys.argv[3] if len(sys.argv) > 3 else "docs"
    if shape not in ("docs", "pull-requests"): sys.exit(f"unknown shape {shape!r}: docs or pull-requests")
    # (work on a branch, merge one, open one) as cumulative probabilities; commits per merge at most; open branches.
    p_work, p_merge, p_open, per_merge, max_open = (0.22, 0.27, 0.32, 25, 4) if shape == "docs" else (0.12, 0.50, 0.90, 2.5, 8)
    rnd = random.Random(12)
    os.makedirs(out, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    people = [f"p{i:02d}" for i in range(40)]
    chunks = []
    def emit(s): chunks.append(s if isinstance(s, bytes) else s.encode())
    def data(text):
        b = text.encode()
        return f"data {len(b)}\n".encode() + b + b"\n"
    def line():
        return " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 12))).capitalize() + "."

    sections = [f"isms/content/s{i:02d}" for i in range(12)]
    # A document: its number, path, version and body lines (a few KB, so similarity and parsing cost what they do).
    class Doc:
        __slots__ = ("n", "path", "major", "minor", "body", "kind")
    docs = {}
    next_doc = [0]
    def new_doc(section):
        d = Doc()
        d.n = next_doc[0]; next_doc[0] += 1
        d.path = f"{section}/doc-{d.n:05d}.md"
        d.major, d.minor = 1, 0
        d.body = [line() for _ in range(rnd.randint(25, 70))]
        d.kind = rnd.choice(["policy", "procedure"])
        return d
    def text(d):
        kind = d.kind if d.kind != "record" else "procedure"
        return (f"---\nid: DOC-{d.n:05d}\ntype: {kind}\ntitle: Document {d.n}\nowner: {people[d.n % 40]}\n"
                f"approver: role:approver\nversion: \"{d.major}.{d.minor}\"\nstatus: approved\neffective: 2024-01-01\n"
                f"review_every: 12 months\nlast_reviewed: 2024-06-01\n---\n# Document {d.n}\n\n" + "\n".join(d.body) + "\n")
    def edit(d):
        d.minor += 1
        for _ in range(rnd.randint(1, 3)):
            r = rnd.random()
            i = rnd.randrange(len(d.body))
            if r < 0.6: d.body[i] = line()
            elif r < 0.85: d.body.insert(i, line())
            elif len(d.body) > 10: del d.body[i]
    registry = ("---\nid: PEOPLE\ntype: people\ntitle: People\nowner: p00\napprover: role:approver\nversion: \"1.0\"\n"
                "status: approved\neffective: 2024-01-01\nreview_every: 12 months\nlast_reviewed: 2024-06-01\npeople:\n" +
                "".join(f"  - id: {p}\n    name: Person {p}\n    emails: [{p}@bench.example]\n    roles: [approver]\n" for p in people) + "---\n")

    t = 1_500_000_000
    mark = 0
    counts = {"commits": 0, "merges": 0, "renames": 0}
    def commit(ref, parent, msg, ops, merge=None):
        nonlocal mark, t
        mark += 1; t += 97
        a = rnd.choice(people)
        emit(f"commit {ref}\nmark :{mark}\nauthor {a} <{a}@bench.example> {t} +0000\ncommitter {a} <{a}@bench.example> {t} +0000\n")
        if rnd.random() < 0.5: msg += f"\nApproved-by: Person <{rnd.choice(people)}@bench.example>\n"
        emit(data(msg))
        if parent: emit(f"from :{parent}\n")
        if merge: emit(f"merge :{merge}\n")
        for op in ops: emit(op)
        counts["commits"] += 1
        return mark
    def put(path, content): return f"M 100644 inline {path}\n".encode() + data(content)

    # The first commit: the registry, the configuration and 400 documents.
    for i in range(400): d = new_doc(sections[i % len(sections)]); docs[d.n] = d
    ops = [put("isms/people.md", registry), put("isms/isms.yml", "version: 1\n"), put("site/config.toml", "title = 'docs'\n")]
    ops += [put(d.path, text(d)) for d in docs.values()]
    head = commit("refs/heads/main", None, "Import the documentation\n", ops)

    # Open feature branches: (ref, tip mark, {doc number: Doc copy}, new docs), merged back in any order.
    branches = []
    branch_no = 0
    def copy(d):
        c = Doc(); c.n, c.path, c.major, c.minor, c.body, c.kind = d.n, d.path, d.major, d.minor, list(d.body), d.kind
        return c
    def other_file():
        return put(f"site/assets/file-{rnd.randrange(300)}.txt", line() + "\n")
    while counts["commits"] < target:
        r = rnd.random()
        if branches and r < p_work:
            # Work on an open branch: edit a document (as it was when the branch was forked, or as the branch left it).
            b = rnd.choice(branches)
            ops = []
            for _ in range(rnd.randint(1, 2)):
                if rnd.random() < 0.15:
                    d = new_doc(rnd.choice(sections)); b["added"][d.n] = d
                else:
                    n = rnd.choice(list(b["docs"].keys()))
                    d = b["edited"].get(n) or copy(b["docs"][n]); edit(d); b["edited"][n] = d
                ops.append(put(d.path, text(d)))
            if rnd.random() < 0.3: ops.append(other_file())
            b["tip"] = commit(b["ref"], b["tip"], f"Work on branch {b['ref']}\n", ops)
            continue
        if branches and r < p_merge and counts["merges"] * per_merge < counts["commits"] + 1000:
            # Merge a branch back: its edits land on the documents where main has them now (moved or not).
            b = branches.pop(rnd.randrange(len(branches)))
            ops = []
            for n, bd in b["edited"].items():
                if n not in docs: continue
                d = docs[n]
                d.body, d.minor = bd.body, max(d.minor, bd.minor) + 1
                ops.append(put(d.path, text(d)))
            for n, bd in b["added"].items():
                docs[n] = bd; ops.append(put(bd.path, text(bd)))
            head = commit("refs/heads/main", head, f"Merge branch '{b['ref']}'\n", ops, merge=b["tip"])
            counts["merges"] += 1
            continue
        if len(branches) < max_open and r < p_open:
            branch_no += 1
            branches.append({"ref": f"refs/heads/feature-{branch_no}", "tip": head, "docs": {n: d for n, d in docs.items()},
                             "edited": {}, "added": {}})
            # The branch's first commit comes next time it is chosen; fork points are main's head now.
            b = branches[-1]
            n = rnd.choice(list(docs.keys()))
            d = copy(docs[n]); edit(d); b["edited"][n] = d
            b["tip"] = commit(b["ref"], b["tip"], f"Start {b['ref']}\n", [put(d.path, text(d))])
            continue
        # Main, linear.
        ops = []
        k = rnd.random()
        if k < 0.002 and counts["commits"] > 500:
            # A whole section moved (a restructure): every document in it renamed, some edited on the way.
            src = rnd.choice(sections)
            dst = f"isms/content/area-{rnd.randrange(1000)}/{os.path.basename(src)}-{counts['commits']}"
            sections[sections.index(src)] = dst
            for d in [d for d in docs.values() if d.path.startswith(src + "/")]:
                old = d.path; d.path = dst + old[len(src):]
                if rnd.random() < 0.2:
                    edit(d); ops += [f"D {old}\n".encode(), put(d.path, text(d))]
                else:
                    ops.append(f"R {old} {d.path}\n".encode())
                counts["renames"] += 1
            msg = f"Restructure: move {src}\n"
        elif k < 0.20:
            # One document renamed, often edited too.
            d = docs[rnd.choice(list(docs.keys()))]
            old = d.path
            d.path = f"{rnd.choice(sections)}/{rnd.choice(WORDS)}-{d.n:05d}-{counts['commits']}.md"
            if rnd.random() < 0.5:
                edit(d); ops += [f"D {old}\n".encode(), put(d.path, text(d))]
            else:
                ops.append(f"R {old} {d.path}\n".encode())
            counts["renames"] += 1
            msg = f"Rename {old}\n"
        elif k < 0.27:
            d = new_doc(rnd.choice(sections)); docs[d.n] = d; ops.append(put(d.path, text(d))); msg = "Add a document\n"
        elif k < 0.28 and len(docs) > 300:
            n = rnd.choice(list(docs.keys())); ops.append(f"D {docs[n].path}\n".encode()); del docs[n]; msg = "Remove a document\n"
        elif k < 0.33:
            ops.append(other_file()); msg = "Site change\n"
        else:
            for n in rnd.sample(list(docs.keys()), rnd.randint(1, 3)):
                edit(docs[n]); ops.append(put(docs[n].path, text(docs[n])))
            if rnd.random() < 0.2: ops.append(other_file())
            msg = "Edit documents\n"
        head = commit("refs/heads/main", head, msg, ops)
    for b in branches:
        head = commit("refs/heads/main", head, f"Merge branch '{b['ref']}'\n", [], merge=b["tip"])
        counts["merges"] += 1
    emit("done\n")
    subprocess.run(["git", "-C", out, "fast-import", "--quiet", "--done"], input=b"".join(chunks), check=True)
    subprocess.run(["git", "-C", out, "checkout", "-q", "-f", "main"], check=True)
    for b in subprocess.run(["git", "-C", out, "for-each-ref", "--format=%(refname:short)", "refs/heads/feature-*"],
                            capture_output=True, text=True, check=True).stdout.split():
        subprocess.run(["git", "-C", out, "branch", "-q", "-D", b], check=True)
    subprocess.run(["git", "-C", out, "gc", "-q"], check=True)
    print(f"generated {counts['commits']} commits ({counts['merges']} merges, {counts['renames']} renames), "
          f"{len(docs)} documents at HEAD ({next_doc[0]} ever) in {out}")

main()
