#!/usr/bin/env python3
"""khabar's development gold for relations: sample documents, compile annotations, re-attach texts.

The gold keeps ids, offsets and labels only; the texts stay in the development data
(`../shared/eval` beside the repository, or `--eval DIR`), and `attach` puts them back and checks
every offset against the text's SHA-1 recorded at sampling time.

  gold.py sample  [--seed 2026] [--out gold/sample.tsv]      pick the documents (deterministic)
  gold.py export  WORKDIR                                     write the sampled texts to annotate
  gold.py compile WORKDIR/ann/NAME --out gold/X.jsonl         annotation files -> offsets-only gold
  gold.py attach  gold/X.jsonl [--out FULL.jsonl]             gold + texts -> `khabar eval relations` input
  gold.py view    gold/X.jsonl [DOC_ID]                       print a gold file with its strings
  gold.py agree   A.jsonl B.jsonl                             inter-annotator agreement (relations)

Annotation files (one JSON object per document, `WORKDIR/ann/NAME/<n>.json`) locate every span by
its text, so that no one counts characters:
  {"text": S}                 S occurs exactly once in the document (as a substring)
  {"text": S, "ctx": C}       C occurs exactly once, and S is (the first occurrence of S) inside C
  {"text": S, "occ": k}       the k-th occurrence of S in the document (1-based)
  {"from": S1, "to": S2}      (quotes) from the located S1 to the end of the first S2 after it;
                              S1 may carry "ctx"/"occ" as above ("from_ctx", "from_occ")
Evidence is given by a locator of any snippet inside the sentence; it is widened to the sentence.
"""
import argparse
import gzip
import hashlib
import json
import os
import random
import re
import sys

SOURCES = {
    "news-ar-jawharafm.jsonl": "ar",
    "news-ar-ant.jsonl.gz": "ar",
    "news-en-reuters21578.jsonl.gz": "en",
}
PREDICATES = {
    "negotiates-with", "consults-with", "meets-with", "cooperates-with", "visits",
    "signed-declaration", "signed-agreement", "expresses-intent", "holds-position", "said",
    "reported-by", "held-at",
}
SYMMETRIC = {"negotiates-with", "consults-with", "meets-with", "cooperates-with"}
TYPES = {"PERSON", "COUNTRY", "AGENCY", "LOCATION", "EVENT"}
MENTION_FLAGS = {"clitic", "metonymy", "epithet", "embedded"}

# Cue words of the guidelines' predicates: a document with none of them measures false alarms.
# Arabic stems are matched after optional proclitics; they cover the common inflections.
AR_CUES = re.compile(
    r"(^|\s)[وفبل]?(قال|يقول|تقول|أكد|يؤكد|تؤكد|أوضح|أضاف|أشار|صرح|تصريح|أعلن|يعلن|بيان|"
    r"التقى|يلتقي|لقاء|استقبل|يستقبل|اجتماع|اجتمع|قمة|زار|يزور|زيارة|وصل|مباحثات|محادثات|"
    r"مفاوضات|تفاوض|مشاورات|اتصال|تعاون|شراكة|وقع|توقيع|اتفاق|اتفاقية|مذكرة|إعلان|يعتزم|"
    r"تعتزم|ينوي|تنوي|يسعى|تسعى|وزير|وزيرة|رئيس|رئيسة|مدير|سفير|ناطق|متحدث|وكالة|صحيفة|"
    r"وفقا|نقلت|دعا|طالب|ندد|انتقد)"
)
EN_CUES = re.compile(
    r"\b(said|says|told|stated|announced|added|met|meeting|talks|negotiat\w*|consult\w*|visit\w*|"
    r"signed|agreement|accord|deal|cooperat\w*|partnership|plans? to|intends?|minister|president|"
    r"chairman|chief|spokesman|according to|reported)\b",
    re.I,
)


def words(text):
    return len(text.split())


