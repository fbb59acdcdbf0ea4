#!/usr/bin/env python3
"""Mutation fuzzer for isms: never crash, never hang.

Mutates the example ISMS in Policies/ (YAML constructs, numbers at the integer limits, long lines, link storms,
encodings), commits each mutation in a scratch git repository, and runs the read-only commands of the built binary
on it with a timeout. A crash is a signal exit or an exit code other than 0, 1, 2; a hang is a timeout. Each is
saved as a reproducer under Fuzz/findings/ (gitignored): the mutated files, the command, and repro.sh.

usage: Fuzz/fuzz.py [--seed N] [--seconds S] [--binary PATH] [--timeout T] [--iterations N]
       (also FUZZ_SEED, FUZZ_SECONDS, ISMS_BINARY). Exit 0 when nothing was found, 1 otherwise, 2 on setup errors.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TODAY = "2026-12-01"

# --- Mutations -------------------------------------------------------------------------------------------------------

NUMBERS = ["9223372036854775807", "-9223372036854775808", "9223372036854775808", "4611686018427387904",
           "-4611686018427387904", "3037000500", "-1", "0", "1", "1e308", "-1e308", "1e-308", ".nan", ".inf", "-.inf",
           "nan", "0x7fffffffffffffff", "0o777", "1_000", "+12", "007", "18446744073709551616", "99999999999999999999999"]
DURATION_UNITS = ["days", "day", "weeks", "months", "years", "year"]
DATES = ["0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01", "2026-02-30", "2026-13-01", "-0001-01-01",
         "2026-1-1", "1970-01-01", "2038-01-19"]
YAML_VALUES = ["&a [*a, *a]", "*undefined", "&x value", "!!binary aGVsbG8=", "!!int \"12\"", "!!float nan", "!custom x",
               "!!map {}", "!!seq []", "!!str", "!!null", "~", "null", "\"\"", "[]", "{}", "[[[[[[[[]]]]]]]]",
               "{a: {b: {c: {d: [1, 2, {e: f}]}}}}", "[1, [2, [3]]]", "yes", "no", "on", "off", "true", "false",
               "|\n  block\n  text", ">-\n  folded", "\"\\u0000\"", "\"\\uD800\"", "'it''s'", "? complex\n: key",
               "<<: *a", "2026-12-01T10:00:00Z", "12:30:00", "- a\n- b", "{id: [x]}", "\"a: b\"", "a: b: c"]
FIELDS = ["id", "type", "title", "owner", "approver", "version", "status", "review_every", "valid_for", "expires",
          "collected", "last_reviewed", "effective", "likelihood", "impact", "acceptance_threshold", "treatment",
          "residual", "accepted_by", "accepted_on", "applicable", "controls", "annex_a", "clauses", "evidence",
          "scope", "start", "end", "auditors", "classification", "roles", "people", "scales", "min", "max",
          "cycle_years", "date", "since", "review_backdate_days", "lookback", "root", "ignore", "rules", "framework"]


DURATION_KEYS = {"review_every", "valid_for", "lookback"}
NUMBER_KEYS = {"likelihood", "impact", "acceptance_threshold", "min", "max", "cycle_years", "review_backdate_days", "version"}
DATE_KEYS = {"expires", "collected", "last_reviewed", "effective", "accepted_on", "start", "end", "date", "since", "due"}
BIG = ["9223372036854775807", "4611686018427387904", "3037000500", "10000", "100000", "1000001", "36526", "-1", "0"]


def mutate_value(rng, key=""):
    """A value for `key`: mostly of the key's own kind (so the rules that compute with it run), else anything."""
    if rng.random() < 0.7:
        if key in DURATION_KEYS:
            return f"{rng.choice(BIG + NUMBERS)} {rng.choice(DURATION_UNITS)}"
        if key in NUMBER_KEYS:
            return rng.choice(BIG + NUMBERS)
        if key in DATE_KEYS:
            return rng.choice(DATES)
    kind = rng.random()
    if kind < 0.35:
        return rng.choice(NUMBERS)
    if kind < 0.55:
        return f"{rng.choice(NUMBERS + ['10000', '100000', '100', '101', '36525', '36526', '1200'])} {rng.choice(DURATION_UNITS)}"
    if kind < 0.65:
        return rng.choice(DATES)
    if kind < 0.72:
        return "{min: %s, max: %s}" % (rng.choice(NUMBERS), rng.choice(NUMBERS))
    return rng.choice(YAML_VALUES)


