#!/usr/bin/env python3
"""Writes one policy of a pathological shape, about SIZE bytes, for Benchmarks/shapes.sh and the fuzzer.

usage: generate_shapes.py SHAPE SIZE OUT.md
shapes: long-line      one line of `*a**` repeated (emphasis that never closes)
        unicode-line   one line of non-ASCII text with inline links (columns are counted in characters)
        toc            a table of contents: N headings and N links to their anchors, all valid
        broken-anchors N links to anchors that do not exist (each gets a "did you mean")
        broken-links   N links to files that do not exist, near the names of real ones
"""
import sys

FRONT = """---
id: POL-SHAPE
type: policy
title: A document of an unusual shape
owner: ana
approver: tom
version: "1.0"
status: draft
review_every: 12 months
---
"""


def body(shape, size):
    if shape == "long-line":
        return "# Shape\n\n" + "*a**" * (size // 4) + "\n"
    if shape == "unicode-line":
        unit = "Zugriff für Externe — [Formular](#shape) é "
        return "# Shape\n\n" + unit * (size // len(unit.encode())) + "\n"
    if shape == "toc":
        # Each entry is a link and a heading: about 60 bytes for both.
        n = size // 60
        toc = "".join(f"- [Section {i}](#section-{i})\n" for i in range(n))
        heads = "".join(f"## Section {i}\n" for i in range(n))
        return "# Shape\n\n" + toc + "\n" + heads
    if shape == "broken-anchors":
        n = size // 40
        return "# Shape\n\n## Section one\n\n" + "".join(f"- [x](#sectoin-{i})\n" for i in range(n))
    if shape == "broken-links":
        n = size // 50
        return "# Shape\n\n" + "".join(f"- [x](../procedures/incident-respons-{i}.md)\n" for i in range(n))
    raise SystemExit(f"unknown shape {shape}")


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    shape, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(out, "w", encoding="utf-8") as f:
        f.write(FRONT + body(shape, size))


if __name__ == "__main__":
    main()
