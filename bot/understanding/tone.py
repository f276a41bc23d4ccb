"""How a message feels: distress, frustration or a complaint, so a reply acknowledges it first.

Distress has kinds (grief, a trauma, embarrassment, fear of a bad result, other people's
reactions, money worries), each acknowledged in its own words: a stock "sorry it's been
weighing on you" after "my mum died" or "is it weird to want this?" reads as not listening.
"""
from __future__ import annotations

import re
from typing import Optional

from bot.understanding.age import RELATIVES

#: "is that daft", "am i being silly wanting this": worried the wish itself is foolish
SILLY_TO_WANT = (r"(?:is (?:that|it|this)|am i (?:being)?|i feel|feel(?:ing)?|sounds?) (?:a bit |so |really |just )?"
                 r"(?:daft|silly|stupid|vain|shallow|ridiculous)(?! bot| thing| question| system)")
#: "keep chickening out", "been umming and ahhing since the summer": it took courage to write
HESITANT = (r"chicken(?:ing|ed)? out|lost my nerve|bottl(?:ed|ing) it|bottled out|umm?ing and ahh?ing|plucking up (?:the )?courage|"
            r"(?:finally )?(?:plucked|worked) up (?:the )?(?:courage|nerve)|been putting (?:it|this) off|talk(?:ed|ing) myself out of")
DISTRESS = re.compile(
    r"\b(" + SILLY_TO_WANT + r"|(?<!if i )(?<!if you )(?<!if they )hate[sd]?|hating|(?:wear|wearing|wore|cover|covering|keep|keeping)\b[^.?!]{0,40}\b(?:just )?to hide (?:it|them|my)|(?:always|still|constantly) hid(?:e|ing)|ashamed|shame|(?:really |very |so |quite |too |a bit )shy|embarrass\w*|self[\s-]?conscious|insecure|ugly|disgusting|horrible|awful|"
    r"(?:very|so|really|quite|a bit|always|super|too|painfully) conscious|very private person|nobody knows about (?:them|it)|"
    r"(?:make|making) (?:my|the) (?:scar|scars|it|them) worse|disappointing|(?:i was|i'?d been|was) (?:really |so |kind of |kinda )?hoping (?:for|to|before|it)|(?<!for )(?<!for my )(?<!with )(?<!treated for )depress\w*|anxious|(?<!for )(?<!for my )anxiety|scared|petrified|frightened|(?:biggest|my|a real) fear|fed up|sick of|tired of|afraid|terrified|nervous|worried|worry|upset|cry|crying|cried|"
    r"devastat\w*|can'?t look at|(?:wrecking|destroying|killing|eating) me|ruining my (?:life|confidence)|gutted|"
    r"miserable|struggl\w*|traumati\w*|heartbroken|sad|lost my|hard time|difficult time|broke(n)? me|"
    r"don'?t feel like (myself|a woman|a man)|feel(ing)? (like a freak|less|low|broken)|stares?|staring|stared|"
    r"desperate|can'?t (wear|swim|go out)|bother(s|ed|ing)? me|shaking|panic\w*|mortif\w*|dread\w*|"
    r"humiliat\w*|gutted|hurtful|cruel|nasty|bullied|bullying|pull(ed)? (their|his|her) hands? (back|away)|grie\w*|"
    r"died|passed away|passed (?:on|in|last|recently)|my late (?:husband|wife|partner|mum|mother|dad|father)|widow\w*|"
    r"lost (my|her|his) (mum|mom|mother|dad|father|sister|wife|husband|partner|son|daughter)|"
    r"attacked|assault\w*|abuse\w*|flashbacks?|glassed|stabbed|bottled|punched|(?:don'?t|do not) want to look like|"
    r"money'?s (?:\w+ ){0,2}tight|money is (?:\w+ ){0,2}tight|tight on money|"
    r"got covid|(?:i'?m|i am|been|feeling) (?:\w+ )?(?:ill|unwell|sick(?! of)|poorly)|in hospital|got (?:the )?flu|"
    r"(?:on|having|going through|in the middle of) (?:my )?chemo\w*|lost (?:all )?(?:of )?my hair|"
    r"can'?t (?:really )?afford|skint|struggling financially|get(?:ting|s)? me down|miss seeing (?:me|myself)|"
    r"miss (?:looking|feeling) like "
    r"(?:me|myself)|feel like (?:me|myself) again|(?:knocked|wreck\w*|kill\w*|destroy\w*|ruin\w*) my confidence|"
    r"lost my confidence|confidence (?:is |has )?(?:shot|gone|on the floor)|can'?t sleep|"
    r"(?:want|wants|wanted) to feel (?:normal|whole|like (?:me|myself|a woman|a man))(?: again)?|feel normal again|"
    r"breaks? my heart|heart ?breaking|in tears|into hospital|in (?:the )?hospital|in a&e|down the drain|"
    r"(?:got|has|have|with|running) a (?:high )?(?:temperature|temp|fever)|ruin(?:ing|s|ed) (?:me|my (?:life|confidence))|"
    r"can'?t look in (?:the )?mirror|can'?t (?:even )?leave the house|" + HESITANT + "|"
    r"(?:don'?t|dont|do not) want (?:anybody|anyone|nobody|people|my (?:boss|employer|colleagues|family))\b[^.?!]{0,25}"
    r"\b(?:know|knows|find out)|"
    r"(?:wouldn'?t|won'?t|can'?t|couldn'?t|don'?t|didn'?t|never) (?:even )?(?:take my (?:top|shirt|t-shirt) off|wear (?:a )?"
    r"(?:bikini|swimsuit|swimming costume|shorts|short sleeves|vest tops?|a vest|skirts?|dresses)|go (?:swimming|to the beach|"
    r"in the pool)|let (?:anyone|him|her|my \w+) see)|cancel (?:plans|nights out)|"
    r"(?:won'?t|don'?t|never) (?:go out|leave the house) without|kidding myself|is there (?:even )?any point(?! (?:if|in|doing|having|before|since|when|until|while|to)\b)|so (?:over|sick of|tired of) "
    r"(?:covering|hiding|wearing)|wear a (?:cap|hat) (?:24/7|all the time|every day)|hide (?:it|them) (?:all|every))"
    r"\b", re.IGNORECASE)
