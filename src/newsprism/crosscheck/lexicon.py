"""Small closed lexicons the cross-checker compares with: nationalities, negation, antonyms.

Module-level constants only (read-only).  ``nationality_key`` is a private fallback
until the shared helper lands in :mod:`newsprism.read`; it maps every surface form of a
country (adjective, name, abbreviation, capital used as metonym) to one key.
"""

from __future__ import annotations

import re

# key: surface forms (lower case, dots removed).  Capitals are included because wire
# copy uses them as metonyms for governments ("Moscow said").
_COUNTRIES: dict[str, tuple[str, ...]] = {
    "us": ("us", "usa", "united states", "america", "american", "americans", "washington", "white house"),
    "uk": ("uk", "britain", "great britain", "united kingdom", "british", "briton", "london", "english"),
    "russia": ("russia", "russian", "russians", "moscow", "kremlin", "russian federation"),
    "ukraine": ("ukraine", "ukrainian", "ukrainians", "kyiv", "kiev"),
    "china": ("china", "chinese", "beijing", "prc"),
    "france": ("france", "french", "paris", "elysee"),
    "germany": ("germany", "german", "germans", "berlin"),
    "japan": ("japan", "japanese", "tokyo"),
    "india": ("india", "indian", "new delhi", "delhi"),
    "pakistan": ("pakistan", "pakistani", "islamabad"),
    "iran": ("iran", "iranian", "tehran"),
    "iraq": ("iraq", "iraqi", "baghdad"),
    "israel": ("israel", "israeli", "jerusalem"),
    "palestine": ("palestine", "palestinian", "palestinians", "gaza"),
    "syria": ("syria", "syrian", "damascus"),
    "turkey": ("turkey", "turkish", "ankara", "turkiye"),
    "saudi arabia": ("saudi arabia", "saudi", "riyadh"),
    "egypt": ("egypt", "egyptian", "cairo"),
    "italy": ("italy", "italian", "rome"),
    "spain": ("spain", "spanish", "madrid"),
    "poland": ("poland", "polish", "warsaw"),
    "canada": ("canada", "canadian", "ottawa"),
    "mexico": ("mexico", "mexican"),
    "brazil": ("brazil", "brazilian", "brasilia"),
    "argentina": ("argentina", "argentine", "argentinian", "buenos aires"),
    "australia": ("australia", "australian", "canberra"),
    "south korea": ("south korea", "south korean", "seoul"),
    "north korea": ("north korea", "north korean", "pyongyang"),
    "taiwan": ("taiwan", "taiwanese", "taipei"),
    "netherlands": ("netherlands", "dutch", "the hague", "amsterdam", "holland"),
    "belgium": ("belgium", "belgian"),
    "sweden": ("sweden", "swedish", "stockholm"),
    "norway": ("norway", "norwegian", "oslo"),
    "finland": ("finland", "finnish", "helsinki"),
    "denmark": ("denmark", "danish", "copenhagen"),
    "switzerland": ("switzerland", "swiss", "bern", "geneva"),
    "austria": ("austria", "austrian", "vienna"),
    "greece": ("greece", "greek", "athens"),
    "ireland": ("ireland", "irish", "dublin"),
    "latvia": ("latvia", "latvian", "riga"),
    "lithuania": ("lithuania", "lithuanian", "vilnius"),
    "estonia": ("estonia", "estonian", "tallinn"),
    "belarus": ("belarus", "belarusian", "minsk"),
    "georgia": ("georgian", "tbilisi"),
    "hungary": ("hungary", "hungarian", "budapest"),
    "romania": ("romania", "romanian", "bucharest"),
    "nigeria": ("nigeria", "nigerian", "abuja"),
    "south africa": ("south africa", "south african", "pretoria"),
    "kenya": ("kenya", "kenyan", "nairobi"),
    "indonesia": ("indonesia", "indonesian", "jakarta"),
    "vietnam": ("vietnam", "vietnamese", "hanoi"),
    "philippines": ("philippines", "philippine", "filipino", "manila"),
    "afghanistan": ("afghanistan", "afghan", "kabul"),
    "venezuela": ("venezuela", "venezuelan", "caracas"),
    "cuba": ("cuba", "cuban", "havana"),
    "colombia": ("colombia", "colombian", "bogota"),
    "new zealand": ("new zealand", "wellington"),
    "eu": ("eu", "european union", "brussels"),
}
NATIONALITY: dict[str, str] = {form: key for key, forms in _COUNTRIES.items() for form in forms}

# Political affiliations that exclude each other.
PARTIES: dict[str, str] = {
    "democrat": "democratic", "democrats": "democratic", "democratic": "democratic",
    "republican": "republican", "republicans": "republican", "gop": "republican",
    "labour": "labour", "conservative": "conservative", "tory": "conservative", "tories": "conservative",
}

_STRIP = re.compile(r"[.\u2019']|^the\s+|'s$")