def lines_of(data):
    return data.split(b"\n")


def m_field_value(rng, data):
    """Replace (or add) a front-matter field's value."""
    lines = lines_of(data)
    # Mostly a field the file has (so the rules that read it run), sometimes any known field.
    present = [l.split(b":")[0].strip().decode("utf-8", "replace") for l in lines[:60]
               if b":" in l and not l.lstrip().startswith((b"-", b"#"))]
    typed = [k for k in present if k in DURATION_KEYS | NUMBER_KEYS | DATE_KEYS]
    r = rng.random()
    key = rng.choice(typed) if typed and r < 0.5 else rng.choice(present) if present and r < 0.8 else rng.choice(FIELDS)
    value = mutate_value(rng, key).encode()
    for i, line in enumerate(lines[:60]):
        stripped = line.lstrip()
        if stripped.startswith(key.encode() + b":"):
            indent = line[: len(line) - len(stripped)]
            lines[i] = indent + key.encode() + b": " + value
            return b"\n".join(lines)
    if len(lines) > 2 and lines[0].strip() == b"---":
        lines.insert(rng.randint(1, min(len(lines) - 1, 12)), key.encode() + b": " + value)
    return b"\n".join(lines)


def m_any_number(rng, data):
    """Replace a number somewhere in the file with one at the limits."""
    import re
    spots = [m.span() for m in re.finditer(rb"\d+", data[:20000])]
    if not spots:
        return m_field_value(rng, data)
    a, b = rng.choice(spots)
    return data[:a] + rng.choice(NUMBERS).encode() + data[b:]


def m_yaml_construct(rng, data):
    lines = lines_of(data)
    end = next((i for i, l in enumerate(lines[1:80], 1) if l.strip() == b"---"), None)
    if end is None:
        return m_field_value(rng, data)
    choice = rng.randrange(7)
    if choice == 0:   # alias bomb, small
        bomb = [b"a0: &a0 [x, x, x, x, x, x, x, x, x]"] + [b"a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]" % ((i,) * 2 + (i - 1,) * 9) for i in range(1, rng.randint(2, 9))]
        lines[end:end] = bomb
    elif choice == 1:  # duplicate key
        lines.insert(end, lines[rng.randint(1, max(1, end - 1))])
    elif choice == 2:  # deep nesting
        depth = rng.choice([50, 500, 5000])
        lines.insert(end, b"deep: " + b"[" * depth + b"]" * depth)
    elif choice == 3:  # remove the closing fence
        del lines[end]
    elif choice == 4:  # tabs and odd indentation
        i = rng.randint(1, max(1, end - 1))
        lines[i] = b"\t" + lines[i]
    elif choice == 5:  # merge key and anchors across fields
        lines[end:end] = [b"base: &b {owner: ana, likelihood: 9223372036854775807}", b"merged:", b"  <<: *b"]
    else:              # a document separator inside the front matter
        lines.insert(rng.randint(1, max(1, end - 1)), b"--- !!map")
    return b"\n".join(lines)


