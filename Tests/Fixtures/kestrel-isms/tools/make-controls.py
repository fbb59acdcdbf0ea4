#!/usr/bin/env python3
"""Writes Kestrel's 93 control files (isms/annex-a/<theme>/<id>-<slug>.md) from the titles `isms init` lays out.
Usage: isms init /tmp/k && python3 tools/make-controls.py /tmp/k/controls   (run from the fixture folder)."""
import os, re, sys

src = sys.argv[1]
# Kestrel has no premises: staff work from home, production runs in AWS (physical controls are the supplier's).
excluded = {"7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.8", "7.11", "7.12"}
themes = {"5": "organisational", "6": "people", "7": "physical", "8": "technological"}
# The topic policy behind each control (else the information security policy), and evidence of it operating.
policy = {}
for c in ["5.15", "5.16", "5.17", "5.18", "8.2", "8.3", "8.5", "6.7", "7.9", "8.1"]: policy[c] = "POL-ACCESS"
for c in ["5.10", "5.11", "6.2", "6.4", "7.7", "7.10", "7.14"]: policy[c] = "POL-AUP"
for c in ["5.19", "5.20", "5.21", "5.22", "5.23"]: policy[c] = "POL-SUPPLIER"
evidence = {"5.15": ["EV-ACCESS-REVIEW-2026-Q2"], "5.18": ["EV-ACCESS-REVIEW-2026-Q2"], "6.3": ["EV-TRAINING-2026"],
            "8.13": ["EV-RESTORE-TEST-2026"], "8.8": ["EV-PENTEST-2026"], "8.29": ["EV-PENTEST-2026"],
            "5.19": ["EV-SUPPLIER-REVIEW-2026"], "5.22": ["EV-SUPPLIER-REVIEW-2026"]}
owner = {"5": "tom", "6": "sofia", "7": "sofia", "8": "tom"}

def key(name):
    a, b = name[:-3].split(".")
    return int(a), int(b)

for name in sorted(os.listdir(src), key=key):
    cid = name[:-3]
    title = re.search(r'^title: "?(.*?)"?$', open(os.path.join(src, name)).read(), re.M).group(1)
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-")
    theme = themes[cid.split(".")[0]]
    if cid in excluded:
        decision = ("applicable: false\n"
                    "justification: \"Kestrel has no premises: all eight staff work from home and production runs in AWS, whose physical security is assured through the supplier review (5.19, 5.22).\"\n")
        body = f"Not applicable: Kestrel has no offices or server rooms. Home working is covered by 6.7 and 7.9.\n"
    else:
        pol = policy.get(cid, "POL-IS")
        ev = evidence.get(cid, [])
        decision = (f"applicable: true\njustification: \"Treats the risks in the risk register; required by {pol}.\"\n"
                    f"implementation: implemented\npolicies: [{pol}]\n" + (f"evidence: [{', '.join(ev)}]\n" if ev else ""))
        body = f"How Kestrel meets this control is set out in {pol}" + (" and shown by " + ", ".join(ev) if ev else "") + ".\n"
    text = f"""---
id: "{cid}"
type: control
title: "{title}"
owner: {owner[cid.split('.')[0]]}
approver: role:top-management
version: "1.0"
status: approved
effective: 2025-09-01
review_every: 12 months
last_reviewed: 2026-02-10
{decision}---
# {cid} {title}

{body}"""
    out = os.path.join("isms", "annex-a", theme, f"{cid}-{slug}.md")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    open(out, "w").write(text)
