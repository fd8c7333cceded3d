"""Cue words and phrases for the stance of a statement: warning, reassurance or policy.

How the lexicon is read (see `stance.py`):

- Each stance has cues with a weight: about 1 for a hint ("could", "concern"),
  2 for a clear sign ("danger", "calm", "budget"), 3 for a near-certain one
  ("cannot rule out", "no cause for alarm"). A statement's score for a stance is
  the sum of the weights of the cues it contains, plus a small prior.
- Single words match whole words, case-insensitively; a key ending in `*` matches
  any word it starts ("catastroph*": catastrophe, catastrophic). Phrases (keys with
  spaces) match first, and their words are not counted again on their own.
- A warning or reassurance cue right after a negation ("not", "no", "never",
  "n't", "nothing", "without", within five words of the same clause) counts for the other one:
  "not about to collapse" reassures, "not safe" warns. Policy cues stay policy
  ("we will not raise taxes" is still a policy).
- The reporting verb counts too (`VERB_CUES`): "warned" and "cautioned" lean to
  warning, "assured" to reassurance, "announced" and "pledged" to policy.
- No stance is proposed (null) when the cues for every stance weigh less than
  `MIN_CUE_WEIGHT`: much of what is said in the news is none of the three, and
  the analyst picks one before saving.

Stances, as analysts use them:
- warning: a risk, danger, threat or bad outcome is predicted or pointed out;
- reassurance: fears are played down, safety, control or confidence is asserted;
- policy: a decision, plan, position, demand or intention is stated.
"""

from __future__ import annotations

WARNING = "warning"
REASSURANCE = "reassurance"
POLICY = "policy"
STANCES: tuple[str, ...] = (WARNING, REASSURANCE, POLICY)

# Scores before any cue: between two weak cues, policy is the likelier.
PRIORS: dict[str, float] = {WARNING: 0.15, REASSURANCE: 0.0, POLICY: 0.3}
# A statement whose cues for every stance weigh less than this gets no stance (null):
# the analyst picks one. A single hint ("could") is not enough on its own.
MIN_CUE_WEIGHT = 1.5