def m_long_line(rng, data):
    unit = rng.choice([b"*a**", b"[a](#b) ", b"_", b"`", b"<!--", b"a", b"\xc3\xa9", b"| a ", b"[", b"](", b"\\", b"# "])
    line = unit * (rng.choice([1000, 20000, 200000]) // len(unit))
    lines = lines_of(data)
    lines.insert(rng.randint(0, len(lines)), line)
    return b"\n".join(lines)


def m_link_storm(rng, data):
    n = rng.choice([100, 2000, 10000])
    kind = rng.randrange(4)
    if kind == 0:
        links = b"".join(b"- [s%d](#section-%d)\n" % (i, i) for i in range(n)) + b"".join(b"## Section %d\n" % i for i in range(n))
    elif kind == 1:
        links = b"".join(b"[x](#nope-%d) " % i for i in range(n))
    elif kind == 2:
        links = b"".join(b"[x](../policies/acces-control-%d.md)\n" % i for i in range(n))
    else:
        links = b"".join(b"[x](%s)\n" % rng.choice([b"/", b"..", b"../../../../etc/passwd", b"#", b"%", b"%zz", b"a/../../b", b"?x#y", b"//host/x", b"\\\\x"]) for _ in range(n))
    return data + b"\n" + links


def m_encoding(rng, data):
    kind = rng.randrange(8)
    if kind == 0:
        return b"\xef\xbb\xbf" + data
    if kind == 1:
        return data.replace(b"\n", b"\r\n")
    if kind == 2:
        return data.replace(b"\n", b"\r")
    if kind == 3:
        try:
            return rng.choice([b"\xff\xfe", b""]) + data.decode("utf-8").encode(rng.choice(["utf-16-le", "utf-16-be", "utf-16"]))
        except UnicodeDecodeError:
            return data
    if kind == 4:   # invalid UTF-8
        i = rng.randint(0, len(data))
        return data[:i] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80\x80"]) + data[i:]
    if kind == 5:   # NUL bytes
        i = rng.randint(0, len(data))
        return data[:i] + b"\x00" * rng.randint(1, 4) + data[i:]
    if kind == 6:
        return data.decode("utf-8", "replace").encode("utf-32", "replace") if rng.random() < 0.3 else data.replace(b"e", b"\xc3\xa9")
    return data.replace(b"\n", b"\u2028".decode("unicode_escape").encode("utf-8"), 3)


def m_bytes(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not data:
            break
        i = rng.randrange(len(data))
        op = rng.randrange(3)
        if op == 0:
            data[i] = rng.randrange(256)
        elif op == 1:
            del data[i]
        else:
            data[i:i] = bytes([rng.choice([0x0A, 0x3A, 0x2D, 0x23, 0x5B, 0x5D, 0x26, 0x2A, 0x21, 0x7C, 0x22, 0x27])])
    return bytes(data)


def m_truncate(rng, data):
    return data[: rng.randint(0, len(data))]


MUTATIONS = [(m_field_value, 6), (m_any_number, 4), (m_yaml_construct, 3), (m_long_line, 1), (m_link_storm, 1),
             (m_encoding, 2), (m_bytes, 2), (m_truncate, 1)]


def pick_mutation(rng):
    total = sum(w for _, w in MUTATIONS)
    r = rng.uniform(0, total)
    for m, w in MUTATIONS:
        r -= w
        if r <= 0:
            return m
    return MUTATIONS[0][0]

# --- Running ---------------------------------------------------------------------------------------------------------


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "GIT_AUTHOR_NAME": "Fuzz", "GIT_AUTHOR_EMAIL": "fuzz@example.com",
                        "GIT_COMMITTER_NAME": "Fuzz", "GIT_COMMITTER_EMAIL": "fuzz@example.com"})


