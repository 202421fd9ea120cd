"""Regular English inflection, enough to match a map entry's plural and verb forms.

Entries are written once ("coaching facility", "flip a blind eye"); the compiler derives the
forms a spinner also produces ("coaching facilities", "flipped a blind eye") with matching restorations.
"""
from __future__ import annotations

_IRREGULAR_PLURAL = {
    "man": "men", "woman": "women", "child": "children", "person": "people", "foot": "feet",
    "tooth": "teeth", "mouse": "mice", "analysis": "analyses", "crisis": "crises", "thesis": "theses",
    "criterion": "criteria", "phenomenon": "phenomena", "datum": "data", "medium": "media",
    "index": "indices", "matrix": "matrices", "vertex": "vertices", "life": "lives", "knife": "knives",
    "leaf": "leaves", "half": "halves", "wife": "wives", "diagnosis": "diagnoses", "basis": "bases",
    "hypothesis": "hypotheses", "axis": "axes", "nucleus": "nuclei", "stimulus": "stimuli",
    "fungus": "fungi", "bacterium": "bacteria", "focus": "foci",
}
_UNCOUNTABLE = {"information", "data", "software", "hardware", "equipment", "news", "research", "advice",
                "evidence", "progress", "health", "knowledge", "intelligence", "learning", "traffic",
                "pressure", "consciousness", "weather", "money", "furniture", "series", "species"}

#: base -> (3rd person, past, past participle, -ing)
_IRREGULAR_VERB = {
    "be": ("is", "was", "been", "being"), "have": ("has", "had", "had", "having"),
    "do": ("does", "did", "done", "doing"), "go": ("goes", "went", "gone", "going"),
    "say": ("says", "said", "said", "saying"), "see": ("sees", "saw", "seen", "seeing"),
    "make": ("makes", "made", "made", "making"), "take": ("takes", "took", "taken", "taking"),
    "give": ("gives", "gave", "given", "giving"), "get": ("gets", "got", "got", "getting"),
    "come": ("comes", "came", "come", "coming"), "know": ("knows", "knew", "known", "knowing"),
    "think": ("thinks", "thought", "thought", "thinking"), "tell": ("tells", "told", "told", "telling"),
    "find": ("finds", "found", "found", "finding"), "keep": ("keeps", "kept", "kept", "keeping"),
    "hold": ("holds", "held", "held", "holding"), "bring": ("brings", "brought", "brought", "bringing"),
    "buy": ("buys", "bought", "bought", "buying"), "sell": ("sells", "sold", "sold", "selling"),
    "put": ("puts", "put", "put", "putting"), "set": ("sets", "set", "set", "setting"),
    "run": ("runs", "ran", "run", "running"), "lose": ("loses", "lost", "lost", "losing"),
    "pay": ("pays", "paid", "paid", "paying"), "meet": ("meets", "met", "met", "meeting"),
    "lead": ("leads", "led", "led", "leading"), "leave": ("leaves", "left", "left", "leaving"),
    "feel": ("feels", "felt", "felt", "feeling"), "build": ("builds", "built", "built", "building"),
    "send": ("sends", "sent", "sent", "sending"), "spend": ("spends", "spent", "spent", "spending"),
    "begin": ("begins", "began", "begun", "beginning"), "break": ("breaks", "broke", "broken", "breaking"),
    "choose": ("chooses", "chose", "chosen", "choosing"), "draw": ("draws", "drew", "drawn", "drawing"),
    "drive": ("drives", "drove", "driven", "driving"), "fall": ("falls", "fell", "fallen", "falling"),
    "grow": ("grows", "grew", "grown", "growing"), "rise": ("rises", "rose", "risen", "rising"),
    "show": ("shows", "showed", "shown", "showing"), "speak": ("speaks", "spoke", "spoken", "speaking"),
    "stand": ("stands", "stood", "stood", "standing"), "write": ("writes", "wrote", "written", "writing"),
    "shed": ("sheds", "shed", "shed", "shedding"), "cut": ("cuts", "cut", "cut", "cutting"),
    "let": ("lets", "let", "let", "letting"), "shut": ("shuts", "shut", "shut", "shutting"),
    "win": ("wins", "won", "won", "winning"), "fight": ("fights", "fought", "fought", "fighting"),
    "seek": ("seeks", "sought", "sought", "seeking"), "teach": ("teaches", "taught", "taught", "teaching"),
    "catch": ("catches", "caught", "caught", "catching"), "mean": ("means", "meant", "meant", "meaning"),
    "hear": ("hears", "heard", "heard", "hearing"),
    "understand": ("understands", "understood", "understood", "understanding"),
    "flee": ("flees", "fled", "fled", "fleeing"), "sit": ("sits", "sat", "sat", "sitting"),
    "throw": ("throws", "threw", "thrown", "throwing"), "wear": ("wears", "wore", "worn", "wearing"),
    "strike": ("strikes", "struck", "struck", "striking"), "bear": ("bears", "bore", "borne", "bearing"),
    "light": ("lights", "lit", "lit", "lighting"), "deal": ("deals", "dealt", "dealt", "dealing"),
    "lie": ("lies", "lay", "lain", "lying"), "die": ("dies", "died", "died", "dying"),
    "forget": ("forgets", "forgot", "forgotten", "forgetting"), "hide": ("hides", "hid", "hidden", "hiding"),
    "shake": ("shakes", "shook", "shaken", "shaking"), "steal": ("steals", "stole", "stolen", "stealing"),
    "swing": ("swings", "swung", "swung", "swinging"),
    "undertake": ("undertakes", "undertook", "undertaken", "undertaking"),
}
_VOWELS = set("aeiou")


