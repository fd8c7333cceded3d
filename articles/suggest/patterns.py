"""The words that mark reported speech in news text, kept as data.

The detector (`detect.py`) compiles these lists into regular expressions once, at
import; change what counts as attribution here, not in the code.
"""

from __future__ import annotations

# Verbs that attribute a statement, in the forms news text uses. All of them work
# after the statement ("..., Blinken warned") and before it with "that"
# ("Blinken warned that ...").
REPORTING_VERBS: tuple[str, ...] = (
    "said", "says", "told", "tells", "asked", "asks", "warned", "warns", "added", "adds",
    "insisted", "insists", "cautioned", "cautions", "argued", "argues",
    "stressed", "stresses", "noted", "notes", "explained", "explains",
    "claimed", "claims", "acknowledged", "acknowledges", "admitted", "admits",
    "conceded", "concedes", "predicted", "predicts", "promised", "promises",
    "pledged", "pledges", "vowed", "vows", "announced", "announces",
    "declared", "declares", "confirmed", "confirms", "maintained", "maintains",
    "asserted", "asserts", "contended", "contends", "emphasised", "emphasized",
    "emphasises", "emphasizes", "reiterated", "reiterates", "suggested", "suggests",
    "wrote", "writes", "replied", "replies", "responded", "recalled", "reported",
    "reports", "observed", "remarked", "commented", "assured", "assures",
    "reassured", "agreed", "agrees", "estimated", "estimates", "concluded",
    "urged", "urges", "countered", "complained", "complains", "stated", "states",
    "believes", "believed", "thinks", "reckons", "feared", "fears", "expects",
    "hopes", "hoped", "revealed", "disclosed", "indicated", "signalled",
    "signaled", "recounted", "objected", "protested", "say",
)  # fmt: skip

# Of those, the verbs that come before their speaker after the statement
# ("..., said the minister"); after the others a noun phrase is their object
# ("The minister promised a full account").
INVERTING_VERBS: tuple[str, ...] = (
    "said", "says", "told", "asked", "asks", "warned", "warns", "added", "adds",
    "insisted", "cautioned", "argued", "stressed", "noted", "explained", "claimed",
    "acknowledged", "admitted", "conceded", "announced", "declared", "confirmed",
    "wrote", "writes", "replied", "responded", "recalled", "reported", "observed",
    "remarked", "commented", "countered", "complained", "stated", "recounted",
    "objected", "protested", "continued", "predicted",
)  # fmt: skip

# Verbs that introduce a quotation after a colon ("Cruz continued:", "She tweeted:")
# besides the reporting verbs.
INTRODUCING_VERBS: tuple[str, ...] = (
    "continued", "continues", "tweeted", "tweets", "posted", "posts", "went on",
    "quipped", "joked", "read", "reads", "put it",
)  # fmt: skip

# Of those, the verbs that may introduce a statement without "that"
# ("Sullivan said the US wants ..."). The others need "that" to start a statement,
# because without it they usually take a plain object ("the firm added 300 jobs").
VERBS_WITHOUT_THAT: tuple[str, ...] = (
    "said", "says", "say", "told", "tells", "insisted", "insists", "argued", "argues",
    "claimed", "claims", "believes", "thinks", "reckons", "maintained", "maintains",
    "admitted", "admits", "conceded", "concedes", "acknowledged", "acknowledges",
    "stressed", "stresses", "predicted", "predicts", "wrote", "writes", "stated",
    "contended", "contends", "asserted", "asserts",
)  # fmt: skip

# Verbs whose first object is the audience, not the statement ("told reporters ...").
VERBS_WITH_AUDIENCE: tuple[str, ...] = (
    "told", "tells", "assured", "assures", "reassured", "warned", "warns", "urged",
    "urges", "reminded", "informed",
)  # fmt: skip

# Words naming an audience after "told" when no "that" follows.
AUDIENCE_WORDS: tuple[str, ...] = (
    "reporters", "journalists", "lawmakers", "legislators", "parliament", "mps",
    "councillors", "councilors", "residents", "investors", "analysts", "shareholders",
    "supporters", "delegates", "senators", "students", "staff", "employees",
    "workers", "fans", "viewers", "listeners", "readers", "colleagues", "me", "us",
    "him", "her", "them", "voters", "members", "officials", "diplomats", "the", "a",
    "an", "conference", "meeting", "summit", "committee", "rally", "crowd", "audience",
    "hearing", "session", "convention", "forum", "assembly", "gathering", "party",
    "annual", "general", "news", "press", "newspaper", "radio", "television", "tv",
    "podcast", "programme", "program", "show", "broadcaster", "channel", "station",
    "briefing", "delegation", "council", "board", "inquiry", "panel", "court", "jury",
    "congress", "senate", "house", "commons", "lords", "his", "their", "its", "local",
    "state", "national", "public", "business", "industry", "trade", "union", "party's",
)  # fmt: skip

