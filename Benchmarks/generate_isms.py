#!/usr/bin/env python3
"""Generates a synthetic ISMS of N documents for benchmarks: people, scope, methodology, the 93 controls, then
policies, risks, assets, evidence, audits and findings in proportion, linked to each other as a real ISMS is.

usage: generate_isms.py N OUT_DIR [--git COMMITS]   (the git history generator lives in generate_history.py)
"""
import csv, os, random, sys

def main():
    n = int(sys.argv[1]); out = sys.argv[2]
    rnd = random.Random(27001)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "Sources", "ISMSModel", "Catalog", "data", "annex-a-2022.csv")) as f:
        controls = list(csv.DictReader(f))
    os.makedirs(out, exist_ok=True)
    def write(rel, text):
        p = os.path.join(out, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text)
    people = [f"p{i:03d}" for i in range(50)]
    write("isms.yml", "version: 1\nframework: iso27001:2022\norganisation: Bench Ltd\ncertification:\n  date: 2025-06-20\n  cycle_years: 3\nchange_control:\n  since: 2025-01-01\n")
    plist = "\n".join(f"  - id: {p}\n    name: Person {p}\n    emails: [{p}@bench.example]\n    roles: [{'top-management' if i < 3 else 'ciso' if i == 3 else 'internal-auditor' if i < 8 else 'engineer'}]\n    teams: [team{i % 5}]" for i, p in enumerate(people))
    doc = lambda id, type, title, owner, extra="": f"---\nid: {id}\ntype: {type}\ntitle: \"{title}\"\nowner: {owner}\napprover: role:top-management\nversion: \"1.0\"\nstatus: approved\neffective: 2026-01-10\nreview_every: 12 months\nlast_reviewed: 2026-06-01\nclassification: internal\n{extra}---\n"
    write("people.md", doc("PEOPLE", "people", "People", "p003", f"people:\n{plist}\n") + "# People\n")
    write("scope.md", doc("SCOPE", "scope", "Scope", "p003", "clauses: [4.3]\n") + "# Scope\n\n## Boundaries\n")
    write("risk-methodology.md", doc("RM", "risk-methodology", "Risk methodology", "p003", "clauses: [6.1.2, 6.1.3, 8.2, 8.3]\nscales:\n  likelihood: {min: 1, max: 5}\n  impact: {min: 1, max: 5}\nacceptance_threshold: 8\n") + "# Method\n")
    count = 3
    budget = n - count - len(controls)
    kinds = [("policy", 0.10), ("risk", 0.30), ("asset", 0.20), ("evidence", 0.30), ("finding", 0.10)]
    made = {k: [] for k, _ in kinds}
    for k, share in kinds:
        for i in range(max(1, int(budget * share))):
            made[k].append(f"{k[:3].upper()}-{i:05d}")
    body = "\n".join(f"Paragraph {j} of the document describes what is done, by whom and how often." for j in range(12))
    for i, pid in enumerate(made["policy"]):
        ann = ", ".join(f'"{controls[(i * 7 + j) % 93]["id"]}"' for j in range(3))
        write(f"policies/{pid}.md", doc(pid, "policy", f"Policy {i}", people[4 + i % 46], f"annex_a: [{ann}]\n") + f"# Policy {i}\n\n## Purpose\n\n{body}\n\nSee the [scope](../scope.md#scope).\n")
    for i, aid in enumerate(made["asset"]):
        write(f"assets/{aid}.md", f"---\nid: {aid}\ntype: asset\ntitle: Asset {i}\nowner: {people[4 + i % 46]}\nstatus: active\nkind: software\nclassification: internal\nlocation: eu-west-2\n---\n# Asset {i}\n\n{body}\n")
    for i, rid in enumerate(made["risk"]):
        c = controls[i % 93]["id"]
        write(f"risks/{rid}.md", f"---\nid: {rid}\ntype: risk\ntitle: Risk {i}\nowner: {people[4 + i % 46]}\nstatus: treated\nidentified: 2026-01-05\nassets: [{made['asset'][i % len(made['asset'])]}]\nlikelihood: {1 + i % 5}\nimpact: {1 + (i // 5) % 5}\ntreatment: mitigate\ncontrols: [\"{c}\"]\nresidual: {{likelihood: 1, impact: 2}}\naccepted_by: {people[4 + i % 46]}\naccepted_on: 2026-02-01\n---\n# Risk {i}\n\n{body}\n")
    for i, eid in enumerate(made["evidence"]):
        c = controls[i % 93]["id"]
        write(f"evidence/{eid}.md", f"---\nid: {eid}\ntype: evidence\ntitle: Evidence {i}\nowner: {people[4 + i % 46]}\nstatus: current\ncontrols: [\"{c}\"]\ncollected: 2026-05-01\nvalid_for: 12 months\nlocation: s3://evidence/{eid}.pdf\ncollected_by: {people[4 + i % 46]}\n---\n# Evidence {i}\n\n{body}\n")
    write("audits/programme.md", doc("AP", "audit-programme", "Audit programme", "p003", "clauses: [9.2]\naudits: [AUD-1]\n") + "# Programme\n")
    write("audits/AUD-1.md", "---\nid: AUD-1\ntype: audit\ntitle: Internal audit 1\nowner: p003\nkind: internal\nstatus: complete\nauditors: [p005]\nstart: 2026-03-01\nend: 2026-03-05\nscope:\n  clauses: [4.3, 6.1.2]\n  controls: [\"5.1\"]\n---\n# Audit\n")
    for i, fid in enumerate(made["finding"]):
        write(f"findings/{fid}.md", f"---\nid: {fid}\ntype: finding\ntitle: Finding {i}\nowner: {people[4 + i % 46]}\naudit: AUD-1\nseverity: observation\nclause: \"9.2\"\nstatus: open\nraised: 2026-03-05\ndue: 2027-03-05\n---\n# Finding {i}\n\n{body}\n")
    for c in controls:
        cid = c["id"]
        rs = [r for j, r in enumerate(made["risk"][:400]) if j % 93 == controls.index(c)][:3]
        es = [e for j, e in enumerate(made["evidence"][:400]) if j % 93 == controls.index(c)][:3]
        write(f"controls/{cid}.md", doc(cid, "control", c["title"], people[4 + controls.index(c) % 46], f"applicable: true\njustification: Treats the risks listed.\nimplementation: implemented\npolicies: [{made['policy'][controls.index(c) % len(made['policy'])]}]\nrisks: [{', '.join(rs)}]\nevidence: [{', '.join(es)}]\n").replace(f"id: {cid}\n", f"id: \"{cid}\"\n", 1) + f"# {cid}\n\n{body}\n")
    write("objectives/OBJ-1.md", doc("OBJ-1", "objective", "Objective", "p003", "clauses: [6.2]\nmetric: m\ntarget: t\ndue: 2027-06-01\n") + "# Objective\n")
    write("reviews/MR-1.md", "---\nid: MR-1\ntype: management-review\ntitle: Review\nowner: p003\nstatus: complete\ndate: 2026-04-01\nattendees: [p000]\ninputs: {a: x, b: x, c: x, d: x, e: x, f: x, g: x}\n---\n# Review\n")
    write("procedures/PROC-1.md", doc("PROC-1", "procedure", "Procedures", "p003", "clauses: [7.2, 9.1, 10.2, 7.5]\n") + "# Procedure\n")
    total = sum(len(v) for v in made.values()) + 93 + 9
    print(f"generated {total} documents in {out}")

main()
