#!/usr/bin/env python3
"""Conjugates the verb tables into khabar rule word lists.

    python3 tools/lexicon/gen_verbs.py          # rewrites rules/ar/speech-verbs.rules, rules/en/speech-verbs.rules

Arabic (speech-verbs-ar.tsv): every person, number and gender of the past and present (with the
subjunctive/jussive endings -وا/-ا that follow لم، لن، أن), the future سـ on present forms, the
object enclitics ـه، ـها، ـهم، ـهما on third-person forms (حسب ما أكده), and the active
participle in the forms news uses adverbially (مضيفا، مشيرة). Proclitics (و ف ب ل ك) are not
generated: khabar's clitic grammar strips them when it matches a list word. Classes:
  sound      past stem = the verb (أكد -> أكدت، أكدنا); present = prefix + stem (يؤكد)
  hollow     consonant suffixes take the short past stem (قال -> قلت); the present has a short
             stem before -ن and in the jussive (يقول -> يقلن، لم يقل)
  geminate   consonant suffixes take the split stem (أقر -> أقررت)
  defective  irregular endings: the forms are listed whole
The participles also go to `participle-verb-ar`: they have no subject of their own ("ورد X على
السؤال قائلا").
English (speech-verbs-en.tsv): base, third person, past, participle and -ing forms.
The output is deterministic (sorted, one copy of each form).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

PAST_VOWEL = ["", "ت", "وا", "ا", "تا"]          # 3ms 3fs 3mp 3md 3fd
PAST_CONS = ["ن", "ت", "نا", "تم", "تما", "تن"]   # 3fp 1s/2s 1p 2mp 2d 2fp
PRESENT = [                                       # prefix, suffix, uses the short stem
    ("ي", "", False), ("ت", "", False), ("ن", "", False), ("أ", "", False),
    ("ي", "ون", False), ("ت", "ون", False), ("ي", "ان", False), ("ت", "ان", False),
    ("ت", "ين", False), ("ي", "ن", True), ("ت", "ن", True),
    ("ي", "وا", False), ("ت", "وا", False), ("ي", "ا", False), ("ت", "ا", False), ("ت", "ي", False),
]
ENCLITICS = ["ه", "ها", "هم", "هما"]
# Participles as news uses them adverbially: مضيفا، مضيفة، مضيفين (the bare forms are nouns too).
PARTICIPLE = ["ا", "ة", "ين"]


def read_table(name):
    rows = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            rows.append((n, cols))
    return rows


def participles(cols):
    """The adverbial participle forms of a verb (مضيفا، مضيفة، مضيفين; a defective verb's are
    the listed forms of the shape فاعيا: نافيا، داعيا)."""
    if cols[1] == "defective":
        listed = cols[3].split() if len(cols) > 3 else []
        return {f for f in listed if len(f) == 5 and f[1] == "ا" and f.endswith("يا")}
    if len(cols) < 7 or cols[6] == "-":
        return set()
    return {cols[6] + s for s in PARTICIPLE}


def arabic_forms(cols, where):
    lst, cls, verb = cols[0], cols[1], cols[2]
    forms = set()
    if cls == "defective":
        if len(cols) != 4:
            sys.exit(f"{where}: a defective verb lists its forms in column 4")
        listed = cols[3].split()
        forms.update(listed)
        # Future and enclitics on the listed present and 3rd-person past forms.
        for f in listed:
            if f[0] in "يت" and f != verb:
                forms.add("س" + f)
            if f in listed[:3] or f[0] == "ي":
                forms.update(f + e for e in ENCLITICS if not f.endswith("وا"))
        return lst, forms
    if len(cols) not in (7, 8):
        sys.exit(f"{where}: expected 7 or 8 columns, found {len(cols)}")
    excluded = set(cols[7].split()) if len(cols) == 8 else set()
    past2 = verb if cols[3] == "-" else cols[3]
    present = cols[4]
    short = present if cols[5] == "-" else cols[5]
    participle = None if cols[6] == "-" else cols[6]
    if cls not in ("sound", "hollow", "geminate"):
        sys.exit(f"{where}: unknown class {cls}")
    for s in PAST_VOWEL:
        forms.add(verb + s)
    for s in PAST_CONS:
        forms.add(past2 + s)
    # Object enclitics on third-person past forms (أكده، أكدته، أكدوه).
    for base in (verb, verb + "ت"):
        forms.update(base + e for e in ENCLITICS)
    forms.update(verb + "وه" + e[1:] if e != "ه" else verb + "وه" for e in ENCLITICS)
    jussive = cls == "hollow"
    for prefix, suffix, uses_short in PRESENT:
        stem = short if uses_short else present
        f = prefix + stem + suffix
        forms.add(f)
        if prefix in "يتن":
            forms.add("س" + f)
        if suffix == "" and prefix in "يت":
            forms.update(f + e for e in ENCLITICS)
    if jussive:
        for prefix in "يتنأ":
            forms.add(prefix + short)
    if participle:
        forms.update(participle + s for s in PARTICIPLE)
    return lst, forms - excluded


def english_forms(cols, where):
    if len(cols) != 6:
        sys.exit(f"{where}: expected 6 columns, found {len(cols)}")
    lst, base, third, past, part, ing = cols
    forms = {base, third, past, ing}
    forms.add(past if part == "-" else part)
    return lst, forms


def write(path, header, lists):
    with open(path, "w", encoding="utf-8") as f:
        f.write(header)
        for name in sorted(lists):
            words = sorted(lists[name])
            f.write(f"@{name} = " + " ".join(words) + "\n")


def main():
    for lang, table, fn in (("ar", "speech-verbs-ar.tsv", arabic_forms), ("en", "speech-verbs-en.tsv", english_forms)):
        lists = {}
        for n, cols in read_table(table):
            lst, forms = fn(cols, f"tools/lexicon/{table}:{n}")
            lists.setdefault(f"{lst}-verb-{lang}", set()).update(forms)
            if lang == "ar":
                lists.setdefault("participle-verb-ar", set()).update(participles(cols) & forms)
        out = os.path.join(ROOT, "rules", lang, "speech-verbs.rules")
        header = (f"# Generated by tools/lexicon/gen_verbs.py from tools/lexicon/{table}: do not edit;\n"
                  "# change the table and run the generator. Conjugated forms of the speech verbs.\n")
        write(out, header, lists)
        print(f"gen_verbs.py: {sum(len(v) for v in lists.values())} forms -> rules/{lang}/speech-verbs.rules", file=sys.stderr)


if __name__ == "__main__":
    main()