# Participles that attach a further statement to a sentence's subject
# ("..., predicting that ...", "..., adding that ...").
# Words after which "saying" and the like are no report of their own.
NOT_BEFORE_BARE_PARTICIPLE: tuple[str, ...] = (
    "kept", "keep", "keeps", "keeping", "stop", "stopped", "stops", "start", "started",
    "without", "by", "after", "before", "while", "when", "since", "is", "are", "was",
    "were", "be", "been", "being", "am", "of", "for", "about", "worth", "mind", "avoid",
    "avoided", "like", "liked", "hate", "enjoy", "began", "begin", "continued", "quit",
)  # fmt: skip

PARTICIPLES: tuple[str, ...] = (
    "saying", "adding", "warning", "arguing", "insisting", "noting", "stressing",
    "cautioning", "predicting", "claiming", "explaining", "acknowledging",
    "admitting", "conceding", "promising", "pledging", "vowing", "declaring",
    "suggesting", "reiterating", "emphasising", "emphasizing", "asserting",
    "maintaining", "contending", "telling",
)  # fmt: skip

# Participles that may go without "that" (", saying the plan was dead").
PARTICIPLES_WITHOUT_THAT: tuple[str, ...] = ("saying", "telling", "insisting", "arguing")

# Words that may stand between the speaker and the verb ("Blinken also said",
# "she has long argued").
VERB_MODIFIERS: tuple[str, ...] = (
    "also", "later", "then", "further", "previously", "earlier", "again", "recently",
    "repeatedly", "has", "had", "have", "once", "publicly", "privately", "separately",
    "only", "even", "just", "still", "long", "often", "flatly", "simply",
    "bluntly", "candidly", "quickly", "firmly", "openly", "herself", "himself",
)  # fmt: skip