CUES: dict[str, dict[str, float]] = {
    WARNING: {
        # phrases
        "cannot rule out": 3, "can't rule out": 3, "could not rule out": 3,
        "at risk": 2.5, "running out": 2, "run out": 2, "too late": 1.5, "not enough": 1.5,
        "could lead to": 1.5, "would result in": 1, "far worse": 2, "out of control": 2.5,
        "breaking point": 2.5, "should prepare": 2, "prepare to leave": 2, "stay away": 1.5,
        "stay indoors": 2, "serious damage": 2, "power vacuum": 2, "wake-up call": 2,
        "grave concern": 2.5, "deeply concerned": 2.5, "deeply worried": 2.5,
        "cause for concern": 2.5, "no guarantee": 2, "pay the price": 2, "in danger": 2.5,
        "on the brink": 2.5, "time is running out": 3, "worst-case": 2, "worst case": 2,
        "the worst": 1.5, "could be hit": 2, "will be hit": 2, "hard hit": 1.5,
        "could fail": 2, "may fail": 2, "will fail": 2, "would fail": 2, "could collapse": 2.5,
        "more frequent": 1.5, "more severe": 2, "higher risk": 2.5, "at stake": 1.5,
        "be careful": 1.5, "take precautions": 2, "could spread": 2, "sharp rise": 2,
        "sharp fall": 2, "sharp drop": 2, "under pressure": 1.5, "under strain": 2,
        "cannot cope": 2.5, "can't cope": 2.5, "struggle to": 1.5, "struggling to": 1.5,
        "long way": 1, "no longer": 0.5, "far from": 1, "lose out": 1.5,
        "going bust": 3, "go bust": 3, "in trouble": 2.5, "real trouble": 3,
        "do not add up": 3, "does not add up": 3, "don't add up": 3, "will pay": 2,
        "cuts to": 2, "price increases": 2, "price rises": 2, "little is known": 3,
        "not known": 2, "too early to": 1.5, "red flag": 2.5, "could rise": 1.5,
        "could fall": 1.5, "will rise": 1, "keep rising": 2, "lowest level": 2,
        # words
        "warn*": 2, "warning": 2, "risk": 2, "risks": 2, "risky": 2, "danger*": 2.5,
        "threat*": 2, "disastrous": 3, "disaster*": 2.5, "catastroph*": 3, "devastat*": 2.5,
        "collapse*": 2, "crisis": 2, "crises": 2, "fail": 1.5, "failure*": 2, "fear*": 1.5,
        "afraid": 1.5, "concern": 1, "concerns": 1, "concerned": 1.5, "worr*": 2,
        "alarm*": 2, "severe*": 2, "serious*": 1, "grave": 1.5, "deadly": 2.5, "fatal*": 2.5,
        "casualties": 2.5, "deaths": 2, "death": 1.5, "killed": 1.5, "kill": 1.5, "harm*": 2,
        "damag*": 1.5, "unsafe": 2.5, "shortage*": 2, "surge": 1, "spike": 1.5, "soar*": 1,
        "worse": 2, "worsen*": 2, "worst": 2, "decline": 1, "declining": 1, "losses": 1.5,
        "recession": 2, "inflation": 1, "layoffs": 2, "redundanc*": 2, "job cuts": 2,
        "insurgenc*": 2.5, "chaos": 2.5, "chaotic": 2, "anarchy": 2.5, "vacuum": 1,
        "violence": 2, "violent": 2, "escalat*": 2, "unprecedented": 1, "vulnerable": 2,
        "exposed": 1.5, "outbreak*": 2, "infection*": 1.5, "contamina*": 2.5, "toxic": 2.5,
        "pollut*": 1.5, "flooding": 1, "emergency": 1.5, "urgent*": 1.5, "unsustainable": 2.5,
        "overwhelm*": 2.5, "jeopard*": 2.5, "undermin*": 2, "imperil*": 2.5, "backfire": 2,
        "dire": 2.5, "bleak": 2, "gloomy": 2, "threaten*": 2.5, "instability": 2,
        "unstable": 2, "volatile": 1.5, "uncertain*": 1.5, "strain": 1.5, "stretched": 1.5,
        "shortfall": 1.5, "deficit": 1, "bankrupt*": 2.5, "default": 1.5, "plunge*": 2,
        "slump*": 2, "tumbl*": 1.5, "downturn": 2, "hazard*": 2.5, "injur*": 1.5,
        "suffer*": 1.5, "misguided": 1.5, "bloody": 1.5, "could": 0.6, "might": 0.6,
        "may": 0.3, "unless": 1, "erosion": 1.5, "drought": 1.5, "heatwave*": 1.5,
        "wildfire*": 1.5, "evacuat*": 1.5, "mistake": 1, "tragic": 2, "tragedy": 2,
        "difficult": 1, "impossible": 1, "costly": 1.5, "painful": 1.5, "dangerously": 2.5,
        "fragile": 2, "weak": 1, "weaker": 1.5, "weakness": 1.5, "leak*": 1, "crack*": 1.5,
        "disrupt*": 1.5, "delay*": 1, "collapse": 2.5, "drown*": 2, "surging": 1.5,
        "resistan*": 1, "superbug*": 2, "spread*": 1, "pandemic": 1.5, "epidemic": 1.5,
        "abuse": 1.5, "fraud": 1.5, "scam*": 1.5, "attack*": 1.5, "war": 1, "conflict": 1,
        "relegat*": 1.5, "exhaust*": 1, "fatigue": 1.5, "burnout": 2, "injured": 1.5,
        "fell": 1.5, "falling": 1.5, "lowest": 1.5, "underestimat*": 2.5, "bust": 2,
        "lose": 1.5, "lost": 1.5, "losing": 1.5, "tough": 1.5, "tougher": 2, "toughest": 2,
        "down": 0.7, "trouble": 2, "panic*": 2, "unknown": 1.5, "if": 1, "debt": 1,
        "shortages": 2, "squeeze*": 1.5, "hit": 1, "threatened": 2.5, "problem": 1,
        "problems": 1.5, "cracks": 1.5, "unaffordable": 2.5, "expensive": 1,
    },
    REASSURANCE: {
        # phrases
        "under control": 3, "no cause for alarm": 3.5, "no need to panic": 3.5,
        "no need for": 2, "no need to": 2.5, "no reason to": 2.5, "no risk": 3, "no danger": 3,
        "nothing to worry": 3.5, "nothing to fear": 3.5, "not worried": 3, "not about to": 2.5,
        "on track": 2.5, "in good shape": 2.5, "well placed": 2, "well prepared": 2.5,
        "fully prepared": 2.5, "fully operational": 2.5, "back to normal": 3, "as normal": 2,
        "rest assured": 3.5, "every confidence": 3, "good news": 2, "around the clock": 1.5,
        "will not abandon": 3, "not abandon": 2.5, "no double standards": 3,
        "remains committed": 1.5, "remain committed": 1.5, "continue to support": 1.5,
        "is safe": 3, "are safe": 3, "remain safe": 3, "remains safe": 3, "perfectly safe": 3.5,
        "low risk": 3, "very low": 2, "extremely low": 2.5, "no evidence": 3,
        "has not changed": 1.5, "have not changed": 1.5, "no threat": 3, "not a threat": 3,
        "not dangerous": 3, "no longer a threat": 3, "under way": 0.5, "in hand": 2,
        "taking care": 1.5, "working hard": 1.5, "doing everything": 2, "we are ready": 2.5,
        "is ready": 2, "are ready": 2, "no shortage": 3, "enough supplies": 2.5,
        "plenty of": 2, "on schedule": 2.5, "ahead of schedule": 2.5, "holding up": 2,
        "held up well": 2.5, "robust enough": 2.5, "strong enough": 2.5, "will be fine": 3,
        "be fine": 2.5, "clear-headed": 2, "no impact": 2.5, "little impact": 2,
        "no effect": 2, "not expect": 1.5, "do not expect": 2, "don't expect": 2,
        "well within": 2.5, "within safe": 3, "not at risk": 3, "not in danger": 3,
        "no sign": 2, "no signs": 2, "is stable": 2.5, "are stable": 2.5, "remain open": 2,
        "will reopen": 1.5, "no disruption": 2.5, "keep calm": 3, "stay calm": 3,
        "i am confident": 3, "we are confident": 3, "within reach": 3,
        "operating normally": 3, "working normally": 3,
        "fully behind": 3, "fully funded": 3, "every reason": 1.5, "nothing hidden": 2.5,
        "still believe": 1.5, "not for alarm": 3, "reason for optimism": 3,
        # words
        "safe": 2, "safely": 2, "safer": 2, "calm": 2.5, "calmer": 2, "confident": 2.5,
        "confidence": 1.5, "reassur*": 3, "stable": 2, "stabilis*": 2, "stabiliz*": 2,
        "secure": 1.5, "resilient": 2, "resilience": 1.5, "robust": 1.5, "protected": 2,
        "minimal": 2, "unlikely": 2, "rare": 1.5, "rarely": 1.5, "manageable": 2.5,
        "contained": 2.5, "recover*": 1.5, "improv*": 1.5, "progress": 1, "ready": 1.5,
        "prepared": 1.5, "reliable": 1.5, "effective": 1, "effectively": 1, "healthy": 1.5,
        "sound": 1, "solid": 1.5, "strong": 1, "stronger": 1.5, "steady": 2, "normal": 1.5,
        "normally": 1, "limited": 1, "small": 0.5, "isolated": 1.5, "temporary": 1.5,
        "precaution*": 1.5, "precautionary": 2, "fine": 1.5, "intact": 2, "unaffected": 2.5,
        "trust": 1, "optimis*": 2, "optimistic": 2.5, "hopeful": 2, "encourag*": 1.5,
        "positive": 1.5, "reassuring": 3, "comfortable": 2, "adequate": 1.5, "sufficient": 1.5,
        "restored": 2, "rebound*": 1.5, "resolved": 1.5, "overblown": 2.5, "exaggerated": 2.5,
        "unfounded": 3, "alarmist": 2.5, "scaremongering": 3, "misplaced": 2, "nothing": 0.5,
        "protect*": 1, "guarantee*": 1, "support": 0.5, "closely": 1, "monitoring": 1.5,
        "good": 1, "better": 1, "well": 0.5, "ally": 0.5, "allies": 0.5, "partners": 0.5,
        "achievable": 2.5, "safest": 3, "sorry": 1.5, "apologis*": 1.5, "apologiz*": 1.5,
        "welcome*": 1, "strongest": 1.5, "surplus": 1.5, "affordable": 1, "plenty": 1.5,
    },
    POLICY: {
        # phrases
        "we will": 2, "we are going to": 2, "we want": 1.5, "we need": 1.5, "we must": 1.5,
        "we intend": 2.5, "we plan": 2.5, "we have decided": 3, "has decided": 2.5,
        "have decided": 2.5, "will introduce": 3, "will propose": 3, "will invest": 3,
        "will spend": 2.5, "will raise": 2.5, "will cut": 2.5, "will build": 2.5,
        "will hire": 2.5, "will ban": 3, "will require": 2.5, "will not allow": 2.5,
        "will continue to": 1.5, "calls for": 2, "call for": 2, "called on": 2, "call on": 2,
        "needs to": 1.5, "need to": 1, "has to": 1, "have to": 1, "make sure": 1.5,
        "working on": 1, "plans to": 2.5, "plan to": 2.5, "intends to": 2.5, "aims to": 2,
        "set up": 1.5, "set aside": 2, "put in place": 2, "bring in": 1.5, "phase out": 2.5,
        "wrong answer": 2, "right answer": 2, "the answer": 1, "the solution": 1.5,
        "should not be": 1.5, "should be": 1, "must be": 1, "must do": 1.5, "do more": 1.5,
        "in favour of": 2, "in favor of": 2, "opposed to": 2, "against the": 1,
        "same goal": 2, "our goal": 2, "our priority": 2, "top priority": 2,
        "no plans": 2, "not going to": 1.5, "will not": 1, "would not": 0.5,
        "arms transfers": 2.5, "weapons used": 1.5, "suspend": 2,
        "there will be no": 2.5, "will not accept": 3, "would not accept": 3,
        "will not tolerate": 3, "in place": 1.5, "will be published": 2, "will be held": 2,
        "would be held": 2, "next round": 1.5, "will review": 2.5, "would review": 2.5,
        "will be banned": 2.5, "would be banned": 2.5, "will go": 1, "would go": 1,
        # words
        "plan": 1, "plans": 1, "planned": 1.5, "planning": 0.5, "propos*": 2.5, "levy": 3,
        "tax": 1.5, "taxes": 1.5, "taxation": 2, "budget*": 2, "fund": 1.5, "funding": 1,
        "funds": 1.5, "invest*": 2, "law": 1.5, "laws": 1.5, "legislat*": 2.5,
        "regulat*": 2, "rule": 1, "rules": 0.5, "ban": 2.5, "bans": 2.5, "banned": 2,
        "banning": 2.5, "require*": 2, "requirement*": 2, "introduc*": 2, "policy": 2.5,
        "policies": 2.5, "reform*": 1.5, "measure": 1.5, "measures": 2, "scheme": 1,
        "programme": 1.5, "program": 1.5, "decid*": 2, "decision": 2, "approv*": 1.5,
        "strategy": 2, "goal": 1.5, "target*": 0.5, "commit*": 1.5, "sanction*": 2.5,
        "tariff*": 2.5, "subsid*": 2.5, "cut": 1, "cuts": 1.5, "raise": 1.5, "hire": 1.5,
        "hiring": 1.5, "build": 1.5, "expand*": 1.5, "replac*": 1.5, "negotiat*": 1.5,
        "agreement": 1, "deal": 1, "priorit*": 1.5, "must": 1.5, "should": 1, "will": 0.8,
        "intend*": 2, "aim": 1.5, "aims": 1.5, "pledge*": 2, "promise*": 1.5, "vow*": 1.5,
        "support": 1, "oppose*": 2, "reject*": 1.5, "demand*": 2, "urge*": 1.5,
        "insist*": 0.5, "govern*": 1, "reconstruction": 1.5, "governance": 1.5,
        "security": 0.5, "ceasefire": 1.5, "talks": 1, "vote": 1.5, "referendum": 2,
        "licen*": 1.5, "permit*": 1.5, "mandat*": 2, "enforce*": 2, "penalt*": 1.5,
        "fine": 0.5, "fines": 1.5, "compensat*": 1.5, "refund*": 1.5, "price cap": 2.5,
        "wage*": 1, "salar*": 1, "pension*": 1, "recruit*": 1.5, "appoint*": 1.5,
        "transfer*": 1, "sign": 1, "signing": 1.5, "contract*": 1.5, "lineup": 1,
        "rotate": 1.5, "rotation": 1.5, "selection": 1.5, "tactic*": 1.5, "system": 0.5,
        "scrap*": 2, "abolish*": 2.5, "restrict*": 2, "limit": 1, "allow": 1, "allowed": 1,
        "weapons": 0.5, "offensive": 0.5, "responsib*": 0.5, "accountab*": 1, "standard*": 1,
        "inspect*": 1, "review": 1, "consult*": 1.5, "petition": 1.5, "referral": 1,
        "guideline*": 2, "advice": 1, "advise*": 1, "recommend*": 2, "vaccinat*": 1,
        "screening": 1.5, "trial*": 0.5, "roll out": 2, "rollout": 2, "launch*": 1.5,
        "decisions": 2, "necessary": 1, "accept": 1.5, "ballot": 2, "close": 1,
        "closing": 1, "closure": 0.5, "jobs": 1, "consider": 1.5, "applied": 1,
    },
}  # fmt: skip