def commands(pack):
    """Every read-only command, with a name. Each runs inside the scratch repository; `isms` is the ISMS folder."""
    t = ["--today", TODAY]
    return {
        "lint": ["lint", "isms", *t],
        "lint-json": ["lint", "isms", "--format", "json", *t],
        "lint-sarif": ["lint", "isms", "--format", "sarif", *t],
        "lint-junit": ["lint", "isms", "--format", "junit", *t],
        "lint-rev": ["lint", "isms", "--rev", "HEAD", *t],
        "soa-md": ["soa", "--in", "isms", *t],
        "soa-csv": ["soa", "--in", "isms", "--format", "csv", *t],
        "soa-json": ["soa", "--in", "isms", "--format", "json", *t],
        "soa-html": ["soa", "--in", "isms", "--format", "html", *t],
        "history": ["history", "--in", "isms"],
        "history-md": ["history", "--in", "isms", "--format", "md"],
        "check-staged": ["check", "--staged", "--in", "isms", *t],
        "check-range": ["check", "--range", "HEAD~1..HEAD", "--in", "isms", *t],
        "diff": ["diff", "--since", "HEAD~1", "--in", "isms"],
        "diff-json": ["diff", "--since", "HEAD~1", "--in", "isms", "--format", "json"],
        "audit-plan": ["audit", "plan", "--in", "isms", *t],
        "audit-plan-json": ["audit", "plan", "--in", "isms", "--format", "json", *t],
        "report": ["report", "--in", "isms", "--out", pack, "--force", *t],
        "transition": ["transition", "--in", "isms"],
    }


def run(binary, args, repo, timeout):
    start = time.monotonic()
    try:
        p = subprocess.run([binary, *args], cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout,
                           env={**os.environ, "ISMS_TODAY": TODAY})
        return p.returncode, p.stderr[-2000:], time.monotonic() - start
    except subprocess.TimeoutExpired:
        return None, b"", time.monotonic() - start


