#!/usr/bin/env python3
"""Generate gazetteers/bodies.tsv and gazetteers/body-aliases.tsv (stdlib only).

Bodies every state has, named in the news by its nisba ("الحكومة اليمنية", "الجيش العراقي",
"المنتخب السعودي") or its name ("حكومة اليمن"), crossed, like gen_ministries.py, with the UN
member states (+ Palestine) of gazetteers/countries.tsv and their nisba adjectives and English
demonyms from gazetteers/country-aliases.tsv:

- the government (agency:<iso3>-government, kind government): "الحكومة اليمنية", "حكومة
  اليمن", "Yemeni government", "Government of Yemen";
- the armed forces (agency:<iso3>-armed-forces, kind military): "الجيش العراقي", "Iraqi army",
  "Armed Forces of Iraq"; not for the states without armed forces (ARMYLESS), nor where
  rival authorities each have an army (CONTESTED_ARMY), nor where the hand-curated agencies
  already hold the country's army (an alias "الجيش <nisba>" of an AGENCY of kind military in
  agencies.tsv / agency-aliases.tsv);
- the national sports teams (agency:<iso3>-national-team, kind club): "المنتخب السعودي",
  "منتخب السعودية", "Saudi national team": news says "the national team" for whichever sport
  the article is about, so one entity stands for the country's national teams.

A form that two bodies share (both Congos have the nisba الكونغولية) is flagged `ambiguous` on
both, and so is every form built on a nisba the country table flags ambiguous.

Usage: gen_bodies.py [GAZETTEER_DIR]   (default: gazetteers/ of this repo)
Deterministic: same inputs, same bytes.
"""
import os
import re
import sys
from collections import defaultdict

from gazlib import demonym_adjectives, english_country_name, nisba_names, norm, rows
from gen_ministries import OBSERVERS, UN_MEMBERS

# UN members without armed forces of their own (a police or a coast guard only).
ARMYLESS = set(
    "AND CRI DMA GRD ISL KIR LIE MHL MUS FSM MCO NRU PLW PAN LCA VCT WSM SMR SLB TUV VUT".split()
)

# States whose armed forces are split between rival authorities (news' "الجيش الليبي" is as
# often one side's army as the state's): no generated army, rather than a guess.
CONTESTED_ARMY = {"LBY", "YEM"}