def plural(word: str) -> str | None:
    """Plural of a noun, or None when it has none we should generate."""
    w = word.lower()
    if not w.isalpha() or len(w) < 3 or w in _UNCOUNTABLE:
        return None
    if w in _IRREGULAR_PLURAL:
        return _IRREGULAR_PLURAL[w]
    if w.endswith(("ss", "sh", "ch", "x", "z")):
        return w + "es"
    if w.endswith("s"):
        return None  # already plural, or ambiguous
    if w.endswith("y") and w[-2] not in _VOWELS:
        return w[:-1] + "ies"
    if w.endswith("ly"):
        return None
    return w + "s"


def _double_final(w: str) -> bool:
    return (len(w) >= 3 and w[-1] not in _VOWELS | set("wxy") and w[-2] in _VOWELS
            and w[-3] not in _VOWELS and len(w) <= 4)


def verb_forms(base: str) -> tuple[str, str, str, str] | None:
    """(3rd person, past, past participle, -ing) of a verb given in its base form."""
    w = base.lower()
    if w in _IRREGULAR_VERB:
        return _IRREGULAR_VERB[w]
    if not w.isalpha() or len(w) < 2:
        return None
    if w.endswith(("s", "sh", "ch", "x", "z")):
        third = w + "es"
    elif w.endswith("y") and w[-2] not in _VOWELS:
        third = w[:-1] + "ies"
    else:
        third = w + "s"
    if w.endswith("e"):
        past, ing = w + "d", (w[:-1] + "ing" if not w.endswith(("ee", "ye", "oe")) else w + "ing")
    elif w.endswith("y") and w[-2] not in _VOWELS:
        past, ing = w[:-1] + "ied", w + "ing"
    elif _double_final(w):
        past, ing = w + w[-1] + "ed", w + w[-1] + "ing"
    else:
        past, ing = w + "ed", w + "ing"
    return third, past, past, ing


def _swap_word(phrase: str, index: int, new: str) -> str:
    """Replace the index-th word (0 first, -1 last) of a space-separated phrase."""
    parts = phrase.split(" ")
    parts[index] = new
    return " ".join(parts)


def variants(garbled: str, restoration: str, flags: str) -> list[tuple[str, str]]:
    """Extra (garbled, restoration) pairs derived by inflection; the base pair is not included."""
    out: list[tuple[str, str]] = []
    g_words, r_words = garbled.split(" "), restoration.split(" ")
    if "n" in flags:
        gp, rp = plural(g_words[-1]), plural(r_words[-1])
        if gp and rp:
            out.append((_swap_word(garbled, -1, gp), _swap_word(restoration, -1, rp)))
    if "v" in flags:
        gv, rv = verb_forms(g_words[0]), verb_forms(r_words[0])
        if gv and rv:
            seen = set()
            for g, r in zip(gv, rv):
                if g not in seen:
                    seen.add(g)
                    out.append((_swap_word(garbled, 0, g), _swap_word(restoration, 0, r)))
    return [(g, r) for g, r in out if g != garbled]