#: kinds of distress, each with its own acknowledgement; the first that matches is used
FEELINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("hesitant", re.compile(r"\b(?:" + HESITANT + r")\b", re.I)),
    ("letdown", re.compile(r"\b(disappointing|(?:i was|i'?d been|was) (?:really |so |kind of |kinda )?hoping (?:for|to|before|it))\b",
                           re.I)),
    ("grief", re.compile(r"\b(died|passed away|passed (?:on|in|last|recently)|my late (?:husband|wife|partner|mum|"
                         r"mother|dad|father)|widow\w*|grie\w*|funeral|lost (my|her|his) (mum|mom|mother|dad|father|sister|"
                         r"wife|husband|partner|son|daughter|baby))\b", re.I)),
    ("trauma", re.compile(r"\b(attacked|assault\w*|abuse\w*|domestic violence|stabbed|glassed|flashbacks?|"
                          r"don'?t ask (me )?about (it|what happened))\b", re.I)),
    ("privacy", re.compile(r"\b(?:don'?t|dont|do not) want (?:anybody|anyone|nobody|people|my (?:boss|employer|work|family|"
                           r"colleagues|partner|husband|wife|kids))\b[^.?!]{0,25}\b(?:know|knows|knowing|find out|see)\b|"
                           r"\bmy (?:boss|employer|manager|colleagues|work)\b[^.?!]{0,40}\b(?:know|knows|find out|see|found out)\b",
                           re.I)),
    ("accident", re.compile(r"\b(?:(?:came|fell|come|thrown|knocked) off (?:my|a|the|his|her) (?:bike|motorbike|motor bike|scooter|"
                            r"horse|bicycle)|(?:car|motorbike|bike|road|traffic|cycling|work|kitchen|climbing) (?:crash|accident|smash)|"
                            r"(?:an?|the|my|his|her|in an?) accident|crash(?:ed)?|rta|hit by a (?:car|van|bus|lorry)|windscreen)\b",
                            re.I)),
    ("hurt", re.compile(r"\b(bullied|bullying|hurtful|cruel|mean to (me|her|him)|kids (at school )?(are|were) "
                        r"(awful|horrible|nasty|cruel)|stares?|staring|stared|pull(ed)? (their|his|her) hands? "
                        r"(back|away)|like it'?s catching|comments?|people (look|ask|say))\b", re.I)),
    ("family_unwell", re.compile(r"\b(?:my|her|his|our) " + RELATIVES + r"(?:'s| has| is| was)? (?:been |just )?"
                                 r"(?:taken |rushed |admitted )?(?:into|in|to) (?:the )?(?:hospital|a&e)|\b(?:my|her|his) "
                                 + RELATIVES + r"(?:'s| is) (?:\w+ )?(?:ill|unwell|sick(?! of)|poorly)\b|\b(?:baby|little one|toddler|"
                                 r"kids?|" + RELATIVES + r")(?:'s|s'| has| have| is)? (?:got |had |running |come down with )?"
                                 r"(?:a (?:high )?(?:temperature|temp|fever)|covid|the flu|flu|a bug|a virus|chicken ?pox|"
                                 r"sickness|vomiting)\b", re.I)),
    ("illness", re.compile(r"\b((?:on|having|going through|in the middle of|with|after|from|finished) (?:my |the )?chemo\w*|lost (?:all )?(?:of )?my hair|"
                           r"(?:breast |skin )?cancer (?:treatment|diagnosis))\b", re.I)),
    ("unwell", re.compile(r"\b(got covid|(?:i'?m|i am|been|feeling) (?:\w+ )?(?:ill|unwell|sick(?! of)|poorly)|"
                          r"in hospital|got (?:the )?flu|come down with)\b", re.I)),
    ("money", re.compile(r"\b(money'?s (?:\w+ ){0,2}tight|money is (?:\w+ ){0,2}tight|tight on money|"
                         r"can'?t (?:really )?afford|cannot afford|skint|struggling financially|"
                         r"on a budget|single (mum|mom|parent)|benefits|low income)\b", re.I)),
    ("afraid", re.compile(r"\b(scared|afraid|terrified|petrified|frightened|nervous|worried|worry|fear\w*|anxious|panic\w*|dread\w*)\b"
                          r"[^.?!]{0,60}\b(look\w* (fake|bad|wrong|weird|like)|go wrong|mess\w* up|botch\w*|"
                          r"end up|turn out|hurt|pain|needles?)\b|\b(look\w* fake|bad smp|botched|comes? out wrong|goes? wrong|turns? out (?:wrong|badly)|"
                          r"(?:make|making) (?:my|the) (?:scar|scars|it|them) worse)\b", re.I)),
    ("embarrassed", re.compile(r"\b(mortif\w*|embarrass\w*|ashamed|shame|humiliat\w*|self[\s-]?conscious|very private person|nobody knows about (?:them|it)|(?:very|so|really|quite|a bit|always|super|too|painfully) conscious|is it weird|shy|"
                               r"silly question|vain|" + SILLY_TO_WANT + r")\b", re.I)),
    ("afraid", re.compile(r"\b(worried|worry|worries|nervous|anxious|scared|afraid|terrified)\b", re.I)),
)
#: about the price, in anger ("£450 to draw dots? a joke"): heard, then what the price covers
PRICE_DOUBT = re.compile(r"[£$€]\s?\d+[^.!?]{0,40}\bfor (?:some |a few |a bunch of )?dots\b|\b(joke|rip[\s-]?off|ripping|mugging|daylight robbery|extortionate|how can it cost|"
                         r"that'?s (a lot|mad|crazy|insane)|overpriced|too expensive|pricey)\b", re.I)
