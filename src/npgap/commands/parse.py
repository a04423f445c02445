"""`npgap parse FILE`: the provision tree as an outline or as JSON.

Why: a consultant checks that npgap read the statute the way a lawyer would before
trusting any finding that cites it.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from npgap.tree import Document, Provision

__all__ = ["register"]


def register(sub: Any) -> None:
    p = sub.add_parser("parse", help="show the provision tree of a statute")
    p.add_argument("file", help="statute text file (UTF-8, UTF-16 with BOM, or cp1252)")
    p.add_argument("--format", choices=("outline", "json"), default="outline")
    from npgap.commands.assess import add_max_size

    add_max_size(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from npgap.commands.assess import read_input, write_output
    from npgap.errors import InputError
    from npgap.parser import MAX_CHARS, parse

    data = read_input(args.file, max_size=args.max_size)
    doc = parse(data, path=args.file, max_chars=max(MAX_CHARS, args.max_size))
    if not doc.text.strip():
        raise InputError("the file is empty (no text after decoding)", path=args.file)
    for note in doc.notes:
        print(
            f"npgap: {args.file}:{note.line}:{note.column}: warning: {note.message}",
            file=sys.stderr,
        )
    if args.format == "json":
        write_output(json.dumps(document_json(doc), ensure_ascii=False, indent=2) + "\n", None)
    else:
        write_output(outline(doc), None)
    return 0


def outline(doc: Document) -> str:
    """One line per provision: indent, citation, heading or first words, line number."""
    lines: list[str] = []
    if doc.title:
        lines.append(f"# {doc.title}")

    def walk(p: Provision, depth: int) -> None:
        words = p.heading or p.intro or p.wrapup
        if len(words) > 70:
            words = words[:67].rstrip() + "…"
        lines.append(f"{'  ' * depth}{p.citation}  {words}  [line {p.span.start_line}]")
        for c in p.children:
            walk(c, depth + 1)

    for p in doc.provisions:
        walk(p, 0)
    return "\n".join(lines) + "\n"


def _provision_json(p: Provision) -> dict[str, Any]:
    return {
        "eid": p.eid,
        "sid": p.sid,
        "kind": p.kind,
        "num": p.num,
        "citation": p.citation,
        "heading": p.heading,
        "intro": p.intro,
        "wrapup": p.wrapup,
        "start_line": p.span.start_line,
        "end_line": p.span.end_line,
        "children": [_provision_json(c) for c in p.children],
    }


def document_json(doc: Document) -> dict[str, Any]:
    """The whole tree plus references and definitions, for pipelines."""
    out: dict[str, Any] = {
        "path": doc.path,
        "title": doc.title,
        "style": doc.style,
        "preamble": [s.text for s in doc.preamble],
        "provisions": [_provision_json(p) for p in doc.provisions],
        "notes": [{"line": n.line, "column": n.column, "message": n.message} for n in doc.notes],
    }
    try:
        from npgap.refs import index
    except ImportError:  # pragma: no cover - refs is part of the package
        return out
    idx = index(doc)
    out["references"] = [
        {"source": r.source, "text": r.text, "targets": list(r.targets), "resolved": r.resolved}
        for r in idx.references
    ]
    out["definitions"] = [{"term": d.term, "eid": d.eid, "text": d.text} for d in idx.definitions]
    return out