# --- analysis: from an inflected form back to its lemma --------------------------------------------
_IRREGULAR_SINGULAR = {p: s for s, p in _IRREGULAR_PLURAL.items()}
#: inflected form -> (base, slot) for irregular verbs; slot indexes ``verb_forms`` (0 third, 1 past, 2 pp, 3 ing)
_IRREGULAR_VERB_FORM: dict[str, list[tuple[str, int]]] = {}
for _base, _forms in _IRREGULAR_VERB.items():
    for _slot, _form in enumerate(_forms):
        _IRREGULAR_VERB_FORM.setdefault(_form, []).append((_base, _slot))

#: Inflectional slots a word can fill: noun singular/plural, verb base/third/past/participle/-ing.
NOUN_SLOTS = ("sg", "pl")
VERB_SLOTS = ("base", "3sg", "past", "pp", "ing")


def _known(word: str) -> bool:
    from .scoring import word_frequencies

    return word in word_frequencies()


def analyses(word: str) -> set[tuple[str, str, str]]:
    """Every (lemma, part of speech, slot) that regular or listed inflection derives ``word`` from.

    Lemmas must be known English words (pyspellchecker), so "bus" is not read as the plural of "bu".
    """
    w = word.lower()
    out: set[tuple[str, str, str]] = set()
    if not w.isalpha():
        return out
    out.add((w, "n", "sg"))
    out.add((w, "v", "base"))
    if w in _IRREGULAR_SINGULAR:
        out.add((_IRREGULAR_SINGULAR[w], "n", "pl"))
    for base, k in _IRREGULAR_VERB_FORM.get(w, ()):
        out.add((base, "v", VERB_SLOTS[k + 1]))
    stems = {w[:-1], w[:-2], w[:-3], w[:-3] + "y", w[:-3] + "e", w[:-2] + "e", w[:-1] + "e"}
    for lemma in stems:
        if len(lemma) < 2 or not _known(lemma):
            continue
        if plural(lemma) == w:
            out.add((lemma, "n", "pl"))
        forms = verb_forms(lemma)
        if forms and lemma not in _IRREGULAR_VERB:
            for slot, form in zip(VERB_SLOTS[1:], forms):
                if form == w:
                    out.add((lemma, "v", slot))
    return out


def paradigm(lemma: str, pos: str) -> dict[str, str]:
    """Slot -> form of a lemma (nouns: sg, pl; verbs: base, 3sg, past, pp, ing)."""
    if pos == "n":
        pl = plural(lemma)
        return {"sg": lemma, **({"pl": pl} if pl else {})}
    forms = verb_forms(lemma)
    return {"base": lemma, **dict(zip(VERB_SLOTS[1:], forms))} if forms else {"base": lemma}


def lemma_pairs(garbled: str, restoration: str) -> set[tuple[str, str, str]]:
    """(garbled lemma, restoration lemma, pos) for each reading in which both words fill the same
    inflectional slot: "stated"/"said" gives ("state", "say", "v"), so "states"/"says" follow."""
    g, r = analyses(garbled), analyses(restoration)
    r_by_slot: dict[tuple[str, str], set[str]] = {}
    for lemma, pos, slot in r:
        r_by_slot.setdefault((pos, slot), set()).add(lemma)
    out: set[tuple[str, str, str]] = set()
    for lemma, pos, slot in g:
        for r_lemma in r_by_slot.get((pos, slot), ()):
            if slot not in ("sg", "base") or (pos, "sg" if pos == "n" else "base") == (pos, slot):
                out.add((lemma, r_lemma, pos))
    return out


def marked_pairs(garbled: str, restoration: str) -> set[tuple[str, str, str]]:
    """``lemma_pairs`` restricted to readings where at least one side is visibly inflected (a plural,
    a past, an -ing form): a bare "state"/"say" pair says nothing about which part of speech it is."""
    g, r = analyses(garbled), analyses(restoration)
    inflected = {(lemma, pos) for lemma, pos, slot in g | r if slot not in ("sg", "base")}
    return {(lg, lr, pos) for lg, lr, pos in lemma_pairs(garbled, restoration)
            if (lg, pos) in inflected or (lr, pos) in inflected}