FRUSTRATION = re.compile(
    r"\b(ridiculous|useless|pointless|annoy\w*|frustrat\w*|fed up(?! (?:of|with))|(?:fed up|sick|tired) (?:of|with) (?:this|you|waiting|the bot|your|these|"
    r"being (?:asked|passed)|repeating|answering|asking)|stupid (?:bot|thing|system|answer|machine)|"
    r"(?:this|that)'?s? (?:is )?stupid|waste of time|not helpful|"
    r"unhelpful|you don'?t understand|not what i asked|already (told|said|asked)|answer (my|the) question|"
    r"for god'?s sake|wtf|ffs|seriously\?|(?:too|so|that'?s a lot of|loads of|lots of) (?:many )?questions|"
    r"(?<!sorry for )(?<!sorry about )(?<!sorry for asking )(?:enough|all these|all the|so many) questions)\b|(?<!omg)(?<!dream)(?<!amazing)(?<!thing)\?\?\?", re.IGNORECASE)
COMPLAINT = re.compile(
    r"(?<!\bno )(?<!\bnot a )\b(complain\w*|complaint|(?:want|demand\w*|asking for|ask for|get|give me|owed|due)(?: me)? (?:a |my |the )?(?:full )?refund|refund me|(?:want|get) my money back|botched|ruined|terrible (result|job|experience|service)|bad (result|job|"
    r"experience)|not happy with|unhappy with|disappointed|(?<!being )(?<!be )(?<!sound )(?<!sounding )rude|unprofessional|never came back|(?:no one|nobody|"
    r"no-one) (?:has |have |ever )?(?:called|replied|answered|got back|gotten back|responded|contacted|rang)|"
    r"never heard back|(?:haven'?t|have not|didn'?t) heard? (?:anything )?back|no reply|no response|"
    r"(?:you|u) (?:should|ought to)(?: have|'?ve| of)? (?:made|told|said|explained|warned|mentioned|asked)\b|"
    r"(?:nobody|no one|no-one|noone) (?:has |have |ever )?confirmed|"
    r"heard (?:absolutely |literally |still )?nothing|(?:nobody|no one|no-one|noone) (?:reply|replies|answer|respond)\w*|"
    r"bad (?:customer )?service|poor (?:customer )?service|terrible (?:customer )?service|"
    r"never (?:once )?(?:got|had|received) (?:a |any )?(?:reply|response|answer|call ?back)|"
    r"(?:nobody|no one|no-one) (?:ever )?(?:reads|answers|replies)|not impressed|never (?:once )?(?:called|rang|phoned)(?: me)?(?: back)?\b|"
    r"still waiting|went wrong|messed up|"
    r"(?:nobody|no one|no-one|noone) (?:turned|showed|came) (?:up|out)|(?:didn'?t|did not|never) (?:turn|show) up|stood me up|"
    r"(?:nobody|no one|no-one|noone|you) (?:ever )?(?:sent|send) (?:me )?(?:a |the |any )?(?:link|email|confirmation|reminder)|"
    r"never (?:got|received|had) (?:a |the |any )?(?:link|confirmation|reminder)|(?:the )?link never came|"
    r"(?:said|says|saying) i missed|"
    r"not happy|misleading|mislead|took (a|the) day off|wasted my|(?<!is it a )(?<!be a )(?<!is this a )waste of money|"
    r"was closed|no one was there|"
    r"nobody was there|charged me|overcharged|(?:got|been|was|were|feel|felt|getting) ripped off|"
    r"scammed|scarred me|legal action|trading standards|(?:sue|suing|take) (?:you|the studio)|"
    r"(?:compensation|refund) from (?:you|the studio))\b",
    re.IGNORECASE)


