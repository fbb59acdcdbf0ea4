#!/usr/bin/env python3
"""Rewrites the rule table between <!-- rules:begin --> and <!-- rules:end --> in README.md from `isms rules --format markdown`."""
import os, subprocess, sys
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/release/isms")
table = subprocess.run([binary, "rules", "--format", "markdown"], check=True, capture_output=True, text=True).stdout
path = os.path.join(root, "README.md")
text = open(path, encoding="utf-8").read()
begin, end = "<!-- rules:begin -->\n", "<!-- rules:end -->"
a, b = text.index(begin) + len(begin), text.index(end)
open(path, "w", encoding="utf-8").write(text[:a] + table + text[b:])