# Words that open the phrase after a verb and before the content or the end of
# the attribution ("said on Sunday", "told CBS in an interview", "said as he left").
ADVERBIAL_STARTERS: tuple[str, ...] = (
    "on", "in", "at", "to", "during", "after", "before", "from", "via", "with",
    "while", "late", "early", "last", "this", "earlier", "later", "as", "outside",
    "inside", "when", "by", "over", "ahead", "following", "through", "afterwards",
    "afterward", "yesterday", "today", "tonight", "recently", "previously", "again",
    "also", "too", "separately", "repeatedly", "privately", "publicly", "once",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip

# Time words that may follow the verb directly ("said Sunday the plan ...").
TIME_WORDS: tuple[str, ...] = (
    "yesterday", "today", "tonight", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "recently", "previously", "earlier", "later",
    "again", "also", "too", "separately", "repeatedly", "privately", "publicly",
)  # fmt: skip

# Pronouns that can be the speaker, by what they refer to.
PERSON_PRONOUNS: tuple[str, ...] = ("he", "she")
GROUP_PRONOUNS: tuple[str, ...] = ("they",)
ORGANISATION_PRONOUNS: tuple[str, ...] = ("it",)

# Words that show a sentence is someone speaking, not the writer narrating.
# Case matters: "US" is the country, "us" the pronoun.
FIRST_AND_SECOND_PERSON: tuple[str, ...] = (
    "I", "we", "We", "us", "Us", "our", "Our", "ours", "my", "My", "me", "mine",
    "myself", "ourselves", "you", "You", "your", "Your", "yourself", "yourselves",
    "let's", "Let's", "let’s", "Let’s",
)  # fmt: skip

# Words that may open a speaker phrase.
DETERMINERS: tuple[str, ...] = (
    "the", "a", "an", "one", "two", "three", "four", "five", "several", "some",
    "many", "other", "another", "its", "his", "her", "their", "both", "all",
    "most", "few", "our", "these", "those", "each", "every",
)  # fmt: skip

# Titles stripped from a name before it is looked up ("Mr. Hanegbi", "Dr Haddad").
TITLES: tuple[str, ...] = (
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame",
    "lord", "lady", "rev", "reverend", "gen", "general", "lt", "col", "colonel",
    "capt", "captain", "sgt", "sergeant", "sen", "senator", "rep", "representative",
    "gov", "governor", "president", "vice", "premier", "chancellor", "mayor",
    "councillor", "councilor", "judge", "justice", "king", "queen", "prince",
    "princess", "sheikh", "minister", "secretary", "coach", "chief", "inspector",
    "superintendent", "commissioner", "detective", "officer", "deputy", "prime",
    "foreign", "finance", "health", "defence", "defense", "interior", "state",
    "national", "security", "adviser", "advisor", "executive", "director",
    "manager", "head", "leader", "ambassador", "spokesperson", "spokesman",
    "spokeswoman", "chair", "chairman", "chairwoman", "former", "acting", "senior",
)  # fmt: skip

# Nouns that head a phrase naming a person ("a White House spokesperson").
PERSON_NOUNS: tuple[str, ...] = (
    "spokesperson", "spokesman", "spokeswoman", "official", "minister", "secretary",
    "adviser", "advisor", "director", "chief", "executive", "officer", "chair",
    "chairman", "chairwoman", "chairperson", "president", "leader", "mayor",
    "councillor", "councilor", "governor", "senator", "lawmaker", "legislator", "mp",
    "economist", "analyst", "scientist", "researcher", "doctor", "nurse", "professor",
    "expert", "engineer", "manager", "coach", "captain", "player", "striker",
    "goalkeeper", "defender", "midfielder", "resident", "witness", "diplomat",
    "ambassador", "envoy", "general", "commander", "judge", "lawyer", "attorney",
    "prosecutor", "source", "aide", "representative", "negotiator", "founder",
    "owner", "ceo", "head", "teacher", "farmer", "student", "fan", "organiser",
    "organizer", "inspector", "author", "epidemiologist", "virologist", "physician",
    "surgeon", "pharmacist", "investor", "trader", "strategist", "forecaster",
    "meteorologist", "activist", "campaigner", "historian", "counterpart", "deputy",
    "member", "candidate", "premier", "chancellor", "king", "queen", "cfo", "boss",
    "physicist", "biologist", "climatologist", "hydrologist", "geologist",
    "veteran", "worker", "parent", "mother", "father", "shopkeeper", "landlord",
    "tenant", "driver", "pilot", "commissioner", "superintendent",
    "detective", "paramedic", "firefighter", "chemist", "administrator", "trustee",
    "secretary-general", "referee", "winger", "forward", "chief executive",
    "vice-president", "head teacher", "headteacher",
    "principal", "dean", "consultant", "planner", "architect", "mediator", "toxicologist",
    "commentator", "correspondent", "editor",
)  # fmt: skip

# Nouns that head a phrase naming an organisation ("the ministry said").
ORGANISATION_NOUNS: tuple[str, ...] = (
    "ministry", "department", "agency", "government", "council", "company", "firm",
    "group", "bank", "police", "army", "military", "office", "service", "authority",
    "authorities", "commission", "committee", "board", "union", "party", "club",
    "federation", "association", "institute", "university", "hospital", "court",
    "regulator", "trust", "foundation", "organisation", "organization",
    "administration", "cabinet", "parliament", "embassy", "kremlin", "pentagon",
    "corporation", "operator", "airline", "team", "league", "charity", "utility",
    "network", "campaign", "coalition", "alliance", "centre", "center", "fund",
    "house", "inc", "ltd", "plc", "corp", "co", "bureau", "secretariat", "senate",
    "congress", "assembly", "tribunal", "squad", "side", "insurer",
    "lender", "retailer", "manufacturer", "producer", "supplier", "developer",
    "carrier", "broadcaster", "newspaper", "school", "college", "laboratory", "lab",
    "clinic", "directorate", "inspectorate", "watchdog", "observatory",
    "brigade", "force", "forces", "guard", "state", "council's",
)  # fmt: skip

# Organisation nouns that may stand for any organisation in the story ("the company").
GENERIC_ORGANISATION_NOUNS: tuple[str, ...] = (
    "company", "firm", "group", "club", "team", "side", "squad", "operator",
    "organisation", "organization", "business", "lender", "retailer", "insurer",
    "manufacturer", "producer", "airline", "utility", "charity", "carrier",
    "developer", "supplier", "broadcaster",
)  # fmt: skip

# Nouns for people in the plural: a phrase headed by one is a group ("officials").
GROUP_NOUNS: tuple[str, ...] = (
    "officials", "analysts", "residents", "experts", "economists", "scientists",
    "researchers", "doctors", "nurses", "critics", "observers", "forecasters",
    "investors", "traders", "lawmakers", "legislators", "diplomats", "sources",
    "witnesses", "campaigners", "activists", "people", "organisers", "organizers",
    "leaders", "ministers", "engineers", "authorities", "prosecutors", "lawyers",
    "parents", "teachers", "farmers", "students", "fans", "players", "members",
    "councillors", "councilors", "executives", "managers", "representatives",
    "negotiators", "inspectors", "police", "officers", "aides", "advisers",
    "advisors", "epidemiologists", "virologists", "physicians", "meteorologists",
    "strategists", "shopkeepers", "workers", "unions", "authors", "volunteers",
    "opponents", "supporters", "protesters", "mps", "senators", "governors",
)  # fmt: skip

# Nouns for documents: "according to a White House account of the call" is the
# White House speaking, "the ministry's figures" the ministry.
DOCUMENT_NOUNS: tuple[str, ...] = (
    "account", "statement", "report", "study", "survey", "figures", "data",
    "readout", "transcript", "filing", "letter", "memo", "document", "documents",
    "analysis", "estimates", "estimate", "poll", "paper", "release", "note",
    "briefing", "assessment", "review", "forecast", "forecasts", "projections",
    "records", "research", "findings", "audit", "summary", "minutes", "post",
    "notice", "guidance", "advisory", "bulletin", "website", "spokesperson's",
)  # fmt: skip

# Lower-case words a speaker phrase may contain besides its head noun
# ("the city's chief engineer", "a senior White House official").
SPEAKER_MODIFIERS: tuple[str, ...] = (
    "senior", "top", "former", "chief", "deputy", "acting", "local", "national",
    "regional", "federal", "state", "city", "county", "district", "foreign",
    "finance", "health", "defence", "defense", "interior", "security", "prime",
    "head", "assistant", "associate", "lead", "principal", "unnamed", "anonymous",
    "longtime", "long-time", "young", "elderly", "retired", "independent",
    "opposition", "government", "environment", "environmental", "public",
    "public-health", "economic", "executive", "general", "vice", "press", "team",
    "club", "company", "ministry", "agency", "council", "police", "military",
    "army", "hospital", "university", "party", "union", "industry", "market",
    "climate", "energy", "transport", "education", "housing", "water", "flood",
    "harbour", "harbor", "port", "airport", "school", "medical", "scientific",
    "research", "technical", "legal", "financial", "communications", "media",
    "spokesperson", "of", "for", "and", "the", "at", "in", "on", "new", "outgoing",
    "incoming", "interim", "joint", "veteran", "first", "second", "other",
    "european", "international", "world", "global", "main", "central", "top-level",
    "high-level", "council's", "city's", "club's", "company's", "agency's",
    "ministry's", "team's", "country's", "government's", "nation's", "bank's",
    "board's", "party's", "union's", "state's", "region's", "hospital's",
    "university's", "school's", "department's", "firm's", "group's", "home",
    "away", "first-team", "managing", "operating", "technology", "marketing",
    "infrastructure", "planning", "emergency",
    "weather", "budget", "trade", "labour", "labor",
)  # fmt: skip

# Words that open a sentence before its subject ("Still, he said ...").
INTRO_WORDS: tuple[str, ...] = (
    "but", "and", "yet", "so", "still", "however", "meanwhile", "later", "earlier",
    "separately", "also", "now", "instead", "indeed", "nonetheless", "nevertheless",
    "moreover", "then", "today", "yesterday", "previously", "again", "finally",
    "afterwards", "overall", "elsewhere", "asked", "speaking", "in", "on", "at",
    "after", "before", "during", "while", "when", "last", "this", "for", "as",
)  # fmt: skip

# Parenthetical adverbs between a subject and its verb ("Sullivan, meanwhile, warned").
PARENTHETICALS: tuple[str, ...] = (
    "meanwhile", "however", "too", "though", "also", "for his part", "for her part",
    "for their part", "for its part", "in turn", "in contrast", "by contrast",
    "in response", "for example", "in particular", "separately", "likewise",
)  # fmt: skip

# Words after which a full stop does not end a sentence.
ABBREVIATIONS: tuple[str, ...] = (
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "gov",
    "sen", "rep", "st", "no", "nos", "vs", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "inc", "corp", "ltd", "co", "e.g",
    "i.e", "a.m", "p.m", "etc", "approx", "dept", "est", "fig", "jr", "sr", "mt",
    "ft", "u.s", "u.k", "u.n", "e.u", "rev", "hon", "sq", "vol", "pp", "cf",
)  # fmt: skip

# Opening and closing quotation marks that come in pairs.
QUOTE_PAIRS: tuple[tuple[str, str], ...] = (
    ("“", "”"),
    ("„", "“"),
    ("«", "»"),
    ("‘", "’"),
)
STRAIGHT_QUOTES: tuple[str, ...] = ('"',)

# A quotation of at most this many words in title case is a title ("Meet the Press",
# ''This Week''), not a statement; so is one right after these words.
MAX_TITLE_WORDS = 6
TITLE_SMALL_WORDS: tuple[str, ...] = (
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "at", "by",
    "from", "is", "vs", "vs.",
)  # fmt: skip
TITLE_INTRODUCERS: tuple[str, ...] = (
    "book", "film", "movie", "show", "programme", "program", "series", "song", "album",
    "titled", "entitled", "called", "memoir", "novel", "documentary", "podcast",
    "column", "essay", "op-ed", "headline", "play", "musical", "slogan",
)  # fmt: skip

# Quotes this short are scare quotes ("a “bloody” operation") unless attributed.
MIN_QUOTE_WORDS = 6
# Statements shorter than this are not worth proposing.
MIN_STATEMENT_WORDS = 3
# Attribution phrases longer than this are clauses of their own, not attributions
# ("White House national security adviser Jake Sullivan" is seven).
MAX_SPEAKER_WORDS = 14
MAX_ATTRIBUTION_TAIL_WORDS = 14
# An article with this many quotations marks its statements with them: no sentence
# without quotation marks continues a statement.
QUOTING_ARTICLE_QUOTES = 3
# The attribution between two parts of one quotation ("A," said X, who ..., "B.").
MAX_SPLIT_ATTRIBUTION_WORDS = 40

# The parser pass (`parsed.py`) finds reporting verbs by lemma, whatever their form
# ("says", "has warned", "was announced", "saying"). Verbs of saying whose clause is
# the statement: "X said (that) ...", "..., X warned", "it was announced that ...".
REPORTING_LEMMAS: tuple[str, ...] = (
    "say", "tell", "warn", "add", "insist", "caution", "argue", "stress", "note",
    "explain", "claim", "acknowledge", "admit", "concede", "predict", "promise",
    "pledge", "vow", "announce", "declare", "confirm", "maintain", "assert", "contend",
    "emphasise", "emphasize", "reiterate", "suggest", "write", "reply", "respond",
    "recall", "report", "observe", "remark", "comment", "assure", "reassure", "agree",
    "estimate", "conclude", "urge", "counter", "complain", "state", "reveal", "disclose",
    "indicate", "signal", "recount", "object", "protest", "deny", "ask", "allege",
    "charge", "accuse", "tweet", "post", "testify", "repeat", "answer", "inform",
    "advise", "boast", "brag", "joke", "quip", "retort", "concede", "hint", "imply",
    "lament", "predict", "forecast", "threaten", "demand", "propose", "recommend",
    "acknowledge", "affirm", "reaffirm", "swear", "guarantee", "mention", "point",
    "continue", "shout", "yell", "scream", "whisper", "plead", "order", "instruct",
    "contest", "dispute", "question", "wonder", "speculate", "theorize", "theorise",
    "explain", "elaborate", "announce", "proclaim", "tout", "insinuate", "concur",
)  # fmt: skip

# Of those, the verbs whose noun-phrase object is itself the statement ("The mayor
# promised a full inquiry", "She denied the allegations", "Trump called for a ban").
OBJECT_LEMMAS: tuple[str, ...] = (
    "promise", "pledge", "vow", "announce", "deny", "demand", "propose", "recommend",
    "predict", "forecast", "confirm", "threaten", "urge", "call", "guarantee", "reject",
    "dismiss", "dispute", "question", "acknowledge", "admit", "concede", "suggest",
    "tout", "repeat", "reiterate", "allege", "estimate", "defend",
)  # fmt: skip

# Verbs whose infinitive is the statement ("vowed to fight on", "urged Congress to act").
INFINITIVE_LEMMAS: tuple[str, ...] = (
    "promise", "pledge", "vow", "threaten", "urge", "ask", "tell", "call", "warn",
    "demand", "refuse", "decline", "offer", "propose", "swear", "agree", "appeal",
    "encourage", "advise", "order", "instruct", "implore", "beg", "plead", "challenge",
)  # fmt: skip

# Prepositions that carry the statement of some verbs ("called for a ban", "warned of
# a crisis", "called on Israel to hold back").
OBJECT_PREPOSITIONS: dict[str, tuple[str, ...]] = {
    "call": ("for", "on"),
    "warn": ("of", "against", "about"),
    "ask": ("for",),
    "appeal": ("for", "to"),
    "push": ("for",),
    "argue": ("for", "against"),
    "press": ("for",),
    "plead": ("for",),
}

# Subjects that never speak: "This means ...", "Polls suggest ...", "The data show".
NON_SPEAKER_HEADS: tuple[str, ...] = (
    "this", "that", "what", "these", "those", "there", "poll", "polls",
    "survey", "surveys", "data", "figure", "figures", "number", "numbers", "evidence",
    "result", "results", "study", "studies", "research", "record", "records", "analysis",
)  # fmt: skip

# Words that open a sentence before its subject and are no part of a name ("And
# Blinken struggled", "But Perez said", "Nowadays, analysts say").
NAME_OPENERS: tuple[str, ...] = (
    "and", "but", "or", "nor", "so", "yet", "now", "then", "still", "also", "soon",
    "nowadays", "meanwhile", "however", "instead", "indeed", "like", "unlike", "even",
    "only", "just", "both", "either", "neither", "today", "yesterday", "tonight",
    "later", "earlier", "finally", "first", "second", "third", "last", "next", "once",
    "again", "already", "thus", "hence", "moreover", "furthermore", "besides", "plus",
    "while", "when", "as", "because", "since", "though", "although", "if", "unless",
    "after", "before", "until", "according", "in", "on", "at", "for", "with", "without",
    "by", "from", "of", "to", "speaking", "asked", "told", "said", "says", "the",
)  # fmt: skip

# Parties and peoples that speak as groups ("Republicans said…"); the parser's entities
# find the others.
PROPER_GROUP_NOUNS: tuple[str, ...] = (
    "republicans", "democrats", "conservatives", "liberals", "progressives", "socialists",
    "tories", "greens", "independents", "palestinians", "israelis", "ukrainians",
    "russians", "americans", "europeans", "iranians", "chinese", "britons", "germans",
)  # fmt: skip

# Nouns of speech whose that-clause is what was said ("issued an ultimatum that ...").
SPEECH_NOUNS: tuple[str, ...] = (
    "ultimatum", "warning", "claim", "promise", "pledge", "assurance", "threat",
    "announcement", "allegation", "prediction", "insistence", "demand", "vow",
    "accusation", "admission", "assertion", "argument", "suggestion", "message",
)  # fmt: skip

# Attributions to a source that does not talk on in the next sentences: narration
# after "…, according to the ministry." or "…, the emails show." is the writer's.
RECORD_VERBS: tuple[str, ...] = (
    "according to", "show", "shows", "showed", "shown", "indicate", "indicates",
    "indicated", "reveal", "reveals", "revealed", "suggest", "suggests", "suggested",
    "found", "finds",
)  # fmt: skip

# Words before a group that do not name it: "Senior US officials", "Top Democrats".
GROUP_ADJECTIVES: tuple[str, ...] = (
    "senior", "top", "several", "some", "many", "most", "other", "former", "current",
    "two", "three", "four", "five", "dozens", "hundreds", "thousands", "leading",
    "prominent", "local", "federal", "state", "foreign", "western", "unnamed",
    "anonymous", "high-ranking", "ranking", "key", "fellow", "few", "a", "an",
)  # fmt: skip

# Imperatives that open a sentence and look like a name to a capitalised-word rule
# ("Think about it", "Imagine ...").
IMPERATIVE_OPENERS: tuple[str, ...] = (
    "think", "imagine", "consider", "remember", "look", "listen", "note", "take",
    "make", "let", "see", "say", "suppose", "picture", "forget", "watch", "read",
)  # fmt: skip