#: upset about work done somewhere else ("the last guy I went to…", "a salon did my scar"): not a complaint about
#: this studio, so it is heard and answered, never turned into "sorry about your experience with us"
ELSEWHERE = re.compile(
    r"\b(?:another|other|a different|previous|my old|the last|my last|last) (?:studio|place|salon|clinic|artist|guy|girl|woman|"
    r"lady|man|practitioner|company|tattooist)\b|\b(?:last|previous) (?:guy|girl|woman|lady|person|place|one) i (?:went|"
    r"saw|used)\b|\b(?:a|one) (?:place|salon|clinic|studio|lady|woman|guy|man) (?:in|at|near|on)\s+[A-Z\w]+[^.?!]{0,60}"
    r"\b(?:did|done|made|left|ruined)\b|\bsomeone else'?s\b|\b(?:a|one) ['‘\"]?paramedical['’\"]? (?:lady|woman|guy|"
    r"man|person)\b|\b(?:a|one) (?:salon|place|clinic) did\b|\bwent to (?:a|some|this|another) (?:salon|place|clinic|studio|"
    r"beautician)\b|\bpaid (?:a|another|some|one) (?:studio|place|salon|clinic|artist|tattooist)\b|"
    r"\b(?:done|had (?:it|them|mine) done|got (?:it|them|mine) done|did it) (?:somewhere else|elsewhere)\b|"
    r"\b(?:spent|paid|wasted|forked out|shelled out) (?:over |about |around |nearly |almost )?[£$€]\s?\d[\d,.]*k?\b"
    r"[^.?!]{0,20}\bon (?:laser|peels?|creams?|treatments?|microneedling|fillers?|\w+ (?:sessions|treatments))\b|\bat a (?:salon|beauty "
    r"salon|beauty place|nail bar|tattoo (?:shop|studio|parlou?r)|beautician'?s?)\b|"
    r"\b(?:(?:a|the|some|one|this|that) )?(?:\w+ )?(?:parlou?r|tattooist|tattoo artist|salon)\b[^.?!]{0,90}\b(?:butcher\w*|botch\w*|"
    r"ruin\w*|wreck\w*|messed up|blew out|blown out)", re.IGNORECASE)
