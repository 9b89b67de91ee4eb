#!/usr/bin/env python3
"""Check the gazetteer TSV files against gazetteers/README.md (stdlib only).

Usage: check_curated.py [DIR]   (default: the gazetteers/ directory of this repo)

Reads every .tsv under DIR (recursively, sorted), finds each file's table from the first
column of its header and checks: known columns, field counts, id syntax and uniqueness,
entity kinds, references (aliases -> entities, roles -> persons / countries / agencies,
role keys -> titles), dates (end >= start), flags, and that no normalized alias form has
two certain (non-ambiguous) readings of the same class. `country:XXX` ids that are not
defined are accepted when XXX is a 3-letter code (the countries file may be written
separately); undefined `location:` ids are reported as warnings only.

Exit status: 0 no errors, 1 errors found. Warnings never fail the check.
"""
import os
import re
import sys
from collections import defaultdict

from gazlib import norm

TABLES = {
    "id": {"id", "type", "kind", "en", "ar", "wikidata", "country", "iso2", "capital", "stands_for"},
    "entity": {"entity", "alias", "lang", "kind", "flags"},
    "person": {"person", "role", "of", "start", "end"},
    "role": {"role", "lang", "form", "gender", "number", "definite"},
    "name": {"name", "lang", "count"},
    "word": {"word", "lang", "class", "type", "count"},
    "key": {"key", "value"},
}
REQUIRED = {
    "id": {"id", "type"},
    "entity": {"entity", "alias"},
    "person": {"person", "role", "of"},
    "role": {"role", "lang", "form"},
    "name": {"name"},
    "word": {"word", "class"},
    "key": {"key", "value"},
}
COMMON = {"source", "note"}
TYPES = {"PERSON", "COUNTRY", "AGENCY", "LOCATION", "EVENT"}
KINDS = {
    "COUNTRY": {"country", "territory"},
    "AGENCY": {"news", "government", "ministry", "international", "military", "intelligence",
               "legislature", "party", "company", "media", "club", "other"},
    "LOCATION": {"capital", "city", "region", "facility", "seat"},
    "PERSON": {""},
    "EVENT": None,  # not specified by the README
}
ALIAS_KINDS = {"name", "short", "abbrev", "official", "nisba", "demonym"}
ADJ_KINDS = {"nisba", "demonym"}
FLAGS = {"ambiguous", "case"}
ID_RE = re.compile(r"^(country:[A-Z]{3}|(person|agency|location|event):[a-z0-9]+(-[a-z0-9]+)*)$")
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
QID_RE = re.compile(r"^Q[1-9]\d*$")
ARABIC = re.compile(r"[\u0600-\u06FF]")

errors, warnings = [], []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def warn(where, msg):
    warnings.append(f"{where}: {msg}")


def parse_date(s):
    """Return (earliest, latest) ISO strings for a partial date, or None if invalid."""
    m = DATE_RE.match(s)
    if not m:
        return None
    y, mo, d = m.groups()
    import calendar
    if mo is None:
        return (f"{y}-01-01", f"{y}-12-31")
    mo_i = int(mo)
    if not 1 <= mo_i <= 12:
        return None
    last = calendar.monthrange(int(y), mo_i)[1]
    if d is None:
        return (f"{y}-{mo}-01", f"{y}-{mo}-{last:02d}")
    if not 1 <= int(d) <= last:
        return None
    return (s, s)


def normalize(form, case_sensitive=False):
    return norm(form, keep_case=case_sensitive)