def sha1(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def eval_dir(args):
    d = args.eval or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval")
    if not os.path.isdir(d):
        sys.exit(f"gold.py: no development data at {d}; give --eval DIR")
    return d


def read_source(d, name):
    path = os.path.join(d, name)
    f = gzip.open(path, "rt", encoding="utf-8") if name.endswith(".gz") else open(path, encoding="utf-8")
    with f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def load_texts(d, wanted):
    """doc id -> record, for the (source, id) pairs wanted."""
    by_source = {}
    for src, doc_id in wanted:
        by_source.setdefault(src, set()).add(doc_id)
    out = {}
    for src, ids in by_source.items():
        for rec in read_source(d, src):
            if rec.get("id") in ids:
                out[rec["id"]] = rec
    return out


def cmd_sample(args):
    d = eval_dir(args)
    rng = random.Random(args.seed)
    plan = [("news-ar-jawharafm.jsonl", args.ar // 2), ("news-ar-ant.jsonl.gz", args.ar - args.ar // 2),
            ("news-en-reuters21578.jsonl.gz", args.en)]
    rows = []
    for src, count in plan:
        lang = SOURCES[src]
        cues = EN_CUES if lang == "en" else AR_CUES
        pool_cue, pool_none, seen = [], [], set()
        for rec in read_source(d, src):
            text = rec.get("text") or ""
            if not 100 <= words(text) <= 400:
                continue
            # Near-duplicates (wire copy repeats): same first 25 words.
            key = " ".join(text.split()[:25])
            if key in seen:
                continue
            seen.add(key)
            (pool_cue if cues.search(text) else pool_none).append(rec)
        pool_cue.sort(key=lambda r: r["id"])
        pool_none.sort(key=lambda r: r["id"])
        n_none = min(round(count / 6), len(pool_none))
        picked = [(r, "cue") for r in rng.sample(pool_cue, count - n_none)]
        picked += [(r, "none") for r in rng.sample(pool_none, n_none)]
        rng.shuffle(picked)
        for i, (rec, cue) in enumerate(picked):
            # Two thirds to tune on, one third held back to measure only.
            split = "test" if i % 3 == 2 else "tune"
            rows.append((rec["id"], src, lang, split, cue, sha1(rec["text"]), words(rec["text"])))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# sampled by scripts/gold.py sample --seed %d (ar %d, en %d)\n" % (args.seed, args.ar, args.en))
        f.write("n\tdoc_id\tsource\tlang\tsplit\tcues\ttext_sha1\twords\n")
        for n, row in enumerate(rows, 1):
            f.write("\t".join([str(n)] + [str(x) for x in row]) + "\n")
    print(f"gold.py: {len(rows)} documents -> {args.out}", file=sys.stderr)


def read_sample(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = None
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if header is None:
                header = cols
                continue
            rows.append(dict(zip(header, cols)))
    return rows


def cmd_export(args):
    d = eval_dir(args)
    rows = read_sample(args.sample)
    texts = load_texts(d, [(r["source"], r["doc_id"]) for r in rows])
    os.makedirs(os.path.join(args.workdir, "docs"), exist_ok=True)
    for r in rows:
        rec = texts[r["doc_id"]]
        assert sha1(rec["text"]) == r["text_sha1"], r["doc_id"]
        with open(os.path.join(args.workdir, "docs", f"{int(r['n']):03d}.txt"), "w", encoding="utf-8") as f:
            f.write(f"# n={r['n']} doc_id={r['doc_id']} lang={r['lang']} date={rec.get('date')}\n")
            f.write(rec["text"])
    print(f"gold.py: {len(rows)} texts -> {args.workdir}/docs", file=sys.stderr)


class LocateError(Exception):
    pass


def find_all(text, s):
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def locate(text, loc, prefix=""):
    s = loc.get(prefix + "text") if prefix else loc.get("text")
    if not s:
        raise LocateError(f"locator without text: {loc}")
    ctx = loc.get(prefix + "ctx")
    occ = loc.get(prefix + "occ")
    if ctx is not None:
        hits = find_all(text, ctx)
        if len(hits) != 1:
            raise LocateError(f"ctx {ctx!r} occurs {len(hits)} times (must be once)")
        j = ctx.find(s)
        if j < 0:
            raise LocateError(f"{s!r} is not inside ctx {ctx!r}")
        start = hits[0] + j
    else:
        hits = find_all(text, s)
        if occ is not None:
            if not 1 <= int(occ) <= len(hits):
                raise LocateError(f"{s!r} occurs {len(hits)} times, occ {occ} asked")
            start = hits[int(occ) - 1]
        elif len(hits) == 1:
            start = hits[0]
        else:
            raise LocateError(f"{s!r} occurs {len(hits)} times: give ctx or occ")
    return start, start + len(s)


def locate_range(text, loc):
    if "from" in loc:
        start, _ = locate(text, {"text": loc["from"], "ctx": loc.get("from_ctx"), "occ": loc.get("from_occ")})
        j = text.find(loc["to"], start)
        if j < 0:
            raise LocateError(f"quote end {loc['to']!r} not found after {loc['from']!r}")
        return start, j + len(loc["to"])
    return locate(text, loc)


def is_sentence_end(text, i):
    """Whether text[i] ends a sentence: . ! ? ؟ before a space or the end (not in "U.S." or
    "1.5", not after a single letter such as د.), or a line break that ends a paragraph: in
    Arabic news every line is a paragraph; Reuters wraps its lines and starts each paragraph with
    an indented (or blank) line."""
    c = text[i]
    if c == "\n":
        nxt = text[i + 1:i + 2]
        return nxt == "" or nxt in "\n \t" or not nxt.isascii()
    if c not in ".!?؟":
        return False
    if i + 1 < len(text) and not text[i + 1].isspace():
        return False
    if c == ".":
        # A single letter before the dot (U.S., د.) is an abbreviation.
        if i >= 1 and text[i - 1].isalpha() and (i == 1 or not text[i - 2].isalpha()):
            return False
    return True


def sentence_of(text, start, end):
    """Widens [start, end) to the sentence(s) it lies in."""
    s = start
    while s > 0 and not is_sentence_end(text, s - 1):
        s -= 1
    e = end
    while e < len(text) and not is_sentence_end(text, e):
        e += 1
    if e < len(text) and text[e] != "\n":
        e += 1
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def compile_doc(text, ann, where):
    errors = []

    def span(loc, what, widen=False, rng=False):
        try:
            a, b = locate_range(text, loc) if rng else locate(text, loc)
        except LocateError as e:
            errors.append(f"{where}: {what}: {e}")
            return None
        if widen:
            a, b = sentence_of(text, a, b)
        return {"start": a, "end": b}

    ents = []
    ids = set()
    for e in ann.get("entities", []):
        eid = e.get("id")
        if not eid or eid in ids:
            errors.append(f"{where}: entity without id or id repeated: {eid}")
            continue
        ids.add(eid)
        if e.get("type") not in TYPES:
            errors.append(f"{where}: {eid}: type {e.get('type')!r} is not one of {sorted(TYPES)}")
        out = {"id": eid, "type": e.get("type")}
        if e.get("kind"):
            out["kind"] = e["kind"]
        ms = []
        for m in e.get("mentions", []):
            sp = span(m, f"{eid} mention")
            if sp is None:
                continue
            flags = [f for f in m.get("flags", [])]
            bad = [f for f in flags if f not in MENTION_FLAGS]
            if bad:
                errors.append(f"{where}: {eid}: unknown mention flags {bad}")
            if flags:
                sp["flags"] = flags
            ms.append(sp)
        out["mentions"] = sorted(ms, key=lambda m: m["start"])
        nis = [sp for sp in (span(n, f"{eid} nisba") for n in e.get("nisba", [])) if sp]
        if nis:
            out["nisba"] = sorted(nis, key=lambda m: m["start"])
        if not ms and not nis:
            errors.append(f"{where}: {eid} has no mention and no nisba")
        ents.append(out)
    rels = []
    for i, r in enumerate(ann.get("relations", [])):
        p = r.get("predicate")
        if p not in PREDICATES:
            errors.append(f"{where}: relation {i}: predicate {p!r} unknown")
            continue
        for side in ("subject", "object"):
            if r.get(side) is not None and r[side] not in ids:
                errors.append(f"{where}: relation {i} ({p}): {side} {r[side]!r} is not an entity")
        out = {"predicate": p, "subject": r.get("subject"), "object": r.get("object")}
        if r.get("negated"):
            out["negated"] = True
        if r.get("hypothetical"):
            out["hypothetical"] = True
        if "evidence" not in r:
            errors.append(f"{where}: relation {i} ({p}) has no evidence")
        else:
            ev = span(r["evidence"], f"relation {i} ({p}) evidence", widen=True)
            if ev:
                out["evidence"] = ev
        if p == "said":
            if "quote" in r:
                q = span(r["quote"], f"relation {i} quote", rng=True)
                if q:
                    out["quote"] = q
            else:
                errors.append(f"{where}: relation {i} (said) has no quote")
        # A title "as written" is text of the document: the gold keeps offsets only, so it is
        # not stored (the evidence span holds it).
        rels.append(out)
    return ents, rels, errors


def cmd_compile(args):
    d = eval_dir(args)
    rows = {int(r["n"]): r for r in read_sample(args.sample)}
    files = sorted(f for f in os.listdir(args.anndir) if f.endswith(".json"))
    anns = []
    for f in files:
        with open(os.path.join(args.anndir, f), encoding="utf-8") as fh:
            try:
                anns.append((f, json.load(fh)))
            except json.JSONDecodeError as e:
                sys.exit(f"{args.anndir}/{f}: invalid JSON: {e}")
    texts = load_texts(d, [(rows[int(f.split('.')[0])]["source"], rows[int(f.split('.')[0])]["doc_id"]) for f, _ in anns])
    out, errors = [], []
    for f, ann in anns:
        row = rows[int(f.split(".")[0])]
        text = texts[row["doc_id"]]["text"]
        ents, rels, errs = compile_doc(text, ann, f"{args.anndir}/{f}")
        errors += errs
        out.append({
            "id": row["doc_id"], "n": int(row["n"]), "source": row["source"], "lang": row["lang"],
            "split": row["split"], "text_sha1": row["text_sha1"],
            "annotator": ann.get("annotator"), "reviewed_by": ann.get("reviewed_by"),
            "entities": ents, "relations": rels,
        })
    for e in errors:
        print(e, file=sys.stderr)
    if errors and not args.force:
        sys.exit(f"gold.py: {len(errors)} error(s); nothing written")
    with open(args.out, "w", encoding="utf-8") as f:
        for doc in sorted(out, key=lambda x: x["n"]):
            f.write(json.dumps(doc, ensure_ascii=False, sort_keys=False) + "\n")
    print(f"gold.py: {len(out)} documents -> {args.out}", file=sys.stderr)


def read_gold(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def attached(args, docs):
    d = eval_dir(args)
    texts = load_texts(d, [(g["source"], g["id"]) for g in docs])
    errors = []
    for g in docs:
        rec = texts.get(g["id"])
        if rec is None:
            errors.append(f"{g['id']}: not found in {g['source']}")
            continue
        text = rec["text"]
        if sha1(text) != g["text_sha1"]:
            errors.append(f"{g['id']}: text differs from the annotated one (SHA-1)")
            continue
        spans = []
        for e in g["entities"]:
            spans += [("mention", e["id"], m) for m in e.get("mentions", [])]
            spans += [("nisba", e["id"], m) for m in e.get("nisba", [])]
        for r in g["relations"]:
            for k in ("evidence", "quote"):
                if k in r:
                    spans.append((k, r["predicate"], r[k]))
        for kind, who, sp in spans:
            if not (0 <= sp["start"] < sp["end"] <= len(text)):
                errors.append(f"{g['id']}: {kind} of {who}: offsets {sp['start']}..{sp['end']} out of range")
            else:
                sp["text"] = text[sp["start"]:sp["end"]]
        g["text"] = text
        if rec.get("date"):
            g["date"] = rec["date"]
    return docs, errors


def cmd_attach(args):
    docs, errors = attached(args, read_gold(args.gold))
    for e in errors:
        print(f"{args.gold}: {e}", file=sys.stderr)
    if errors:
        sys.exit(1)
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    for g in docs:
        if args.split and g.get("split") != args.split:
            continue
        out.write(json.dumps(g, ensure_ascii=False) + "\n")
    if args.out:
        out.close()


def cmd_view(args):
    docs, errors = attached(args, read_gold(args.gold))
    for e in errors:
        print(e, file=sys.stderr)
    for g in docs:
        if args.doc and g["id"] != args.doc and str(g.get("n")) != args.doc:
            continue
        print(f"=== {g['n']} {g['id']} ({g['lang']}, {g['split']})")
        for e in g["entities"]:
            ms = " | ".join(f"{m.get('text')}@{m['start']}" + ("[" + ",".join(m["flags"]) + "]" if m.get("flags") else "")
                            for m in e.get("mentions", []))
            ns = " | ".join(f"{m.get('text')}@{m['start']}" for m in e.get("nisba", []))
            print(f"  {e['id']} {e['type']}{'/' + e['kind'] if e.get('kind') else ''}: {ms}" + (f"  nisba: {ns}" if ns else ""))
        for r in g["relations"]:
            fl = "".join([" NEG" if r.get("negated") else "", " HYP" if r.get("hypothetical") else ""])
            q = f"  quote: «{r['quote']['text'][:60]}»" if r.get("quote") else ""
            print(f"  {r['predicate']}({r['subject']}, {r['object']}){fl}{q}")


def rel_matches(a, b, ents_a, ents_b):
    """Lenient: same predicate, each non-null side of a overlaps b's entity (mentions or nisba)."""
    if a["predicate"] != b["predicate"]:
        return False

    def spans(ents, eid):
        e = ents.get(eid)
        return [] if e is None else e.get("mentions", []) + e.get("nisba", [])

    def same(x, y):
        if x is None or y is None:
            return True
        return any(p["start"] < q["end"] and q["start"] < p["end"] for p in spans(ents_a, x) for q in spans(ents_b, y))

    ok = same(a["subject"], b["subject"]) and same(a["object"], b["object"])
    if not ok and a["predicate"] in SYMMETRIC:
        ok = same(a["subject"], b["object"]) and same(a["object"], b["subject"])
    if ok and a["predicate"] == "said" and a.get("evidence") and b.get("evidence"):
        ea, eb = a["evidence"], b["evidence"]
        ok = ea["start"] < eb["end"] and eb["start"] < ea["end"]
    return ok


def dedup(rels, ents):
    out = []
    for r in rels:
        if r["predicate"] != "said" and any(rel_matches(r, o, ents, ents) for o in out):
            continue
        out.append(r)
    return out


def cmd_agree(args):
    a = {g["id"]: g for g in read_gold(args.a)}
    b = {g["id"]: g for g in read_gold(args.b)}
    tp_a = tp_b = na = nb = 0
    per = {}
    for doc_id in sorted(set(a) & set(b)):
        ea = {e["id"]: e for e in a[doc_id]["entities"]}
        eb = {e["id"]: e for e in b[doc_id]["entities"]}
        ra, rb = dedup(a[doc_id]["relations"], ea), dedup(b[doc_id]["relations"], eb)
        na += len(ra)
        nb += len(rb)
        for r in ra:
            hit = any(rel_matches(r, o, ea, eb) for o in rb)
            tp_a += hit
            per.setdefault(r["predicate"], [0, 0, 0, 0])[0] += hit
            per[r["predicate"]][1] += 1
        for r in rb:
            hit = any(rel_matches(r, o, eb, ea) for o in ra)
            tp_b += hit
            per.setdefault(r["predicate"], [0, 0, 0, 0])[2] += hit
            per[r["predicate"]][3] += 1
    p = tp_b / nb if nb else 0.0  # B scored against A
    r = tp_a / na if na else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"documents {len(set(a) & set(b))}; relations A {na}, B {nb}; lenient F1 (B vs A) {100*f:.1f} "
          f"(P {100*p:.1f}, R {100*r:.1f})")
    for k, (ha, ta, hb, tb) in sorted(per.items()):
        pp = hb / tb if tb else 0
        rr = ha / ta if ta else 0
        ff = 2 * pp * rr / (pp + rr) if pp + rr else 0
        print(f"  {k:20} A {ta:3} B {tb:3} F1 {100*ff:5.1f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", help="the development data directory (default: ../shared/eval beside the repo)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--seed", type=int, default=2026)
    s.add_argument("--ar", type=int, default=90)
    s.add_argument("--en", type=int, default=33)
    s.add_argument("--out", default="gold/sample.tsv")
    s = sub.add_parser("export")
    s.add_argument("workdir")
    s.add_argument("--sample", default="gold/sample.tsv")
    s = sub.add_parser("compile")
    s.add_argument("anndir")
    s.add_argument("--out", required=True)
    s.add_argument("--sample", default="gold/sample.tsv")
    s.add_argument("--force", action="store_true", help="write what compiled despite errors")
    s = sub.add_parser("attach")
    s.add_argument("gold")
    s.add_argument("--out")
    s.add_argument("--split", choices=["tune", "test"])
    s = sub.add_parser("view")
    s.add_argument("gold")
    s.add_argument("doc", nargs="?")
    s = sub.add_parser("agree")
    s.add_argument("a")
    s.add_argument("b")
    args = ap.parse_args()
    {"sample": cmd_sample, "export": cmd_export, "compile": cmd_compile, "attach": cmd_attach,
     "view": cmd_view, "agree": cmd_agree}[args.cmd](args)


if __name__ == "__main__":
    main()