def nationality_key(text: str) -> str | None:
    """"U.S." / "American" / "Washington" -> "us"; None when the text names no country.

    Our table first (it also folds capitals used as metonyms), then the Reader's lexicon
    for the countries it knows beyond ours.
    """
    norm = _STRIP.sub("", text.strip().lower()).strip()
    norm = re.sub(r"\s+", " ", norm)
    found = NATIONALITY.get(norm)
    if found or not norm:
        return found
    try:
        from ..read.lexicon import known_nationality
    except ImportError:  # an older Reader without the shared lexicon
        return None
    return known_nationality(text) or None


def party_key(text: str) -> str | None:
    return PARTIES.get(text.strip().lower())


NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor", "none", "nobody", "nothing", "without",
                       "cannot", "nowhere"})

# Antonym pairs: a claim that swaps one for the other says the opposite.  Lemmas.
_ANTONYM_PAIRS = (
    ("rise", "fall"), ("increase", "decrease"), ("raise", "lower"), ("gain", "lose"), ("win", "lose"),
    ("up", "down"), ("high", "low"), ("higher", "lower"), ("strong", "weak"), ("stronger", "weaker"),
    ("accept", "reject"), ("approve", "reject"), ("support", "oppose"), ("allow", "ban"), ("allow", "forbid"),
    ("open", "close"), ("buy", "sell"), ("profit", "loss"), ("surplus", "deficit"), ("expand", "shrink"),
    ("grow", "shrink"), ("start", "end"), ("begin", "end"), ("win", "defeat"), ("agree", "disagree"),
    ("confirm", "deny"), ("admit", "deny"), ("include", "exclude"), ("import", "export"),
    ("before", "after"), ("more", "less"), ("more", "fewer"), ("large", "small"), ("larger", "smaller"),
    ("big", "small"), ("bigger", "smaller"), ("early", "late"), ("earlier", "later"), ("first", "last"),
    ("rise", "drop"), ("rise", "decline"), ("increase", "cut"), ("increase", "reduce"), ("boost", "cut"),
    ("hire", "fire"), ("arrive", "leave"), ("success", "failure"), ("succeed", "fail"), ("positive", "negative"),
    ("legal", "illegal"), ("private", "public"), ("public", "secret"), ("rich", "poor"), ("old", "new"),
    ("maximum", "minimum"), ("above", "below"), ("best", "worst"), ("better", "worse"), ("condemn", "praise"),
    ("strengthen", "weaken"), ("tighten", "ease"), ("lift", "impose"), ("acquit", "convict"), ("join", "leave"),
    ("peace", "war"), ("victory", "defeat"), ("surge", "plunge"), ("jump", "slump"), ("climb", "fall"),
    ("good", "bad"), ("happy", "sad"), ("long", "short"), ("cheap", "expensive"), ("easy", "difficult"),
)
ANTONYMS: dict[str, frozenset[str]] = {}
for _a, _b in _ANTONYM_PAIRS:
    ANTONYMS[_a] = ANTONYMS.get(_a, frozenset()) | {_b}
    ANTONYMS[_b] = ANTONYMS.get(_b, frozenset()) | {_a}

# Words that put a sentence in the future or the hypothetical: its figures describe a
# plan or a forecast, not the state of things at the time of writing.
MODAL_LEMMAS = frozenset({"will", "would", "could", "might", "may", "shall", "plan", "planning", "expect",
                          "forecast", "project", "predict", "intend", "aim", "propose", "possibility", "likely",
                          "prepare", "target", "estimate", "threaten", "soon"})
FUTURE_PHRASES = re.compile(r"\b(next (?:year|month|week|spring|summer|autumn|fall|winter)|early next|"
                            r"by (?:the )?end of|in the coming|later this|from next)\b", re.I)
PAST_PHRASES = re.compile(r"\b(last (?:year|month|week|spring|summer|autumn|fall|winter)|in (?:19|20)\d\d|"
                          r"since (?:19|20)\d\d|earlier this (?:year|spring|summer|month))\b", re.I)

# Nouns whose prepositional object is a place: "near its border", "in and around Russia".
PLACE_NOUNS = frozenset({"border", "borders", "frontier", "territory", "region", "area", "coast", "waters",
                         "airspace", "soil", "capital", "city", "country", "province", "state", "side"})
LOCATIVE_PREPS = frozenset({"near", "around", "along", "at", "into", "toward", "towards", "across", "inside",
                            "outside", "within", "on", "in", "to", "onto", "against", "beside"})

# Title words that can stand before a name ("Foreign Minister X", "counterpart X").
TITLE_WORDS = frozenset({"president", "minister", "secretary", "counterpart", "diplomat", "ambassador", "envoy",
                         "spokesman", "spokeswoman", "spokesperson", "chancellor", "premier", "governor",
                         "senator", "chief", "leader", "general", "director", "chairman", "chair", "head",
                         "adviser", "advisor", "official", "commander", "mayor", "king", "queen", "prince",
                         "judge", "attorney", "representative", "rep", "sen", "gov", "speaker", "deputy",
                         "foreign", "defence", "defense", "finance", "prime", "state", "of", "top", "vice",
                         "executive", "ceo", "chairwoman", "secretary-general", "lawmaker", "analyst",
                         "economist", "officer", "coach", "manager", "founder", "counsel", "affairs"})