AR = re.compile(r"[\u0600-\u06FF]")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "gazetteers")
    root = os.path.normpath(root)
    countries = {r["id"]: r for r in rows(os.path.join(root, "countries.tsv")) if r.get("type") == "COUNTRY"}
    nisba, demonym, ambiguous_nisba = defaultdict(list), defaultdict(list), set()
    alias_rows = list(rows(os.path.join(root, "country-aliases.tsv")))
    for cid, forms in nisba_names(alias_rows).items():
        nisba[cid].extend(forms)
    for r in alias_rows:
        if r.get("kind") == "nisba":
            nisba[r["entity"]].append(r["alias"])
            if "ambiguous" in (r.get("flags") or ""):
                ambiguous_nisba.add(r["alias"])
        elif r.get("kind") == "demonym":
            demonym[r["entity"]].append(r["alias"])
            if "ambiguous" in (r.get("flags") or ""):
                ambiguous_nisba.add(r["alias"])

    def definite(cid, ending):
        # definite singular nisba: every word ends in `ending`, the first has the article
        out = []
        for a in nisba.get(cid, []):
            w = a.split(" ")
            if w[0].startswith("ال") and all(x.endswith(ending) for x in w) and a not in out:
                out.append(a)
        return out

    def adjectives(cid):
        return demonym_adjectives(demonym.get(cid, []))

    # Countries whose army the curated agencies hold already: a curated military body has
    # "الجيش <nisba>" as its name or an alias.
    agencies = list(rows(os.path.join(root, "agencies.tsv")))
    military = {r["id"] for r in agencies if r.get("kind") == "military"}
    army_forms = {norm(r["ar"]) for r in agencies if r["id"] in military and r.get("ar")}
    army_forms |= {norm(r["alias"]) for r in rows(os.path.join(root, "agency-aliases.tsv"))
                   if r["entity"] in military}
    curated_army = {cid for cid in countries
                    if any(norm(f"الجيش {n}") in army_forms for n in definite(cid, "ي"))}

    ents = []
    for iso in UN_MEMBERS + OBSERVERS:
        cid = "country:" + iso
        c = countries.get(cid)
        if not c:
            continue
        cen, car = c.get("en", ""), c.get("ar", "")
        cen = english_country_name(cen)
        fem, masc, adj = definite(cid, "ية"), definite(cid, "ي"), adjectives(cid)
        # (slug, kind, English name, Arabic forms by nisba, construct form with the name, English forms)
        bodies = [("government", "government", f"Government of {cen}",
                   [(f"الحكومة {n}", n) for n in fem], f"حكومة {car}" if car else None,
                   [(f"{a} government", a) for a in adj])]
        if iso not in ARMYLESS and iso not in CONTESTED_ARMY and cid not in curated_army:
            bodies.append(("armed-forces", "military", f"Armed Forces of {cen}",
                           [(f"الجيش {n}", n) for n in masc], None,
                           [(f"{a} army", a) for a in adj] + [(f"{a} armed forces", a) for a in adj]))
        bodies.append(("national-team", "club", f"National team of {cen}",
                       [(f"المنتخب {n}", n) for n in masc], f"منتخب {car}" if car else None,
                       [(f"{a} national team", a) for a in adj]))
        for slug, kind, en_name, ar_forms, construct, en_forms in bodies:
            if not ar_forms and not construct:
                continue
            al = [(f, "name", n in ambiguous_nisba) for f, n in ar_forms]
            if construct:
                al.append((construct, "name", False))
            al += [(f, "name", a in ambiguous_nisba) for f, a in en_forms]
            ents.append({"id": f"agency:{iso.lower()}-{slug}", "kind": kind, "en": en_name,
                         "country": cid, "aliases": al})
    owners = defaultdict(set)
    for e in ents:
        for f, _, _ in e["aliases"]:
            owners[norm(f)].add(e["id"])
        owners[norm(e["en"])].add(e["id"])
    ent_rows, alias_rows = [], []
    for e in ents:
        certain = [f for f, _, amb in e["aliases"] if AR.search(f) and not amb and len(owners[norm(f)]) == 1]
        ar_name = certain[0] if certain else ""
        en_name = e["en"] if len(owners[norm(e["en"])]) == 1 else ""
        if not ar_name and not en_name:
            print(f"warning: {e['id']}: no unique name, skipped", file=sys.stderr)
            continue
        ent_rows.append((e["id"], e["kind"], en_name, ar_name, e["country"]))
        seen = {en_name, ar_name}
        for f, kind, amb in e["aliases"]:
            if f in seen:
                continue
            seen.add(f)
            flags = "ambiguous" if amb or len(owners[norm(f)]) > 1 else ""
            alias_rows.append((e["id"], f, "ar" if AR.search(f) else "en", kind, flags))
    head = ("# generated by tools/gazetteer/gen_bodies.py from countries.tsv / country-aliases.tsv "
            "(UN member states + Palestine) and agencies.tsv; do not edit by hand\n")
    with open(os.path.join(root, "bodies.tsv"), "w", encoding="utf-8") as o:
        o.write(head + "id\ttype\tkind\ten\tar\tcountry\n")
        for i, k, en, ar, c in ent_rows:
            o.write(f"{i}\tAGENCY\t{k}\t{en}\t{ar}\t{c}\n")
    with open(os.path.join(root, "body-aliases.tsv"), "w", encoding="utf-8") as o:
        o.write(head + "entity\talias\tlang\tkind\tflags\n")
        for r in alias_rows:
            o.write("\t".join(r) + "\n")
    print(f"{len(ent_rows)} bodies, {len(alias_rows)} aliases", file=sys.stderr)


if __name__ == "__main__":
    main()
