"""Word lists and the verb lookup the statement checkers share.

Verb forms come from ``lemminflect`` (an English lemmatiser whose dictionary ships inside the package,
so the checker works offline), and whether a word is pleasant or unpleasant from VADER's sentiment
lexicon (``vaderSentiment``, about 7,500 words rated by people, also shipped in its package); the lists
here add what a job statement needs beyond grammar: which words name solutions, which describe
outcomes or feelings, and which open a circumstance.

>>> verb_form("reserve"), verb_form("booking"), verb_form("reserved"), verb_form("hotel")
('base', 'gerund', 'past', None)
>>> base_form("booking")
'book'
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["verb_form", "base_form", "is_participle", "word_classes", "valence"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that open the circumstance of a job. The strong ones almost always do; the weak ones are
# prepositions that do so only after an object ("Pay bills *for* a small business").
STRONG_CLARIFIERS = _words(
    "while whilst when whenever before after during until till once if throughout whereas"
)
WEAK_CLARIFIERS = _words(
    "for in on at within through across from via by with without between among amongst inside "
    "outside near under as away around beyond despite who who's whose"
)

# "this year", "every morning", "next week": a time that opens the circumstance on its own.
TIME_DETERMINERS = _words("this next last every each")
TIME_NOUNS = _words(
    "year years month months week weeks weekend weekends day days morning mornings evening evenings night "
    "nights afternoon afternoons season summer winter spring autumn fall term semester quarter time"
)

# Particles that belong to a phrasal verb ("Set up", "Find out").
PARTICLES = _words("up out off down back away over around together apart aside")

# Words that cannot start a job action statement: they open a noun phrase, a question or a clause.
DETERMINERS = _words(
    "a an the this that these those some any each every no another either neither all both "
    "much many more most few several such what which whose"
)
QUESTION_WORDS = _words("how why where what which who whom whose when")
SUBJECTS = _words(
    "i we you he she they it me us him her them my our your his their its one someone somebody "
    "everyone everybody people person customer customers user users client clients consumer "
    "consumers shopper shoppers buyer buyers owner owners parent parents student students "
    "traveller travellers traveler travelers patient patients "
    "i'd i'll i'm i've we'd we'll we're we've you'd you'll they'd they'll"
)
# Verbs of wanting: a noun phrase followed by one of these and "to" is a persona with a wish
# ("Candidates want to ...", "Small teams need to ...").
WANT_WORDS = _words("want wants need needs wish wishes hope hopes")
# Openings that turn the statement into a wish, a need or a capability instead of an action.
WISH_OPENINGS = (
    ("as", "a"), ("as", "an"), ("the", "ability", "to"), ("ability", "to"), ("be", "able", "to"),
    ("able", "to"), ("want", "to"), ("wants", "to"), ("need", "to"), ("needs", "to"),
    ("would", "like", "to"), ("wish", "to"), ("help", "me"), ("help", "us"), ("let", "me"),
    ("let", "us"), ("allow", "me"), ("allow", "us"), ("enable", "me"), ("enable", "us"),
    ("how", "to"), ("trying", "to"), ("try", "to"), ("hoping", "to"),
)
BE_FORMS = _words("is are was were be been being am 's 're")
# Verbs that link to a state ("Be more productive", "Stay healthy", "Become fitter"): followed by a
# describing word, they name a state to be in, not an action on something.
STATE_VERBS = _words("be become stay remain get feel seem look keep")

# Verbs lemminflect does not know or does not list as verbs, common in job statements.
EXTRA_VERBS = _words(
    "onboard offboard declutter upskill reskill rebook rehome text unsubscribe unfollow unblock "
    "upcycle reboot troubleshoot prioritise prioritize budget declog defrost descale"
)

# Verbs that commit the job to a way of doing it (a solution), whatever follows.
SOLUTION_VERBS = _words(
    "use utilize utilise download install uninstall click tap swipe subscribe login logon "
    "signup google scroll"
)
# Verbs that name the channel or the transaction by which a job gets done ("Call a plumber", "Book a
# table"): the job is what the call or the booking is for.
CHANNEL_VERBS = _words("email e-mail text phone ring call message dm tweet whatsapp slack skype zoom book order")
SOLUTION_VERB_PHRASES = (("log", "in"), ("log", "into"), ("log", "on"), ("sign", "in"), ("sign", "up"))
# Phrasal verbs whose particle is also a preposition ("Fill in the form", "Turn on the heating").
PHRASAL_VERBS = frozenset({
    ("fill", "in"), ("check", "in"), ("hand", "in"), ("plug", "in"), ("move", "in"), ("put", "in"),
    ("turn", "on"), ("switch", "on"), ("put", "on"), ("try", "on"), ("carry", "on"), ("take", "on"),
    ("pass", "on"), ("catch", "on"), ("follow", "through"), ("get", "through"),
}) | frozenset(SOLUTION_VERB_PHRASES)

# Product categories and solution types: answers to a job, not the job.
SOLUTION_NOUNS = _words(
    "app apps website websites webpage webpages web-site homepage hotel hotels motel motels "
    "hostel hostels airbnb taxi taxis cab cabs rideshare chatbot chatbots bot bots "
    "spreadsheet spreadsheets dashboard dashboards portal portals plugin plugins plug-in "
    "calculator gps satnav sat-nav fax podcast podcasts newsletter "
    "newsletters webinar webinars crm erp saas kiosk kiosks atm atms voicemail hotline hotlines "
    "helpdesk chatroom forum forums e-book ebook ebooks vending chequebook checkbook"
)
# Devices and tools: named after "with", "using", "on", "via" or "through" they say what the job is
# done with ("Check blood sugar with a glucose monitor", "Run on a treadmill"), which is a solution.
# Elsewhere they may be what the job acts on ("Get the phone fixed"), so only that position counts.
DEVICE_NOUNS = _words(
    "monitor monitors tracker trackers treadmill treadmills device devices gadget gadgets machine machines "
    "scanner scanners meter meters sensor sensors smartwatch smartwatches software "
    "tool tools robot robots drone drones headset headsets thermometer thermometers"
)
INSTRUMENT_WORDS = _words("with using via through on")
# Brand and product names, matched in lower case too. Capitalised names not listed here are caught
# as proper nouns by the checker.
BRANDS = _words(
    "uber lyft airbnb expedia instagram facebook whatsapp twitter tiktok youtube linkedin "
    "snapchat pinterest reddit netflix spotify amazon ebay etsy paypal venmo gmail iphone ipad "
    "ipod android macbook chromebook alexa siri chatgpt wikipedia tripadvisor yelp doordash "
    "deliveroo ubereats grubhub zillow dropbox wechat skype trello asana salesforce shopify "
    "kindle fitbit peloton duolingo coursera udemy zoom"
)
# Short all-capital words that are not brand names ("Report IT problems", "a PDF of the invoice").
COMMON_ACRONYMS = frozenset(
    "it hr us uk eu usa id pin faq ok ceo cfo cto pdf diy tv pc am pm vat sms gp er icu mri cv pe pta".split())
# Capitalised words that are not brand names: calendar words and the like.
NOT_PROPER_NOUNS = _words(
    "i monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december christmas easter ramadan diwali "
    "hanukkah new year eve english spanish french german italian portuguese dutch polish russian "
    "ukrainian greek turkish arabic hebrew hindi urdu bengali chinese mandarin cantonese japanese "
    "korean vietnamese thai swahili latin"
)
# A capitalised word right after one of these is taken for a place ("before moving to Madrid"),
# which is circumstance; after "on", "at", "with" or "via" it is more often a brand ("on Zoom").
PLACE_PREPOSITIONS = _words("in to from near around across throughout inside outside within into")

# Words that describe how well or how it feels: they belong in success statements or emotional jobs.
OUTCOME_WORDS = _words(
    "quickly quicker quickest fast faster fastest rapidly speedily promptly immediately instantly "
    "asap easily easy easier easiest effortlessly effortless simply simpler painlessly painless "
    "conveniently convenient seamlessly seamless smoothly smooth efficiently efficient effectively "
    "effective accurately correctly properly precisely reliably securely safely cheaply cheap "
    "cheaper cheapest affordably affordable inexpensively better best optimally perfectly "
    "successfully confidently confident happily happy comfortably comfortable calmly "
    "stress-free hassle-free worry-free trouble-free pain-free headache-free frictionless "
    "satisfied satisfying enjoyable enjoyably delightful pleasantly reassured"
)
# ... and the describing words behind some of those adverbs ("a quick dinner", "a reliable electrician"),
# adverb -> adjective. Left out on purpose: adjectives that often describe the object itself, not how
# the job goes ("safe", "correct", "proper", "secure": "Keep the children safe ...").
_ADVERB_ADJECTIVES = {"quickly": "quick", "rapidly": "rapid", "speedily": "speedy", "promptly": "prompt",
                      "instantly": "instant", "reliably": "reliable", "effortlessly": "effortless",
                      "accurately": "accurate", "perfectly": "perfect", "successfully": "successful",
                      "pleasantly": "pleasant", "smoothly": "smooth", "inexpensively": "inexpensive"}
OUTCOME_WORDS = OUTCOME_WORDS | frozenset(_ADVERB_ADJECTIVES.values())
OUTCOME_PHRASES = (
    ("peace", "of", "mind"), ("with", "ease"), ("with", "confidence"), ("without", "hassle"),
    ("without", "stress"), ("without", "worry"), ("without", "worrying"), ("without", "fuss"),
    ("without", "effort"), ("without", "delay"), ("without", "delays"), ("without", "trouble"),
    ("as", "soon", "as", "possible"), ("in", "no", "time"), ("so", "that"),
    ("so", "i", "can"), ("so", "we", "can"), ("so", "they", "can"), ("in", "order", "to"),
    ("feel", ), ("feeling", ),
)
# Adverbs that say where, when or how often: circumstance, not outcome. Some of them can open a
# clarifier on their own ("Send money to a relative abroad").
CIRCUMSTANCE_ADVERBS = _words(
    "daily weekly monthly yearly annually hourly nightly early only regularly occasionally "
    "frequently usually rarely recently currently previously locally remotely privately publicly "
    "personally internally externally digitally physically abroad overseas online offline "
    "outdoors indoors overnight nearby upstairs downstairs"
)
ADVERB_CLARIFIERS = _words(
    "abroad overseas remotely online offline outdoors indoors overnight nearby locally upstairs "
    "downstairs"
)
# Words that may open a statement without being its action ("Please ...", "Just ...").
SOFT_OPENINGS = _words("please just always never also still")


@lru_cache(maxsize=4096)
def word_classes(word: str) -> dict[str, tuple[str, ...]]:
    """The word classes lemminflect knows for ``word`` (e.g. {'VERB': ('book',), 'NOUN': ...}).

    >>> sorted(word_classes("book"))
    ['NOUN', 'VERB']
    """
    import lemminflect  # imported on first use: its dictionary takes a moment to load

    return dict(lemminflect.getAllLemmas(word.lower()))


def base_form(word: str) -> str | None:
    """The dictionary (base) form of ``word`` as a verb, or None when it is not a verb."""
    word = word.lower()
    if word in EXTRA_VERBS:
        return word
    lemmas = word_classes(word).get("VERB", ())
    if word in lemmas:
        return word  # "lay", "found", "saw": base forms that are also another verb's past
    if lemmas:
        return lemmas[0]
    for prefix in ("re", "un", "de", "pre", "co", "dis", "mis", "over", "under", "out", "up"):
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) > 2 and word_classes(rest).get("VERB") == (rest,):
            return word
    return None


def verb_form(word: str) -> str | None:
    """How ``word`` works as a verb: 'base', 'gerund', 'past', 'third-person', or None (not a verb).

    >>> verb_form("gets"), verb_form("rebook"), verb_form("the")
    ('third-person', 'base', None)
    """
    word = word.lower()
    lemma = base_form(word)
    if lemma is None:
        if len(word) > 5 and word.endswith("ing") and base_form(word[:-3]) is not None:
            return "gerund"
        return None
    if lemma == word:
        return "base"
    if word.endswith("ing"):
        return "gerund"
    if word.endswith("s") and not word.endswith("ss"):
        return "third-person"
    return "past"


def is_participle(word: str) -> bool:
    """True when ``word`` can be a past participle ("booked", "found", "given").

    >>> is_participle("found"), is_participle("booked"), is_participle("book")
    (True, True, False)
    """
    import lemminflect

    word = word.lower()
    for lemma in word_classes(word).get("VERB", ()):
        if lemma != word and word in lemminflect.getInflection(lemma, tag="VBN"):
            return True
    return False


@lru_cache(maxsize=1)
def _vader() -> dict[str, float]:
    """VADER's word ratings (-4 very unpleasant .. +4 very pleasant), read from its package on first use."""
    from importlib.resources import files

    ratings = {}
    for line in files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8").splitlines():
        word, _, rest = line.partition("\t")
        try:
            ratings[word] = float(rest.split("\t", 1)[0])
        except ValueError:
            continue
    return ratings


# Words VADER rates that carry no feeling of their own in a statement ("like" is a verb of liking in
# VADER, but "feel like a good parent" compares; "help", "care" and "please" are everyday verbs here).
_NOT_RATED = _words("like please help care kind pretty well yes no ok okay matter want wish")


def valence(word: str) -> float | None:
    """How pleasant ``word`` is to people, from VADER's lexicon (-4 .. +4), or None when it is not rated.

    Inflections fall back to the base form ("reassures" -> "reassure").

    >>> valence("arrogant") < 0 < valence("proud")
    True
    >>> valence("bicycle") is None
    True
    """
    word = word.lower()
    if word in _NOT_RATED:
        return None
    ratings = _vader()
    if word in ratings:
        return ratings[word]
    for classes in word_classes(word).values():
        for lemma in classes:
            if lemma in ratings and lemma not in _NOT_RATED:
                return ratings[lemma]
    return None