def save(findings_dir, kind, iteration, name, args, files, deleted, stderr, seed):
    folder = os.path.join(findings_dir, f"{kind}-seed{seed}-it{iteration}-{name}")
    os.makedirs(folder, exist_ok=True)
    for rel, data in files.items():
        path = os.path.join(folder, "files", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    with open(os.path.join(folder, "stderr.txt"), "wb") as f:
        f.write(stderr)
    with open(os.path.join(folder, "repro.sh"), "w") as f:
        f.write(f"""#!/usr/bin/env bash
# {kind}: isms {' '.join(args)} (seed {seed}, iteration {iteration}). Run from anywhere; ISMS_BINARY overrides the binary.
set -u
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../../.." && pwd)
bin=${{ISMS_BINARY:-$root/.build/debug/isms}}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp -R "$root/Policies" "$work/isms"; cd "$work"
git init -q -b main; git add -A; git -c user.name=F -c user.email=f@x commit -qm base
cp -R "$here/files/." "$work/isms/"
{''.join(f'rm -f "isms/{d}"{chr(10)}' for d in deleted)}git add -A; git -c user.name=F -c user.email=f@x commit -qm mutation
echo "# staged" >> isms/scope.md; git add -A
timeout 30 "$bin" {' '.join(repr(a) if ' ' in a else a for a in args)}
echo "exit $?"
""")
    os.chmod(os.path.join(folder, "repro.sh"), 0o755)
    return folder


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=int(os.environ.get("FUZZ_SEED", "1")))
    ap.add_argument("--seconds", type=float, default=float(os.environ.get("FUZZ_SECONDS", "60")))
    ap.add_argument("--iterations", type=int, default=0, help="stop after N iterations (0: only the time box)")
    ap.add_argument("--binary", default=os.environ.get("ISMS_BINARY", ""))
    ap.add_argument("--timeout", type=float, default=float(os.environ.get("FUZZ_TIMEOUT", "20")),
                    help="seconds before a command counts as a hang")
    ap.add_argument("--findings", default=os.path.join(HERE, "findings"))
    a = ap.parse_args()

    binary = a.binary or next((os.path.join(ROOT, p) for p in (".build/release/isms", ".build/debug/isms")
                               if os.path.exists(os.path.join(ROOT, p))), "")
    binary = os.path.abspath(binary) if binary else ""
    if not binary or not os.path.exists(binary):
        print("fuzz: no isms binary: build one (swift build) or pass --binary", file=sys.stderr)
        return 2
    rng = random.Random(a.seed)
    scratch = tempfile.mkdtemp(prefix="isms-fuzz-")
    repo = os.path.join(scratch, "repo")
    pack = os.path.join(scratch, "pack")
    try:
        shutil.copytree(os.path.join(ROOT, "Policies"), os.path.join(repo, "isms"))
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "The example ISMS", "--date", "2026-11-27T10:00:00Z")
        base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()
        paths = sorted(os.path.relpath(os.path.join(d, f), os.path.join(repo, "isms"))
                       for d, _, fs in os.walk(os.path.join(repo, "isms")) for f in fs)
        cmds = commands(pack)
        names = sorted(cmds)
        print(f"fuzz: seed {a.seed}, {a.seconds:.0f} s, binary {os.path.relpath(binary, ROOT)}, {len(paths)} files, "
              f"{len(names)} commands, timeout {a.timeout:.0f} s", flush=True)
        deadline = time.monotonic() + a.seconds
        iterations = runs = crashes = hangs = 0
        slowest = (0.0, "")
        while time.monotonic() < deadline and (a.iterations == 0 or iterations < a.iterations):
            iterations += 1
            # Mutate one to three files (isms.yml now and then), or delete one.
            files, deleted, what = {}, [], []
            for _ in range(rng.choice([1, 1, 2, 3])):
                # Weighted towards the files with numbers and dates: isms.yml, risks, evidence, audits.
                r = rng.random()
                pool = (["isms.yml"] if r < 0.12 else
                        [p for p in paths if p.startswith(("risks/", "risk-methodology"))] if r < 0.32 else
                        [p for p in paths if p.startswith(("evidence/", "audits/"))] if r < 0.45 else paths)
                rel = rng.choice(pool or paths)
                if rng.random() < 0.03:
                    deleted.append(rel)
                    continue
                with open(os.path.join(repo, "isms", rel), "rb") as f:
                    data = files.get(rel) or f.read()
                for _ in range(rng.choice([1, 1, 2])):
                    mutation = pick_mutation(rng)
                    data = mutation(rng, data)
                    what.append(f"{rel}: {mutation.__name__[2:]}")
                files[rel] = data
            for rel, data in files.items():
                with open(os.path.join(repo, "isms", rel), "wb") as f:
                    f.write(data)
            for rel in deleted:
                if rel not in files and os.path.exists(os.path.join(repo, "isms", rel)):
                    os.remove(os.path.join(repo, "isms", rel))
            git(repo, "add", "-A")
            git(repo, "commit", "-qm", f"Mutation {iterations}", "--allow-empty")
            with open(os.path.join(repo, "isms", "scope.md"), "ab") as f:
                f.write(b"\n# staged\n")
            git(repo, "add", "-A")
            # lint and the pre-commit check every time; four more commands in turn, so each runs often.
            chosen = ["lint", "check-staged"] + rng.sample([n for n in names if n not in ("lint", "check-staged")], 4)
            for name in chosen:
                code, err, took = run(binary, cmds[name], repo, a.timeout)
                runs += 1
                if took > slowest[0]:
                    slowest = (took, f"{name}, iteration {iterations}: {', '.join(what)}")
                kind = "hang" if code is None else "crash" if code < 0 or code > 2 else None
                if kind:
                    crashes += kind == "crash"
                    hangs += kind == "hang"
                    where = save(a.findings, kind, iterations, name, cmds[name], files, deleted, err, a.seed)
                    print(f"fuzz: {kind} ({'timeout' if code is None else 'exit %d' % code}) in {name}: {os.path.relpath(where, ROOT)}", flush=True)
            git(repo, "reset", "-q", "--hard", base)
            git(repo, "clean", "-qfdx")
        print(f"fuzz: {iterations} iterations, {runs} command runs, {crashes} crashes, {hangs} hangs "
              f"(slowest {slowest[0]:.1f} s: {slowest[1]})", flush=True)
        return 1 if crashes or hangs else 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