# Reporting verbs lean a statement one way: (stance, weight).
VERB_CUES: dict[str, tuple[str, float]] = {
    "warned": (WARNING, 2), "warns": (WARNING, 2), "warning": (WARNING, 2),
    "cautioned": (WARNING, 2), "cautions": (WARNING, 2), "cautioning": (WARNING, 2),
    "feared": (WARNING, 1.5), "fears": (WARNING, 1.5), "predicted": (WARNING, 0.5),
    "predicting": (WARNING, 0.5), "complained": (WARNING, 0.5),
    "assured": (REASSURANCE, 2.5), "assures": (REASSURANCE, 2.5),
    "reassured": (REASSURANCE, 3), "insisted": (REASSURANCE, 0.5),
    "insists": (REASSURANCE, 0.5), "downplayed": (REASSURANCE, 2),
    "announced": (POLICY, 2), "announces": (POLICY, 2), "pledged": (POLICY, 2),
    "pledges": (POLICY, 2), "promised": (POLICY, 1.5), "promises": (POLICY, 1.5),
    "vowed": (POLICY, 2), "vows": (POLICY, 2), "proposed": (POLICY, 2),
    "urged": (POLICY, 1.5), "urges": (POLICY, 1.5), "argued": (POLICY, 1),
    "argues": (POLICY, 1), "declared": (POLICY, 1), "called": (POLICY, 1),
    "demanded": (POLICY, 2), "reiterated": (POLICY, 1), "confirmed": (POLICY, 0.5),
}  # fmt: skip

# Words that turn the next warning or reassurance cue around.
NEGATIONS: tuple[str, ...] = (
    "not", "no", "never", "nothing", "without", "none", "nor", "cannot", "hardly",
    "neither", "nobody", "isn't", "aren't", "wasn't", "weren't", "won't", "wouldn't",
    "don't", "doesn't", "didn't", "can't", "couldn't", "shouldn't", "haven't", "hasn't",
)  # fmt: skip
NEGATION_WINDOW = 5
