"""How a message feels: distress, frustration or a complaint, so a reply acknowledges it first."""
from __future__ import annotations

import re
from typing import Optional

DISTRESS = re.compile(
    r"\b(hate|hating|ashamed|shame|embarrass\w*|self[\s-]?conscious|insecure|ugly|disgusting|horrible|awful|"
    r"depress\w*|anxious|anxiety|scared|afraid|terrified|nervous|worried|worry|upset|cry|crying|cried|"
    r"devastat\w*|hide (it|them|my)|hiding (it|them|my)|cover (it|them) up|can'?t look at|confidence|"
    r"miserable|struggl\w*|traumati\w*|heartbroken|sad|lost my|hard time|difficult time|broke(n)? me|"
    r"don'?t feel like (myself|a woman|a man)|feel(ing)? (like a freak|less|low|broken)|stares?|staring|stared|"
    r"desperate|can'?t (wear|swim|go out)|bother(s|ed|ing)? me|people (look|notice|think|ask)|shaking|panic\w*)\b",
    re.IGNORECASE)
FRUSTRATION = re.compile(
    r"\b(ridiculous|useless|pointless|annoy\w*|frustrat\w*|fed up|sick of|stupid|waste of time|not helpful|"
    r"unhelpful|you don'?t understand|not what i asked|already (told|said|asked)|answer (my|the) question|"
    r"for god'?s sake|wtf|ffs|seriously\?)\b|!!!|\?\?\?", re.IGNORECASE)
COMPLAINT = re.compile(
    r"\b(complain\w*|complaint|refund|botched|ruined|terrible (result|job|experience|service)|bad (result|job|"
    r"experience)|not happy with|unhappy with|disappointed|rude|unprofessional|never came back|no one (called|"
    r"replied|answered|got back)|nobody (called|replied|answered|got back)|still waiting|went wrong|messed up|"
    r"not happy|misleading|mislead|took (a|the) day off|wasted my|waste of money|was closed|no one was there|"
    r"nobody was there|charged me|overcharged|ripped off|scam|"
    r"scarred me|compensation|lawyer|solicitor|trading standards)\b", re.IGNORECASE)


def tone_of(text: str) -> Optional[str]:
    """``"complaint"``, ``"frustration"``, ``"distress"`` or ``None``; a complaint outranks the others."""
    if COMPLAINT.search(text or ""):
        return "complaint"
    if FRUSTRATION.search(text or ""):
        return "frustration"
    if DISTRESS.search(text or ""):
        return "distress"
    return None
