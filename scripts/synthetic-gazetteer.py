#!/usr/bin/env python3
"""Writes a synthetic gazetteer of N aliases in khabar's gazetteer format (gazetteers/README.md),
for the matcher scaling benchmark (scripts/bench-matcher.sh, docs/performance.md).

Usage: scripts/synthetic-gazetteer.py N OUT_DIR [--seed S]

OUT_DIR gets entities.tsv, aliases.tsv and meta.tsv: N/2 PERSON entities, each with a canonical
name (Arabic or Latin) and one more alias (a longer variant), N aliases in all. Names look like
news names: Arabic given names (real common ones, then generated ones) with a patronymic
(بن ...) or a family name, often with its article (العتيبي); Latin ones are capitalized
syllable words (Karim Haddad). Real given names make the trie branch as it does on real data:
a token such as محمد opens thousands of continuations.

Deterministic: the same N and seed give the same files, and the first N aliases of a larger
gazetteer are those of a smaller one (same seed), so a bigger gazetteer only adds aliases.
The generated words avoid the letters that normalization folds (ة ى أ إ آ ؤ ئ), so distinct
aliases stay distinct after normalization and `khabar gazetteer check` passes.
"""

import os
import random
import sys

AR_GIVEN = (
    "محمد احمد علي حسن حسين عمر خالد يوسف ابراهيم عبدالله عبدالرحمن سعيد سالم ماجد فيصل "
    "طارق كريم نبيل وليد جمال رشيد منصور ناصر سلمان فهد تركي بندر مصطفى محمود عادل هشام "
    "سامي رامي زياد مروان عماد سمير عصام حمدي فريد مراد نور ليلى سلمى مريم زينب"
).split()
# Consonants for generated roots (no letters that normalization folds).
AR_CONS = list("بتثجحخدذرزسشصضطظعغفقكلمنه")
AR_TEMPLATES = [
    "{a}ا{b}{c}",  # فاعل
    "{a}{b}ي{c}",  # فعيل
    "م{a}{b}و{c}",  # مفعول
    "{a}{b}{c}ان",  # فعلان
    "{a}{b}ا{c}",  # فعال
]
LAT_ONSETS = "b d f g h j k l m n r s t z kh sh".split()
LAT_VOWELS = ["a", "i", "ou", "e", "o", "ai"]
LAT_CODAS = ["", "", "n", "r", "l", "m", "d"]


def ar_word(rng):
    a, b, c = (rng.choice(AR_CONS) for _ in range(3))
    return rng.choice(AR_TEMPLATES).format(a=a, b=b, c=c)


def ar_name(rng):
    given = rng.choice(AR_GIVEN) if rng.random() < 0.5 else ar_word(rng)
    family = ar_word(rng)
    r = rng.random()
    if r < 0.4:
        family = "ال" + family + "ي"  # a nisba family name: العتيبي
    elif r < 0.6:
        family = "بن " + ar_word(rng)
    variant = f"{given} {ar_word(rng)} {family}"
    return f"{given} {family}", variant


def lat_word(rng):
    n = 2 if rng.random() < 0.7 else 3
    w = "".join(rng.choice(LAT_ONSETS) + rng.choice(LAT_VOWELS) for _ in range(n))
    return (w + rng.choice(LAT_CODAS)).capitalize()


def lat_name(rng):
    given, family = lat_word(rng), lat_word(rng)
    return f"{given} {family}", f"{given} {lat_word(rng)[0]}. {family}"


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--seed")]
    seed = 15
    for a in argv[1:]:
        if a.startswith("--seed="):
            seed = int(a.split("=", 1)[1])
    if len(args) != 2 or not args[0].isdigit():
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    n, out = int(args[0]), args[1]
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    seen = set()
    entities, aliases = [], []
    i = 0
    while len(entities) * 2 < n:
        arabic = rng.random() < 0.6
        name, variant = ar_name(rng) if arabic else lat_name(rng)
        keys = (name.lower(), variant.lower())
        if keys[0] in seen or keys[1] in seen or keys[0] == keys[1]:
            continue
        seen.update(keys)
        i += 1
        eid = f"person:synthetic-{i:07d}"
        entities.append((eid, "" if arabic else name, name if arabic else ""))
        aliases.append((eid, variant, "ar" if arabic else "en"))
    with open(os.path.join(out, "entities.tsv"), "w", encoding="utf-8") as f:
        f.write(f"# Synthetic people for the matcher benchmark (seed {seed}).\n")
        f.write("id\ttype\ten\tar\n")
        for eid, en, ar in entities:
            f.write(f"{eid}\tPERSON\t{en}\t{ar}\n")
    with open(os.path.join(out, "aliases.tsv"), "w", encoding="utf-8") as f:
        f.write("entity\talias\tlang\tkind\n")
        for eid, alias, lang in aliases:
            f.write(f"{eid}\t{alias}\t{lang}\tname\n")
    with open(os.path.join(out, "meta.tsv"), "w", encoding="utf-8") as f:
        f.write("key\tvalue\nas_of\t2025-01-01\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