_UPSET = re.compile(r"\b(furious|angry|livid|fuming|raging|gutted|mess|botched|butcher\w*|blown out|ruined|orange|blue|green|waste|"
                    r"hiding|hate|won'?t answer|ignor\w*|worse than before|look(?:s|ed)? worse|take my money|"
                    r"took my money)\b|😤|😡|🤬", re.IGNORECASE)
#: unhappy with a result ("more obvious than before", "I was told it would blend"): about the studio's own work, a
#: complaint (see :func:`bot.understanding.model.understand`, which knows whether the studio did the work)
DISSATISFIED = re.compile(r"\b(?:look(?:s|ed|ing)? worse|(?:even )?more (?:obvious|noticeable|visible)|worse than (?:before|it was)|"
                          r"(?:i was|we were|you|she|marta) (?:told|promised|said|assured) (?:me |us )?(?:it|they|that it) "
                          r"(?:would|will)|what (?:are|r) (?:you|u) (?:going to|gonna) do|not what i (?:paid for|was told|"
                          r"expected)|(?:really|so|very) (?:upset|unhappy|disappointed)|doesn'?t (?:blend|match)|"
                          r"don'?t (?:blend|match)|(?:lighter|darker|pinker|greyer|grayer) than (?:my|the) skin)\b",
                          re.IGNORECASE)
#: doubt about whether it works or is worth it, said outright
SCEPTICAL = re.compile(r"\b(?:be honest|honestly)\b[^.?!]{0,40}\b(?:does|will|is|would)\b[^.?!]{0,30}\b(?:work|real|worth)|"
                       r"\b(?:does|will|would) (?:it|this|this stuff|that|smp) (?:really |actually )work\b|"
                       r"\b(?:just|only) (?:instagram |insta )?filters?\b|\bfancy name\b|\bscam\b|\bsnake oil\b|"
                       r"\bgimmick\w*|\btoo good to be true\b|\blooks? (?:real|fake)\b[^.?!]{0,30}\b(?:up close|close up)\b|"
                       r"\bdrawn[\s-]on\b|\bnot convinced\b|\bsceptic\w*|\bskeptic\w*|\bconvince me\b|"
                       r"\bwhy would i pay\b|\bwhat'?s the point\b|\bwhats the point\b|\b(?:is there|what'?s) the catch\b|"
                       r"\bis there a catch\b|\bsell me (?:stuff|things)\b|\b(?:don'?t|do not) want to (?:get |be )?(?:ripped off|scammed|"
                       r"conned|mugged off)\b|\bcomparing\b[^.?!]{0,30}\b(?:studios|clinics|places|prices|quotes)\b",
                       re.IGNORECASE)
#: hope said outright, whatever was hard before it
HOPEFUL = re.compile(r"\b(?:i )?(?:feel|feeling|am|i'?m) (?:so |really |quite )?(?:hopeful|excited|positive)\b|"
                     r"\bfinally (?:feel|ready|doing|treating)\b|\bcan'?t wait\b|"
                     r"\bi'?d (?:so |really |just )?love to (?:feel|look|wear|be able)\b", re.IGNORECASE)
#: good news told with the question: a wedding, a baby, weight lost
OCCASION = re.compile(r"\b(?:getting married|my wedding|our wedding|(?:just )?got engaged|honeymoon|anniversary|"
                      r"lost (?:\d+|over \d+|a lot of)\s?(?:kg|kilos?|stone|st|lbs?|pounds|weight)|weight[\s-]?loss journey|"
                      r"new job|graduat\w*|just had (?:a|my|our) baby|had my baby|gave birth|retir(?:ing|ed) (?:soon|next|this))\b",
                      re.IGNORECASE)