def read_tables(root):
    files = []
    for d, _, fs in os.walk(root):
        for f in fs:
            if f.endswith(".tsv"):
                files.append(os.path.join(d, f))
    tables = defaultdict(list)  # table -> [(where, rowdict)]
    for path in sorted(files):
        rel = os.path.relpath(path, os.path.dirname(os.path.abspath(root)))
        header = None
        with open(path, encoding="utf-8") as fh:
            for ln, line in enumerate(fh, 1):
                line = line.rstrip("\n").rstrip("\r")
                if not line.strip() or line.startswith("#"):
                    continue
                where = f"{rel}:{ln}"
                fields = line.split("\t")
                if header is None:
                    header = fields
                    table = header[0]
                    if table not in TABLES:
                        err(where, f"unknown table (first header column {table!r})")
                        break
                    for c in header:
                        if c not in TABLES[table] and c not in COMMON:
                            err(where, f"unknown column {c!r}")
                    if len(set(header)) != len(header):
                        err(where, "duplicate column in header")
                    for c in REQUIRED[table] - set(header):
                        err(where, f"missing required column {c!r}")
                    continue
                if len(fields) > len(header):
                    err(where, f"{len(fields)} fields, header has {len(header)}")
                    continue
                fields += [""] * (len(header) - len(fields))
                row = dict(zip(header, fields))
                for k, v in row.items():
                    if v != v.strip():
                        err(where, f'column "{k}": leading or trailing spaces')
                tables[table].append((where, row))
    return tables


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "gazetteers")
    root = os.path.normpath(root)
    t = read_tables(root)

    # --- entities
    ents = {}
    for where, r in t["id"]:
        i, typ, kind = r["id"], r.get("type", ""), r.get("kind", "")
        if not ID_RE.match(i):
            err(where, f'column "id": {i!r} is not a valid id')
        if i in ents:
            err(where, f"duplicate id {i} (first at {ents[i][0]})")
            continue
        if typ not in TYPES:
            err(where, f'column "type": {typ!r} is not a type')
        elif i.split(":")[0].upper() != typ:
            err(where, f"id prefix of {i} does not match type {typ}")
        allowed = KINDS.get(typ)
        if allowed is not None and kind not in allowed and not (typ != "PERSON" and kind == ""):
            err(where, f'column "kind": {kind!r} is not valid for {typ}')
        if not r.get("en") and not r.get("ar"):
            err(where, "needs en or ar")
        if r.get("ar") and not ARABIC.search(r["ar"]):
            err(where, f'column "ar": {r["ar"]!r} has no Arabic letters')
        if r.get("en") and ARABIC.search(r["en"]):
            err(where, f'column "en": {r["en"]!r} has Arabic letters')
        if r.get("wikidata") and not QID_RE.match(r["wikidata"]):
            err(where, f'column "wikidata": {r["wikidata"]!r} is not a QID')
        if r.get("iso2") and not re.match(r"^[A-Z]{2}$", r["iso2"]):
            err(where, f'column "iso2": {r["iso2"]!r}')
        ents[i] = (where, r)

    def known(ref, where, col, want=None):
        if not ref:
            return
        if not ID_RE.match(ref):
            err(where, f'column "{col}": {ref!r} is not a valid id')
            return
        p = ref.split(":")[0]
        if want and p not in want:
            err(where, f'column "{col}": {ref} should be one of {sorted(want)}')
            return
        if ref in ents:
            return
        if p == "country":
            return  # defined in the countries file, written separately
        if p == "location":
            warn(where, f'column "{col}": {ref} is not defined here')
            return
        err(where, f'column "{col}": {ref} is not defined')

    for where, r in t["id"]:
        known(r.get("country", ""), where, "country", {"country"})
        known(r.get("capital", ""), where, "capital", {"location"})
        known(r.get("stands_for", ""), where, "stands_for")

    # --- titles
    title_roles = set()
    title_seen = {}
    for where, r in t["role"]:
        title_roles.add(r["role"])
        if not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", r["role"]):
            err(where, f'column "role": {r["role"]!r} is not a role key')
        if r["lang"] not in ("ar", "en"):
            err(where, f'column "lang": {r["lang"]!r}')
        if not r["form"]:
            err(where, "empty form")
        if r.get("gender", "") not in ("", "m", "f"):
            err(where, f'column "gender": {r["gender"]!r}')
        if r.get("number", "") not in ("", "sg", "du", "pl"):
            err(where, f'column "number": {r["number"]!r}')
        if r.get("definite", "") not in ("", "yes", "no"):
            err(where, f'column "definite": {r["definite"]!r}')
        key = (r["role"], r["lang"], r["form"])
        if key in title_seen:
            err(where, f"duplicate title row (first at {title_seen[key]})")
        title_seen[key] = where

    # --- roles
    has_meta = "key" in t
    meta = {r["key"]: r["value"] for _, r in t.get("key", [])}
    as_of = meta.get("as_of", "")
    if has_meta and not parse_date(as_of):
        err("meta", f"as_of {as_of!r} is not a date")
    current = defaultdict(list)
    role_seen = {}
    for where, r in t["person"]:
        p, role, of = r["person"], r["role"], r["of"]
        if p not in ents or ents[p][1].get("type") != "PERSON":
            err(where, f'column "person": {p} is not a defined PERSON')
        if title_roles and role not in title_roles:
            err(where, f'column "role": {role!r} is not in the titles table')
        known(of, where, "of", {"country", "agency"})
        s, e = r.get("start", ""), r.get("end", "")
        ps = parse_date(s) if s else ("0000-01-01", "0000-01-01")
        pe = parse_date(e) if e else ("9999-12-31", "9999-12-31")
        if ps is None:
            err(where, f'column "start": {s} is not a date')
        if pe is None:
            err(where, f'column "end": {e} is not a date')
        if ps and pe and pe[1] < ps[0]:
            err(where, f"end {e} is before start {s}")
        if as_of and ps and parse_date(as_of) and ps[0] > parse_date(as_of)[1] and not e:
            pass  # a term that starts after as_of is allowed
        key = (p, role, of, s)
        if key in role_seen:
            err(where, f"duplicate role row (first at {role_seen[key]})")
        role_seen[key] = where
        if not e and ps and pe:
            current[(role, of)].append((where, p, ps[0]))
    single = {"president", "prime-minister", "king", "queen", "emir", "sultan", "crown-prince",
              "foreign-minister", "defence-minister", "finance-minister", "chancellor",
              "secretary-general", "supreme-leader", "director-general", "managing-director"}
    ref_date = parse_date(as_of)[1] if parse_date(as_of) else "9999-12-31"
    for (role, of), holders in current.items():
        holders = [h for h in holders if h[2] <= ref_date]
        if role in single and len(holders) > 1:
            err(holders[-1][0], f"{role} of {of} held by {len(holders)} people with no end: "
                + ", ".join(h[1] for h in holders))

    # --- aliases and ambiguity
    readings = defaultdict(list)  # (norm, class) -> [(entity, certain, where)]
    alias_seen = {}
    for where, r in t["id"]:
        for col in ("en", "ar"):
            if r.get(col):
                cls = "mention"
                readings[(normalize(r[col]), cls)].append((r["id"], True, where, r[col]))
    for where, r in t["entity"]:
        e, a = r["entity"], r["alias"]
        known(e, where, "entity")
        if not a:
            err(where, "empty alias")
            continue
        kind = r.get("kind", "") or "name"
        if kind not in ALIAS_KINDS:
            err(where, f'column "kind": {kind!r} is not an alias kind')
        flags = [f for f in r.get("flags", "").split("|") if f]
        for f in flags:
            if f not in FLAGS:
                err(where, f'column "flags": {f!r} is not a flag')
        if r.get("lang") == "ar" and not ARABIC.search(a):
            err(where, f"alias {a!r} marked ar has no Arabic letters")
        if r.get("lang") == "en" and ARABIC.search(a):
            err(where, f"alias {a!r} marked en has Arabic letters")
        if ARABIC.search(a) and re.search(r"[A-Za-z]", a):
            err(where, f"alias {a!r} mixes Arabic and Latin letters")
        key = (e, a)
        if key in alias_seen:
            err(where, f"duplicate alias (first at {alias_seen[key]})")
        alias_seen[key] = where
        cls = "adjective" if kind in ADJ_KINDS else "mention"
        readings[(normalize(a, "case" in flags), cls)].append((e, "ambiguous" not in flags, where, a))
    for (form, cls), rs in readings.items():
        certain = {}
        for e, c, where, a in rs:
            if c:
                certain.setdefault(e, (where, a))
        if len(certain) > 1:
            (w1, a1), (w2, a2) = list(certain.values())[:2]
            ids = sorted(certain)
            err(w2, f"form {a2!r} has {len(certain)} certain {cls} readings: {', '.join(ids)} "
                f"(also at {w1}); flag all but one `ambiguous`")
    # an alias flagged ambiguous whose entity is the only reading at all is fine (common word)

    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    n = {k: len(v) for k, v in t.items()}
    print(f"checked {root}: {n.get('id', 0)} entities, {n.get('entity', 0)} aliases, "
          f"{n.get('person', 0)} roles, {n.get('role', 0)} titles; "
          f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
