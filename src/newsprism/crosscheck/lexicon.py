"""Small closed lexicons the cross-checker compares with: parties, negation, antonyms, frames.

Module-level constants only (read-only).  Countries are not here: the one country table
is :mod:`newsprism.read.lexicon`, whose ``country_key`` maps every surface form of a
country (name, demonym, abbreviation, capital or metonym) to one key; it is re-exported
as ``nationality_key``, the name the cross-checker has always used.
"""

from __future__ import annotations

import re

from ..read.lexicon import country_key

# "U.S." / "American" / "Washington" -> "us"; None when the text names no country.
nationality_key = country_key

# Political affiliations that exclude each other.
PARTIES: dict[str, str] = {
    "democrat": "democratic", "democrats": "democratic", "democratic": "democratic",
    "republican": "republican", "republicans": "republican", "gop": "republican",
    "labour": "labour", "conservative": "conservative", "tory": "conservative", "tories": "conservative",
}


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

# Predicate frames: verbs (and their nominalisations) that report one kind of act, so that
# "Portugal asked Spain" and "Spain requested Portugal's help", or "Russia amassed troops
# near Ukraine" and "Ukraine must stop this build-up near Russia", are compared as one act.
# A role reversal is only claimed between sentences whose predicates share a frame.
_FRAMES: dict[str, tuple[str, ...]] = {
    "ask": ("ask", "request", "appeal", "seek", "beg", "petition", "plead"),
    "send": ("send", "dispatch", "despatch", "deploy", "ship", "deliver", "airlift", "fly"),
    "build-up": ("build-up", "buildup", "mass", "amass", "massing", "mobilize", "mobilise", "mobilization",
                 "mobilisation", "concentrate", "concentration", "gather", "station", "move", "reinforce",
                 "reinforcement", "build"),
    "attack": ("attack", "strike", "invade", "invasion", "bomb", "bombard", "shell", "raid", "assault",
               "offensive", "incursion", "hit", "target"),
    "help": ("help", "assist", "aid", "rescue", "assistance"),
    "supply": ("supply", "provide", "lend", "give", "donate", "loan"),
    "accuse": ("accuse", "blame", "charge"),
    "defeat": ("defeat", "beat", "rout"),
    "annex": ("annex", "annexation", "seize", "seizure", "occupy", "occupation", "capture"),
    "sanction": ("sanction", "punish", "penalise", "penalize"),
    "threaten": ("threaten", "intimidate"),
    "kill": ("kill", "murder", "assassinate", "shoot"),
    "arrest": ("arrest", "detain"),
    "pay": ("pay", "fund", "finance", "compensate"),
    "host": ("host", "invite", "welcome"),
    "criticise": ("criticise", "criticize", "condemn", "denounce"),
    "acquire": ("acquire", "buy", "purchase", "takeover", "acquisition"),
    "sue": ("sue",),
}
FRAME_OF: dict[str, str] = {w: key for key, words in _FRAMES.items() for w in words}

# Nominalisations that carry a frame of their own ("its build-up near X", "the invasion of Y").
FRAME_NOUNS = frozenset({"build-up", "buildup", "massing", "mobilization", "mobilisation", "concentration",
                         "deployment", "reinforcement", "invasion", "attack", "offensive", "incursion", "assault",
                         "raid", "strike", "annexation", "occupation", "seizure", "request", "appeal",
                         "assistance", "acquisition", "takeover", "sanction", "sanctions", "bombardment"})

# Verbs whose object nominalisation names the act: "stop this build-up", "launch an attack".
LIGHT_VERBS = frozenset({"stop", "halt", "end", "continue", "begin", "start", "launch", "conduct", "carry",
                         "mount", "pursue", "resume", "complete", "undertake", "step", "escalate", "order",
                         "intensify", "make", "wage", "reverse", "expand", "scale", "submit", "file"})

# Predicates whose two sides can be swapped without changing the fact ("A met B" = "B met A").
SYMMETRIC = frozenset({"meet", "talk", "fight", "clash", "negotiate", "border", "trade", "compete", "play",
                       "face", "marry", "agree", "speak", "tie", "draw", "partner", "ally", "cooperate",
                       "collaborate", "confer", "discuss", "exchange", "merge", "join", "link", "compare",
                       "differ", "resemble", "match", "rival", "split", "share", "sign", "hold"})

# Counted nouns that name the same thing: a figure of one against a figure of the other is
# one measurement ("around 1,200 residents" vs "around 12,000 inhabitants").
_UNIT_CLASSES: tuple[tuple[str, ...], ...] = (
    ("resident", "inhabitant", "local", "villager", "townspeople", "townsfolk", "citizen", "dweller",
     "population"),
    ("person", "people", "individual"),
    ("troop", "soldier", "serviceman", "servicemen", "servicemember", "service member", "personnel"),
    ("worker", "employee", "staff", "staffer", "labourer", "laborer", "job"),
    ("death", "fatality", "dead"),
    ("injury", "injured", "wounded"),
    ("house", "home", "dwelling", "residence"),
    ("car", "vehicle", "automobile"),
    ("child", "kid", "minor"),
    ("student", "pupil"),
    ("refugee", "asylum seeker"),
    ("firefighter", "fireman", "firemen"),
    ("police officer", "officer", "policeman", "policemen"),
)
UNIT_CLASS: dict[str, str] = {w: words[0] for words in _UNIT_CLASSES for w in words}

# How to say a frame's question and act in an explanation: {x} acts, {y} is acted on / the place.
FRAME_PHRASES: dict[str, tuple[str, str]] = {
    "ask": ("who asked whom", "{x} asked {y}"),
    "send": ("who sent to whom", "{x} sent to {y}"),
    "build-up": ("who is massing forces near whom", "{x} near {y}"),
    "attack": ("who attacked whom", "{x} attacked {y}"),
    "help": ("who helped whom", "{x} helped {y}"),
    "supply": ("who supplied whom", "{x} supplied {y}"),
    "accuse": ("who accused whom", "{x} accused {y}"),
    "defeat": ("who defeated whom", "{x} defeated {y}"),
    "annex": ("who seized what", "{x} seized {y}"),
    "sanction": ("who sanctioned whom", "{x} sanctioned {y}"),
    "threaten": ("who threatened whom", "{x} threatened {y}"),
    "kill": ("who killed whom", "{x} killed {y}"),
    "arrest": ("who arrested whom", "{x} arrested {y}"),
    "pay": ("who paid whom", "{x} paid {y}"),
    "host": ("who hosted whom", "{x} hosted {y}"),
    "criticise": ("who criticised whom", "{x} criticised {y}"),
    "acquire": ("who bought whom", "{x} bought {y}"),
    "sue": ("who sued whom", "{x} sued {y}"),
}

# Units that measure rather than count (money, shares): two amounts of dollars in related
# sentences are as often a price and a loan as one figure reported twice, so they are only
# weighed against each other in sentences that say nearly the same thing.
MEASURE_UNITS = frozenset("usd eur gbp jpy chf cny aud cad sek nok dkk pln try inr rub uah zar brl mxn "
                          "% percent per pct percentage point points bp basis".split())