#: a hard story told plainly, with no feeling word ("my wife had a mastectomy and radiotherapy", "a heart operation
#: two years ago"): heard in a few words before the facts, as a person would
ORDEAL = re.compile(r"\b(?:mastectom\w*|lumpectom\w*|(?:breast|skin|bowel|lung|throat) cancer|cancer|chemo\w*|"
                    r"radiotherapy|radiation (?:therapy|treatment)|heart (?:operation|surgery|op|bypass)|open[\s-]heart|"
                    r"(?:car|road|motorbike|bike|work|house) (?:crash|accident|fire)|crash|(?:was|got|been) (?:badly )?"
                    r"(?:burn(?:ed|t)|bitten|mauled|attacked)|dog (?:bite|attack)|scald(?:ed|ing)?|alopecia|transplant "
                    r"went wrong|emergency (?:c-?section|caesarean|surgery|operation)|(?:double|both) mastectom\w*|"
                    r"amputat\w*|intensive care|icu)\b", re.IGNORECASE)


#: a feeling word denied just before it ("nothing nasty", "not painful", "no worries")
_DENIED = re.compile(r"\b(?:nothing|not|no|never|isn'?t|wasn'?t|nothing too|not too|not at all)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _said(pattern: "re.Pattern[str]", text: str) -> bool:
    """Whether ``pattern`` is said and not denied ("my dermatologist says it's female pattern, nothing nasty")."""
    return any(not _DENIED.search(text[max(0, m.start() - 20):m.start()]) for m in pattern.finditer(text))


#: an operation or treatment done somewhere else that "went wrong": their story, no complaint to the studio
_PAST_PROCEDURE = re.compile(r"\b(?:surgery|op|operation|tummy tuck|tuck|procedure|abroad|overseas|hospital|surgeon|"
                             r"implants?|transplant|lipo\w*|bbl|c-?section|caesarean|birth|graft)\b[^.?!]{0,40}\b"
                             r"(?:went wrong|messed up|botched|ruined)\b", re.IGNORECASE)


#: their own apology for asking a lot ("sorry for all the questions lol"): politeness, never frustration
_SORRY_FOR_ASKING = re.compile(r"\bsorry (?:for|about) (?:asking )?(?:all |so many |too many |these |the |my )*(?:questions|"
                               r"q'?s)\b", re.IGNORECASE)


def tone_of(text: str) -> Optional[str]:
    """``"complaint"``, ``"frustration"``, ``"distress"`` or ``None``; a complaint outranks the others."""
    text = _SORRY_FOR_ASKING.sub(" ", text or "")
    if ELSEWHERE.search(text or "") and (_UPSET.search(text or "") or COMPLAINT.search(text or "")):
        return "distress"                       # feeling "elsewhere": heard, then their questions answered
    if COMPLAINT.search(text or "") and not (_PAST_PROCEDURE.search(text or "")
                                             and not COMPLAINT.search(_PAST_PROCEDURE.sub(" ", text or ""))):
        return "complaint"
    if FRUSTRATION.search(text or "") or PRICE_DOUBT.search(text or ""):
        return "frustration"
    if HOPEFUL.search(text or "") and not FEELINGS[0][1].search(text or "") and not FEELINGS[1][1].search(text or ""):
        return "hopeful"                        # "first time in ages i feel hopeful" after hard years: glad with them
    if _said(DISTRESS, text or ""):
        return "distress"
    if SCEPTICAL.search(text or ""):
        return "sceptical"                      # "does this stuff actually work or is it just filters": a fair question
    if OCCASION.search(text or ""):
        return "hope"                           # "getting married in September": a warm word first
    return None


def ordeal_told(text: str) -> bool:
    """Whether ``text`` tells of something hard lived through (an illness, an operation, an accident)."""
    return _said(ORDEAL, text or "")


def feeling_of(text: str) -> Optional[str]:
    """The kind of distress expressed (``elsewhere``, ``grief``, ``trauma``, ``hurt``, ``money``, ``afraid``, ``embarrassed``),
    ``price_doubt`` for anger at a price, or None; read only when :func:`tone_of` finds distress or frustration."""
    if ELSEWHERE.search(text or ""):
        return "elsewhere"
    for kind, pattern in FEELINGS:
        if pattern.search(text or ""):
            return kind
    return "price_doubt" if PRICE_DOUBT.search(text or "") else None
