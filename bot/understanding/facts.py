"""Facts a visitor states about their own case, wherever in a message they say them.

"I'm breastfeeding and my c-section scar is 4 months old, still pink" states a
concern, an area, an age of the scar, that it is still healing and that she is
breastfeeding. Only clear statements count; a negated one ("not pregnant") is a
``False``, a mention in the past ("stopped roaccutane last year") says nothing.
The term lists here are the only ones: the intake's health screen uses them too.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from bot.booking.when import without_busy
from bot.nlp.readable import PARTIAL_ERASURE
from bot.nlp.vocabulary import load_vocabulary
from bot.understanding.age import RELATIVES
from bot.understanding.tone import ELSEWHERE

#: the intake's health-screen questions and the words that name what each asks about
HEALTH_TERMS: dict[str, tuple[str, ...]] = {
    "pregnant_or_breastfeeding": ("pregnan", "breastfeed", "breast feed", "breast-feed", "nursing", "expecting a baby"),
    "anticoagulants": ("blood thinner", "blood-thinner", "anticoagul", "warfarin", "apixaban", "rivaroxaban",
                       "eliquis", "xarelto", "heparin", "clopidogrel", "dabigatran", "pradaxa", "edoxaban",
                       "coumadin", "plavix", "aspirin", "ticagrelor", "brilique", "prasugrel", "sintrom",
                       "acenocoumarol", "phenindione", "enoxaparin", "clexane", "tinzaparin", "dalteparin", "fragmin"),
    "diabetes": ("diabet",),
    "chemo_radio": ("chemo", "radiotherapy", "radiation", "radio therapy"),
    "isotretinoin": ("isotretinoin", "roaccutane", "accutane", "roacutan"),
    "allergies": ("allerg", "nickel", "latex"),
    "keloid_history": ("keloid",),
}

CLAUSE = re.compile(r"[.;,!?\n]+|\bbut\b|\bthough\b|\bhowever\b|\bso\b|\b(?:the )?only thing is\b|\bthing is\b|"
                    r"\bplus\b|\balso\b")
NEGATION = re.compile(r"\b(not|no|never|neither|nor|without|isn't|aren't|don't|doesn't|haven't|hasn't|wasn't|"
                      r"weren't|dont|doesnt|havent|hasnt|isnt|arent)\b|n't\b")
#: time words make a mention ambiguous ("stopped breastfeeding in May")
PAST = re.compile(r"\b(stopped|finish|finished|used to|ago|last year|anymore|any more|no longer|until|quit|came off|"
                  r"off it|in the past|years back)\b")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple of": 2, "few": 3,
                 "couple": 2, "half a": 0.5}
_AGE_OF_THING = re.compile(
    r"(?<!every )(?<!each )\b(\d{1,2}(?:[.,]5)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple of|couple|"
    r"few|half a)\s*(?:and a half\s+)?(weeks?|wks?|months?|mths?|mos?|years?|yrs?)\s*(?:and a half\s+)?"
    r"(ago|old|back|since|post|after|now|on)\b(?!\s+(?:that|this|it|the op\w*|surgery|man|woman|person|guy|lady|male|female|"
    r"son|daughter|boy|girl|mum|mother|dad|father|husband|wife|patient|client|gentleman)\b)", re.IGNORECASE)
_STILL_HEALING = re.compile(
    r"\bstill\s+(?:quite\s+|a bit\s+|very\s+|pretty\s+|really\s+|kind of\s+|a little\s+)?(red|pink|purple|raised|"
    r"healing|sore|fresh|scabb\w*|tender|angry|inflamed|lumpy|itchy|dark red)\b|\b(fresh|new|recent) scar\b|"
    r"\b(?:and|but|is|it'?s|its|looks?|quite|very|a bit)\s+(?:dark |bright |deep |angry )?(?:red|pink|purple)(?:-?ish|dish)?"
    r"\s*(?:$|[.,!?]|\s+(?:and|n|&)\s+(?:itchy|raised|sore|lumpy|tender|hard)\b)",
    re.IGNORECASE)
#: pregnant or breastfeeding now ("I'm 20 weeks pregnant", "still breastfeeding"), not a pregnancy in the past
PREGNANT_NOW = re.compile(r"\b(?:i'?m|i am|im|currently|now|still|we'?re)\s+(?:\w+\s+){0,3}?(?:pregnant|expecting)\b|"
                          r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine)\s*(?:weeks?|wks?|months?)\s+(?:pregnant|"
                          r"gone)\b|"
                          r"\bpregnant (?:now|at the moment|right now)\b",
                          re.IGNORECASE)
BREASTFEEDING_NOW = re.compile(r"\b(?:i'?m|i am|im|currently|now|still)\s+(?!(?:\w+\s+){0,2}?(?:done|finished|stopped|"
                               r"through|not|no longer|past)\b)(?:\w+\s+){0,2}?(?:breast[\s-]?feeding|"
                               r"nursing|bf)\b|\bstill (?:nursing|feeding)\b|\b(?:breast[\s-]?feeding|nursing) (?:my|him|her|the baby|at the moment|"
                               r"right now|now)\b", re.IGNORECASE)
_BOTH_SIDES = re.compile(r"\b(both|two|2)\s+(sides?|breasts?|nipples?|areolas?|areolae|boobs?)\b"
                         r"(?!\s+or\s+(?:just\s+)?(?:one|1|a single)\b)|\bdouble\s+"
                         r"mastectomy\b|\bbilateral\b|\bboth of them\b|\bpair\b", re.IGNORECASE)
_SELF_HARM = re.compile(r"\bself[\s-]?harm\w*|\bself[\s-]?inflicted\b|\b(?:i )?did (?:it |them |this |that )?(?:to|on) "
                        r"myself\b|\bi (?:used to )?cut (?:myself|my arms?|"
                        r"my legs?|my wrists?)\b|\bcutting scars?\b|\bwhen i was (?:depressed|unwell)\b.{0,40}\bscars?\b|"
                        r"\b(?:covered in|lots of|old) cuts\b|\bcuts (?:from|on my (?:arms?|thighs?|legs?|wrists?))\b",
                        re.IGNORECASE)
_BURN = re.compile(r"(?<!always )(?<!never )(?<!usually )(?<!often )(?<!sometimes )(?<!rarely )"
                   r"\bburn(?:s|ed|t)?\b(?!\s+(?:easily|a bit|quickly|in the sun|then tan|and (?:never|rarely|don'?t|"
                   r"then) tan|never|always))",
                   re.IGNORECASE)
SUN_BURN = re.compile(r"\b(?:always|never|sometimes|easily|rarely|usually|hardly ever|don'?t|do not)\s+(?:really\s+|ever\s+|"
                       r"actually\s+|tend to\s+)?burn|\bgo(?:es)? (?:brown|dark)\b|\bburn\w*\s+(?:easily|in the sun|(?:\w+ ){0,3}in the sun|"
                       r"then tan|a bit|quickly)|\bsunburn", re.IGNORECASE)
_SPREADING = re.compile(r"(?<!no )(?<!any )\b(still\s+)?(spreading|getting bigger|growing|new patch(?:es)?|more patches|new spots?|"
                        r"new white (?:patch|spot)\w*|new (?:little |small |tiny )?(?:patch|spot)\w*|active)\b|"
                        r"\b(?:patch|spot)\w* (?:appeared|came|showed up|popped up|has appeared)\b",
                        re.IGNORECASE)
_STABLE = re.compile(r"\b(stable|hasn'?t (?:changed|spread)|not (?:spreading|changed)|no new (?:patch\w*|spots?)|same for|"
                     r"nothing new)\b",
                     re.IGNORECASE)
#: a new patch within the last months: not stable, whatever else stayed the same
_RECENTLY = (r"(?:this (?:summer|year|spring|autumn|winter|month|week)|in the (?:summer|spring|autumn|winter)|last "
             r"(?:month|week|summer|spring|autumn)|recently|lately|(?:\d+|a|one|two|three|four|five|six|few|couple of) "
             r"(?:weeks?|months?) ago)")
_NEW_LATELY = re.compile(r"(?<!no )(?<!any )\bnew (?:little |small |tiny )?(?:white )?(?:patch|spot)\w*\b[^.?!]{0,50}\b"
                         + _RECENTLY + r"|\b" + _RECENTLY + r"\b[^.?!]{0,30}\b(?<!no )new (?:little |small |tiny )?"
                         r"(?:white )?(?:patch|spot)", re.IGNORECASE)
#: signs that need a doctor now, never a reassuring answer
URGENT_SIGNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("infection", re.compile(
        r"\b(oozing|ooze|oozes|pus|puss|weeping|smelly|smells|red streaks?|red lines?|(?<!hay )fever|feverish|temperature of|"
        r"yellow\w* (?:stuff|fluid|liquid|discharge|gunk|goo)|green\w* (?:stuff|fluid|discharge|gunk)|leak\w* (?:yellow\w*|"
        r"green\w*|pus|fluid|stuff|gunk)|discharg\w*|(?:got|have|running|i'?ve got) a (?:high |bit of a )?temp(?:erature)?|"
        r"red[\s-]hot|hot to the touch|abscess|shivery|shivering|chills|yellow stuff|green stuff|red and hot|hot and red|"
        r"(?:there'?s|theres|there is|a|bad|funny|horrible|awful) (?:a )?smell|smell(?:s|y|ing)? (?:bad|funny|off|awful))\b|"
        r"\b(?:3[89]|40)(?:[.,]\d)?\s*(?:°|degrees|c\b)|\b(?:3[89]|40)[.,]\d\b|"
        r"\b(hot|warm)\b.{0,40}\b(swollen|swelling|throbbing)\b|"
        r"\b(swollen|swelling)\b.{0,40}\b(hot|warm|oozing|pus|throbbing)\b|"
        r"\b(is|looks|think it'?s|think its|it'?s|got|gotten|become|became)\s+(really\s+|very\s+)?infected\b",
        re.IGNORECASE)),
    ("self_harm", re.compile(r"\b(cut|hurt|harmed|burn(?:ed|t)) myself (?:again |last night|yesterday|today|this "
                             r"(?:morning|week)|tonight|just now)|\b(want|going) to (?:hurt|kill) myself\b|"
                             r"\bsuicid\w*|\bend (?:it all|my life)\b", re.IGNORECASE)),
    ("allergic", re.compile(r"\b(can'?t|cannot|struggling to|hard to) breathe\b|"
                            r"\b(?:hard|difficult|struggling|trouble|difficulty|can'?t|cannot|unable) (?:to )?swallow\w*|"
                            r"\btongue\b[^.?!]{0,25}\b(?:swell\w*|swollen)\b|\bthroat (is )?(swelling|closing)\b|"
                            r"\banaphyla\w*\b(?!\s*(?:level|history|risk|allerg\w*|to\b|\)))|\b(lips?|eyes?|face|tongue)\b[^.?!]{0,25}\b(swell\w*|swollen|puff\w*)\b"
                            r"[^.?!]{0,60}\b(chest|breath\w*|wheez\w*)|\bchest (feels |is |going )?tight|"
                            r"\bthroat\b[^.?!]{0,20}\b(tight\w*|swell\w*|swollen|closing)|\btight\w* throat\b|"
                            r"\b(face|lips?|tongue|eyes?|eyelids?)\b[^.?!]{0,30}\b(swell\w* up|swollen up|puff\w* up)\b|"
                            r"\b(face|lips?|tongue|eyes?)\s+(?:is|are|'s|has|have|keeps?|started|got|went)\s+"
                            r"(?:\w+\s+){0,2}(swell\w*|swollen)\b[^.?!]{0,60}"
                            r"\b(tingl\w*|itch\w*|rash|numbing|cream|after)\b|"
                            r"\b(lips?|tongue|mouth)\b[^.?!]{0,15}\btingl\w*[^.?!]{0,40}\b(swell\w*|swollen)\b|"
                            r"\b(lips?|face|tongue|eyelids?)\b[^.?!]{0,12}\b(?:also |now |all |getting |gone |are |is |so )*"
                            r"(?:puffy|puffed|swollen|swelling)\b(?![^.?!]{0,30}\b(?:normal|expected|usual)\b)|"
                            r"\bhives\b", re.IGNORECASE)),
    ("bleeding", re.compile(r"\b(bleeding|bleeds|bled)\b.{0,30}\b(won'?t|wont|doesn'?t|does not|will not|not)\s+"
                            r"stop|\b(won'?t|wont|can'?t) stop (the )?bleeding|\bheavy bleeding\b|\bstill bleeding\b|"
                            r"\bbleeding (?:through|thru)\b|\bkeeps? bleeding\b|\b(?:through|thru) (?:\d|two|three|four|five|"
                            r"several|loads of) (?:plasters|bandages|dressings|towels|tissues)\b|"
                            r"\bbleeding (?:for|since) (?:over |more than |about |nearly )?(?:an? |half an |\d+ |two |three )"
                            r"?(?:hour|hours|hrs?|mins?|minutes)\b|\bbeen bleeding (?:for|since)\b", re.IGNORECASE)),
    ("sore", re.compile(r"\b(?:sore|wound|scab|ulcer|patch|spot|cut|graze|gash|blister)\b[^.?!]{0,80}\b(?:keeps? (?:crusting|scabbing|bleeding|"
                        r"opening|weeping|breaking)|won'?t heal|will not heal|isn'?t healing|not healing|doesn'?t heal|"
                        r"(?:won'?t|wont|will not|doesn'?t|isn'?t|not) (?:close|closing)(?: up)?|"
                        r"never (?:heals|healed)|hasn'?t healed|still (?:not|hasn'?t|has not) healed|crust\w* (?:over )?and bleed\w*)", re.IGNORECASE)),
    ("mole", re.compile(r"\bmole\b.{0,120}\b(chang\w*|grow\w*|got bigger|getting bigger|bleed\w*|itch\w*|darker|"
                        r"irregular)\b|\b(chang\w*|grow\w*|bleed\w*)\b.{0,30}\bmole\b", re.IGNORECASE)),
    ("lump", re.compile(r"\b(new |hard |growing )?lump\b.{0,80}\b(wasn'?t there|new|appeared|growing|hard|sore|"
                        r"painful|dimpl\w*)\b|\b(found|noticed|felt|feel|there'?s|there is|there'?s been|there has been|"
                        r"i'?ve (?:got|found|noticed|felt)) a (?:new |hard |small |little )*lump\b", re.IGNORECASE)),
)
#: a question about risks in general ("could it get infected?") is not an emergency
_HYPOTHETICAL = re.compile(r"\b(could|might|may|would|what if|risks?|chances?|possible|how do i know|how would i "
                           r"know|avoid|prevent|in case|signs of|what happens if|ever)\b", re.IGNORECASE)
#: a day or a clock time named for a visit ("can I come thursday at 18:30?", "Sunday 11am possible?")
_DAY_WORDS = re.compile(r"\b(?:mon|tue|tues|wed|weds|wednes|thu|thur|thurs|fri|satur|sun)days?\b|\b(?:mon|tue|tues|wed|weds|thu|"
                        r"thur|thurs|fri)s?\b|(?<!the )(?<!\bi )(?<!\bwe )(?<!he )\b(?:sat|sun)\b|\btomorrow\b|\btmrw?\b|"   # not "in the sun"
                        r"\b2moro\b|\btoday\b|\btonight\b|\bnext week\b|\bthis week\b|\bweekend\b|"
                        r"\b\d{1,2}(?:st|nd|rd|th)\b", re.IGNORECASE)
_CLOCK = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)\b|\b\d{1,2}[:.]\d{2}(?:ish)?\b|\bhalf (?:past )?\w+|"
                    r"\bquarter (?:past|to|after) \w+|"
                    r"\bnoon\b|\bafter work\b|\bfirst thing\b|"
                    r"\bmidday\b|\bat (?:[01]?\d|2[0-3])\b(?!\s*(?:years?|yrs?|y/?o|weeks?|months?|%|kg))|"
                    r"(?<!good )(?<!gud )\b(?:morning|afternoon|evening|lunchtime)\b", re.IGNORECASE)   # not "Good afternoon"
_VISIT_WORDS = re.compile(r"\b(?:come|come in|get in|pop in|book|booking|appointment|appt|slot|available|availability|free|"
                          r"possible|space|consult\w*|see (?:you|me|her|marta)|fit me in|squeeze me in|visit|"
                          r"reserve|any chance|how about|what about|(?:can|could) (?:i|we) do|works? for me|"
                          r"make it (?=on\b|for\b|at\b|earlier|later|instead|\d)|instead|"
                          r"suits? me)\b", re.IGNORECASE)


#: asking what something costs, however briefly ("areola both sides £?", "and how much for the hand")
_PRICE_WORDS = re.compile(r"£|€|\$|\bprices?\b|\bpricing\b|\bcosts?\b|\bcosting\b|\bhw much\b|\bhow mch\b|"
                          r"how much(?! (?:it|this|that|they|he|she|i|you) (?:bothers?|affects?|upsets?|means?|hurts?|"
                          r"matters?|gets? to|worr\w*|love|hate|want|miss|care|struggle)\b)(?! (?:it |this |that )?"
                          r"(?:bothers|affects|upsets|means|worries) )|\bfees?\b|\bcharge\b(?! (?:more|extra for (?:the )?name))|"
                          r"\bquoted?\b(?!\s*(?:['\"‘“]|there|that|unquote|end quote|it|he|she|they|we|you|i|this|the (?:doctor|gp|surgeon|consultant)))(?<!end quote)|"
                          r"\bexpensive\b|\bthe total\b|\ball in\b(?! one\b)|"
                          r"\b(?:would|will|does|did|it|that|this|what(?:'?d| would| does)?(?: it| that| this)?|total) c(?:o|a)me to\b|\bafford\w*|\bin total\b|\btotal cost\b|what am i looking at|"
                          r"\bballpark\b|\bdiscounts?\b|\bpay(?:ing)? for (?:one|both|each|two|a single)\b|\b\d{2,4} (?:a|per) (?:go|time|pop)\b",
                          re.IGNORECASE)


#: services the studio does not offer, named outright (never "eyebrow" alone: a scar can be there)
OTHER_SERVICES: tuple[tuple[str, "re.Pattern[str]"], ...] = (
    ("business", re.compile(r"\b(?:are (?:you|u) hiring|hiring|job vacanc\w*|any vacancies|vacancy|apprenticeships?|"
                            r"(?:run|offer|do|teach) (?:any )?(?:courses|training courses?|classes)|train (?:me|people)|"
                            r"work for (?:you|u)|wholesale|supplier of pigments|seo|marketing services)\b",
                            re.IGNORECASE)),
    ("scar_removal", re.compile(r"\b(?:remove|removing|removal of|get rid of|cut out|cut off|flatten|shrink)\s+"
                                r"(?:my |the |a |this |that |these )?(?:\w+ )?(?:keloids?|scars?)\b|"
                                r"\b(?:keloid|scar) removal\b", re.IGNORECASE)),
    ("skin_lightening", re.compile(r"\b(?:melasma|hyperpigment\w*|skin lighten\w*|skin bleach\w*|"
                                   r"(?:lighten|bleach)\w*\s+(?:my |the |these |those |her |his )?(?:skin|dark|patch|"
                                   r"spot|face|areas?|marks?|freckles?)\w*|"
                                   r"dark (?:acne |pigment )?(?:patch|spot|mark)\w*|age spots?|sun spots?|"
                                   r"pigmentation spots?|make (?:them|it|my \w+) (?:lighter|less dark)|"
                                   r"(?:post[\s-]?inflammatory|acne) (?:marks?|pigmentation)|pih)\b",
                                   re.IGNORECASE)),
    ("skin_treatments", re.compile(r"\b(?:micro-?needling|derma ?roller|chemical peels?|radio ?frequency|subcision|"
                                   r"steroid injections?|silicone gel|scar creams?|cryotherapy|"
                                   r"inject\w* (?:my |the |a |this |that |her |his )?(?:\w+ )?(?:keloids?|scars?)|"
                                   r"(?:keloids?|scars?) (?:\w+ )?injections?)\b", re.IGNORECASE)),
    ("tattoo_design", re.compile(r"\b(?:tattoo (?:designed|design|over it|on top)|handwriting (?:\w+ ){0,6}tattoo\w*|"
                                 r"(?:her|his|my \w+'?s) handwriting|(?:rose|flower|floral|design|"
                                 r"script|name|portrait|butterfly|decorative|colourful|colorful) tattoo|"
                                 r"cover[\s-]?up tattoo|(?<!just a )(?<!only a )(?<!or a )(?<!like a )tattoo artist|tattoo (?:a |an |some )?(?:\w+ ){0,2}"
                                 r"(?:flowers?|roses?|designs?|patterns?|vines?|feathers?|butterfl(?:y|ies)|pictures?|artwork)|"
                                 r"(?:flower|floral|rose|butterfly|vine|feather) (?:design|pattern|piece))\b",
                                 re.IGNORECASE)),
    ("removal", re.compile(r"\b(?:(?:cover|hide|camouflage|conceal|blend)(?: up| over)? (?:a|my|an old|an|the|this|her|his) "
                           r"(?:\w+ )?tattoo\b(?! (?:artist|shop|studio))|laser\w*|tattoo removal|remove (?:a|my|an old|the) tattoo|removing (?:a|my|an "
                           r"old|the) tattoo|remov\w* (?:\w+ ){0,2}tattoos|get rid of (?:\w+ ){0,3}tattoos?|hair removal|tattoo\w* (?:\w+ ){0,4}(?:(?<!edge )off|removed|faded|lightened))\b",
                           re.IGNORECASE)),
    ("makeup", re.compile(r"\b(?:microblad\w*|nanoblad\w*|powder brows?|ombre brows?|lip blush\w*|lip blushing|"
                          r"(?:do you|do u|can you|can u) do (?:eye)?brows|"
                          r"eyeliner|lash (?:lift|extensions?)|permanent make-?up|pmu)\b",
                          re.IGNORECASE)),
    ("aesthetic", re.compile(r"\b(?:botox|fillers?|lip filler|anti-?wrinkle|profhilo|skin boosters?|injectables?|"
                             r"face ?lifts?(?!\s+scars?)|injections? (?:that|to) (?:smooth|fill|get rid of)|wrinkle injections?)\b",
                             re.IGNORECASE)),
    ("hair", re.compile(r"\b(?<!had a )(?<!had an )(?:hair transplant|minoxidil|finasteride|prp|transplant in turkey|"
                        r"turkey for a transplant|fue|hair grafts?|\d[\d,]* grafts|hair transplants|(?:do|does) (?:you|u) do transplants?)\b(?![^.?!]{0,60}"
                        r"\bscars?\b)", re.IGNORECASE)),
    ("skin_tightening", re.compile(r"\b(?:tighten\w*|loose skin|saggy|sagging|excess skin|skin removal|"
                                   r"tummy tuck|lift (?:the|my) skin)\b", re.IGNORECASE)),
    ("diy", re.compile(r"\b(?:do(?:ing)? it (?:my ?self|at home)|diy|home kit|sell (?:the |your |me )?(?:numbing|"
                       r"pigments?|creams?|kits?|machines?|needles?)|buy (?:the |your )?(?:numbing|pigments?|kits?|"
                       r"machines?))\b", re.IGNORECASE)),
    ("health", re.compile(r"\brecommend (?:a |any |me a |me any |someone|somebody)?(?:good |decent )?(?:dermatologist|derm|"
                          r"doctor|gp|surgeon|plastic surgeon|skin specialist|specialist)\b|"
                          r"\b(?:treat|cure|clear|help with) (?:my |the )?(?:active )?acne\b(?! scar)|"
                          r"\bacne (?:right now|at the moment|flare)|\b(?:inflamed|infected) spots\b", re.IGNORECASE)),
    ("health", re.compile(r"\b(?:bump|lump|rash|spots?|blister|growth)\b.*\bwhat (?:is|could) (?:it|this|that)\b|"
                          r"\bwhat (?:is|could) (?:it|this|that) be\b|\bis (?:it|this|that) vitiligo\s*\?|\b(?:diagnose (?:it|this|me|my \w+)|(?:give|get) (?:me )?a diagnosis|"
                          r"can (?:you|u) diagnose|which cream|what cream|"
                          r"what creams)\b|\btell me what (?:it|this|that) is\b|\bis (?:it|this|that) (?:\w+ ){0,2}(?:vitiligo|fungal|"
                          r"eczema|psoriasis|a keloid|cancer|melanoma|a fungus)\b[^.?!]{0,25}\bor\b|"
                          r"\b(?:what|how) (?:is|are) (?:these|they|it|this)\b[^.?!]{0,20}\b(?:patch|patches|spots?)\b|\bwhat(?:'s| is) this (?:rash|spot|lump|"
                          r"bump|mark)\b|\b(?:look at|check) (?:a |my )?(?:photo|"
                          r"pic\w*|picture) of (?:my|a|this) (?:rash|mole|spot|lump|bump)", re.IGNORECASE)),
)
_PAIN_WORDS = re.compile(r"(?<!\ba )(?<!\bsuch a )(?<!\bbit of a )(?<!\breal )(?<!\bbig )"     # "…is a pain": a nuisance
                         r"\b(?:pain|painful|hurt|hurts|hurting|sore during|sting|stings|numbing|numb)\b|"
                         r"\b(?:scared|afraid|terrified|phobi\w*|hate|nervous)\b[^.?!]{0,20}\bneedles?\b",
                         re.IGNORECASE)

#: another treatment the visitor is having, asked about alongside camouflage ("can I do it in between the laser
#: sessions?", "would botox affect the camouflage?"): the timing is planned with the practitioner
_ALONGSIDE = re.compile(r"\b(?:laser|fraxel|botox|fillers?|microneedling|peels?|hair transplant|fue|injections?|"
                        r"removal|radiofrequency|ipl)\b[^?]{0,120}\b(?:in between|between|at the same time|affect|"
                        r"interfere|space (?:them|it) out|how long apart|gap|alongside|combine|finish (?:first|it first)|"
                        r"before or after|first or)\b|\b(?:in between|between|around) (?:the |my |two )?(?:laser|fraxel|"
                        r"botox|filler|microneedling|peel|injection)\w*", re.IGNORECASE)


#: "is this something you deal with?", "can you help?" after work done elsewhere: a question about that work
_HELP_WITH_IT = re.compile(r"\b(?:something|anything) (?:you|u) (?:deal with|do|see|help with|can (?:help|fix|do))\b|"
                           r"\b(?:can|could) (?:you|u) (?:help|fix it|fix this|do anything|sort it)\b", re.IGNORECASE)


#: topics a question names in plain words, whatever the classifier made of the sentence; each has its answer
#: body areas visitors ask about by name ("do you do knees?")
AREA_WORDS = (r"(?P<area>knees?|elbows?|hands?|arms?|forearms?|legs?|shins?|face|cheeks?|necks?|chest|backs?|feet|foot|"
              r"ankles?|shoulders?|tummy|tummies|stomach|belly|hips?|thighs?|bums?|buttocks|breasts?|wrists?|fingers?|"
              r"scalp|head)")


def area_asked(text: str) -> Optional[str]:
    """The body area named in "do you do knees?", as said."""
    for _, pattern in ASKED_TOPICS:
        if _ == "area_treated" and (match := pattern.search(text or "")):
            return match.group("area").lower()
    return None


#: undressing for a video consultation ("do i have to take my shirt off on the video call?"): not in the sources
ON_CAMERA_UNDRESSED = (r"(?:(?:shirt|top|clothes|bra) off|undress\w*|topless)\b[^.?!]{0,30}\b(?:video|camera|cam|call|"
                       r"online|zoom|facetime)|\bshow (?:my |the |her |his )?(?:chest|breasts?|boobs?|body|scars?) "
                       r"(?:on|over|to the) (?:camera|video|cam|the call|the video)")
#: a price asked by someone who says they are a student or a pensioner: whether there is a discount is the question
#: ("how much for a scar im a studnet lol"); the sources name none
_DISCOUNT_ASKED = (r"(?:stud[a-z]{2,4}t|pensioner|oap)s?\b[^.?!]{0,40}\b(?:how much|prices?|costs?|afford\w*)\b|"
                   r"\b(?:how much|prices?|costs?|afford\w*)\b[^.?!]{0,40}\b(?:i'?m|im|i am|as) (?:a |only a |just a |a poor )?"
                   r"(?:uni |university |college )?(?:stud[a-z]{2,4}t|pensioner|oap)\b")
#: paying bit by bit, in the words people use ("instalments", "split the cost", "divide in 3 times")
INSTALMENTS = (r"payment plans?|instal+ments?|split (?:the )?(?:payment|cost|price|bill)|"
               r"pay (?:it )?(?:monthly|in (?:parts|bits|chunks|stages|\d|two|three))|"
               r"(?:divide|split|separate) (?:the |it |this )?(?:payment |price |cost )?in(?:to)? (?:\d|two|three|four|parts|"
               r"times|payments)|pay (?:in|by) (?:\d|two|three|four) (?:times|parts|payments)")
ASKED_TOPICS: tuple[tuple[str, "re.Pattern[str]"], ...] = (
    ("consultation", re.compile(r"\b(?:is )?the consult(?:ation)? (?:is |'s )?(?:actually |really |definitely |honestly )?free\b|"
                                r"^\W*(?:and |so |but )?(?:is )?(?:it'?s|its|it is|that'?s|thats) (?:actually |really |still )?free"
                                r"(?: (?:yeh|yeah|yea|ya|right|innit|though|tho|too|then))?\W*$|"
                                r"\bhow long (?:is|does|will|would) (?:an?|the|my) (?:free |first )?(?:consult(?:ation)?|"
                                r"appointment|appt)\b|"
                                r"\bwhat (?:actually |exactly )?happens (?:at|in|during) (?:the|a|my) (?:free |first )?"
                                r"(?:consultation|consult|appointment)\b|\bwhat(?:'s| is) the (?:free )?consultation like\b",
                                re.IGNORECASE)),
    ("permanence", re.compile(r"\b(?:does|will|would|do) (?:it|they|the (?:colou?r|pigment|results?)|smp|this|that) "
                              r"(?:actually |really |even )?last(?! (?:week|month|year|time|session))\b|"
                              r"\bwash(?:es)? (?:off|out|away)\b|\brub(?:s)? off\b|\bcome off in the (?:shower|bath|water|sea)\b|"
                              r"\bhow long (?:does|will|would) (?!(?:a|the|one|each|every|1|my|your) (?:\w+ )?(?:session|"
                              r"appointment|visit|consult\w*|treatment)s? (?:last|take)\b)"
                              r"(?:it|the (?:\w+ ){0,2}|\w+ \w+ |\w+ )?(?:last|stay)\b|"
                              r"\b(?:whether|if|is) (?:the )?(?:result|it|this|the pigment|the colour)s? (?:is |are |will be |"
                              r"would be )?permanent\b|\b(?:is|are) (?:the )?(?:\w+ ){1,2}(?:camouflage|micropigmentation|smp|"
                              r"treatment|pigment|colou?r|results?) (?:\w+ )?permanent\b|"
                              r"\bbefore it (?:has|needs) to be (?:re-?done|topped up|touched up)\b|"
                              r"\b(?:stuck (?:with it |there |with them )?forever|(?:stay|last)s? forever|there for ever|"
                              r"is it for ever|grow (?:it|my hair) out)\b", re.IGNORECASE)),
    ("location", re.compile(r"\bwhere (?:exactly )?(?:are you|you are|is the studio|is it|r u|are u)\b(?! (?:open|free))|"
                            r"\b(?:situated|located|your address|ur adress|ur address|the address|address|adress)\b",
                            re.IGNORECASE)),
    ("minimum_age", re.compile(r"\b(?:minimum|min) age\b|\bhow old do (?:i|you|u) (?:have|need) to be\b|"
                               r"\b(?:too young|old enough|under ?age)\b|\bwhat ages?\b(?! (?:is|was) (?:the|my|it))|\bage range\b|"
                               r"(?<!upper )\bage limit\b", re.IGNORECASE)),
    ("no_upper_age", re.compile(r"\btoo old\b|\bupper age\b|\bmaximum age\b|\bis there an age\b|"
                                r"\bdifference (?:that|if) i(?:'m| am) \d{2}\b|\bat my age\b|\bat (?:her|his) age\b|"
                                r"\b(?:silly|stupid|daft|ridiculous|vain|mad) (?:at|for (?:a|someone)) (?:my age|\d{2})\b|"
                                r"\btoo late (?:for (?:me|this|it|the)|at \d{2})\b",
                                re.IGNORECASE)),
    ("not_judged", re.compile(r"\b(?:will|would|do|does|are) (?:you|u|they|she|people|ppl|the staff) (?:\w+ )?judge\b|"
                              r"\bjudg(?:e|ed|ing) me\b|\bthink (?:badly|less|bad things) of me\b|"
                              # "would you even take someone like me?"
                              r"\b(?:would|will|do|does|can|could) (?:you|u|she|the studio) (?:even |still |actually )?(?:take|treat|"
                              r"accept|see|work with|help) (?:someone|somebody|people|a person|anyone|a guy|a girl|a woman|a man) "
                              r"like (?:me|us|that|her|him|them)\b", re.IGNORECASE)),
    ("healing_wait", re.compile(r"\b(?:is it|am i|it'?s|is that) (?:too|a bit|still) (?:early|soon)\b|\btoo (?:early|soon) "
                                r"(?:for me|to)\b|\b(?:when|how soon) (?:can|could|would|will|do|should) (?:i|we|she|he|they) "
                                r"(?:start|begin|go ahead|get (?:it|this|them) done|have (?:it|this|them) done|come in for it)\b|"
                                r"\bhow long (?:do|would|will|should) (?:i|she|he|they) (?:have to |need to )?wait\b|"
                                r"\b(?:can|could) (?:i|she|he|they|we) (?:go ahead|start|begin|come in|have it done|get it done|"
                                r"book in|be treated) (?:now|yet|already)\b|"
                                r"\bshould (?:i|we|she|he|they) (?:still |just )?wait\b|"
                                r"\b(?:worth|ready|time|ok|okay)\b[^.?!]{0,30}\byet\s*\?|\b(?:is it|am i|is she|is he) ready\b",
                                re.IGNORECASE)),
    ("how_to_start", re.compile(
        r"\bhow (?:do|can|would) (?:i|we) (?:get started|start|begin|go about it|sign up)\b|\bwhat (?:do|would) "
        r"(?:you|u) need from me\b|\bwhat(?:'s| is) the (?:first step|next step)\b|\bwhere do i (?:even |actually )?start\b|"
        r"\bwhere (?:do|should|would) (?:i|we) (?:even )?begin\b|"
        r"\bwhat (?:do|should|shall|can) (?:i|we) do (?:now|next)\b|\bwhere do (?:i|we) go from here\b|"   # "lol ok. so what do i do now"
        r"\bhow do (?:i|we) get the ball rolling\b",
        re.IGNORECASE)),
    ("results", re.compile(
        r"\b(?:will|would|can|could) (?:people|ppl|anyone|others|other people|they|folk) (?:still )?(?:be able to )?"
        r"(?:see|notice|tell)\b|"
        r"\bwill (?:it|they|the scars?|the marks?) (?:still )?(?:show|be (?:visible|noticeable|invisible))\b|"
        r"\b(?:get rid of|remove|erase|hide|cover)\b[^.?!]{0,25}\b(?:completely|totally|fully|entirely|altogether|"
        r"for good)\b|\b(?:disappear|vanish|go away)\b[^.?!]{0,15}\b(?:completely|totally|fully|entirely)\b|"
        r"\bmake (?:it|them|the scars?|the marks?) (?:disappear|vanish|go away|invisible)\b|\bup close\b|"
        r"\blook (?:like )?(?:real )?hair\b|\blook (?:fake|natural|real|obvious)\b|\bpeople (?:knowing|finding out)\b",
        re.IGNORECASE)),
    ("explain_cause", re.compile(
        r"\b(?:have|need|got) to (?:tell|explain|say)\b[^.?!]{0,30}\b(?:how|why|what happened|where (?:they|it) came)"
        r"|\bwill (?:i|you|she) (?:have to|ask|need)\b[^.?!]{0,30}\b(?:how i got|what happened|why)\b"
        r"|\bexplain (?:myself|how i got)|\b(?:do|does|will) (?:you|u|she|marta|they) (?:have|need|really need|want) to "
        r"know\b[^.?!]{0,30}\b(?:what|how|why|where)\b", re.IGNORECASE)),
    ("book_for_someone", re.compile(
        r"\b(?:can|could|may) i (?:book|make (?:the|an|a) (?:booking|appointment))\b[^.?!]{0,20}\b(?:for|on behalf of) "
        r"(?:him|her|them|my " + RELATIVES + r"s?)\b|"
        r"\bdoes it have to be (?:him|her|them) (?:that|who) books?\b|\b(?:book|put|make) (?:it|this|that|the (?:booking|"
        r"appointment|consultation)) (?:in|under) (?:his|her|their|my \w+'?s) name\b|"
        # "does he have to message himself?", "can I book it for him or does she need to do it herself"
        r"\b(?:does|do|would|will) (?:he|she|they) (?:have|need) to (?:message|book|contact|get in touch|call|ring|do it|"
        r"do that|sign up|fill)\w*\b[^.?!]{0,25}\b(?:himself|herself|themselves|themself)\b|"
        r"\b(?:he|she|they) (?:has|have|needs?) to (?:message|book|contact|do it)\b[^.?!]{0,15}\b(?:himself|herself|"
        r"themselves)\b", re.IGNORECASE)),
    ("preparation", re.compile(r"\b(?:anything|what) (?:do |does |should )?(?:i|he|she|they|we) (?:need|needs|have|has|"
                               r"should|ought) (?:to )?(?:do|bring|prepare)\b|\bwhat (?:should|shud|shld|do|must|to) "
                               r"(?:i )?bring\b"
                               r"|\bbefore (?:the|my) (?:consultation|consult|appointment|session)\b.{0,40}\b(?:stop|avoid|"
                               r"bring|prepare)|\b(?:should|do) i stop (?:using|putting|applying)\b|\bprepar(?:e|ation)\b|"
                               r"\b(?:do|should|must) (?:i|we) (?:need to )?(?:do|bring|prepare) anything\b|"
                               r"\bstraight (?:from|after) (?:work|the gym|school|uni|my shift)\b|\bcome as i am\b|"
                               r"\bwhat (?:should|do|shall) i wear\b|\bin my (?:work )?(?:uniform|work clothes|scrubs)\b",
                               re.IGNORECASE)),
    ("booking_window", re.compile(r"\bhow (?:far|long) (?:ahead|in advance)\b|\bhow soon can i (?:book|come)\b|"
                                  r"\bhow much notice\b", re.IGNORECASE)),
    ("cancellation", re.compile(r"\bcancel\w* (?:without|for free|free of charge)|\b(?:cancellation|cancelling) "
                                r"(?:fee|charge|policy)|\bif (?:i|something) (?:need to cancel|have to cancel|comes up)\b|"
                                r"\bif i (?:have|need) to cancel\b|\bcharge (?:for|if) (?:i )?cancel\w*|"
                                r"\b(?:charge|charged|fee|pay)\b[^.?!]{0,30}\b(?:don'?t|dont|do not|can'?t|cannot|didn'?t) "
                                r"(?:turn up|show up|show|come|make it)\b|\b(?:don'?t|dont|do not|didn'?t) (?:turn|show) up\b"
                                r"[^.?!]{0,30}\b(?:charge|fee|pay)|\bmiss (?:the|my|an) (?:appointment|appt|consultation|consult|"
                                r"session)\b|\bno[\s-]?shows?\b|"
                                # "if my shifts change can I move it": moving one not yet booked
                                r"\bif (?:my |the |our )?(?:shifts?|rota|plans?|work|schedule)\b[^.?!]{0,20}\b(?:change|changes|"
                                r"move|moves)\b[^.?!]{0,20}\b(?:move|change|rearrange|reschedule|swap)\b|"
                                r"\b(?:can|could) (?:i|we) (?:move|change|rearrange|reschedule) (?:it|the (?:appointment|appt|"
                                r"consultation|date|time))\b[^.?!]{0,12}\bif\b", re.IGNORECASE)),
    ("sessions", re.compile(r"\bhow many (?:sessions|times|treatments|visits|appointments|goes)\b", re.IGNORECASE)),
    # "do you do knees?": a body area, asked about before any treatment is named
    ("area_treated", re.compile(r"\b(?:do|can|could|will|would) (?:you|u|ya|she|marta) (?:do|treat|work on|cover|"
                                r"camouflage)\s+(?:on\s+)?(?:the\s+|my\s+|a\s+|scars? on\s+(?:the\s+|my\s+)?)?"
                                + AREA_WORDS + r"\b", re.IGNORECASE)),
    # "my uncle's tattoos went all blue and green… will yours?": how pigment ages, not a tattoo for us to do
    ("colour_change", re.compile(r"\b(?:go(?:es)?|gone|turn(?:s|ed)?|went|going|fade[sd]?|look(?:s|ed)?)\s+(?:to\s+|into\s+)?(?:all\s+|a bit\s+|"
                                 r"kind of\s+|sort of\s+)?(?:blue|green|grey|gray|orange|blueish|greenish|bluey|greeny)\b|\bchange(?:s|d)? colou?rs?\b|\bcolou?r (?:change|shift)|\bdiscolou?r",
                                 re.IGNORECASE)),
    # "and if it goes wrong can you get it off?": what happens when someone is not happy with it
    ("if_wrong", re.compile(r"\bif (?:it|something|anything|that) (?:goes|went) wrong\b|\bwhat happens if\b[^.?!]{0,30}"
                            r"\bwrong\b|\b(?:get|take) it (?:off|out)\b|\bremove it\b|\bundo it\b|\bstuck with it\b|"
                            r"\bif i (?:don'?t|do not) like (?:it|the result)\b", re.IGNORECASE)),
    # "will someone actually ring this time?", "when will she call me?": the request for a person they made
    ("call_status", re.compile(r"\b(?:will|is|are|when will|when is|when are|has|did)\s+(?:someone|somebody|anyone|anybody|"
                               r"a person|a human|they|she|marta|you|the studio|a real person)\s+(?:actually\s+|really\s+|"
                               r"definitely\s+|even\s+)?(?:going to\s+)?(?:ring|call|phone|contact|get back to|get in "
                               r"touch with|text)\s*(?:me|back|us)?\b(?![^.?!]{0,20}\b(?:if|when) i (?:book|decide))|"
                               # "they'll ring her mobile on Wednesday, not me?"
                               r"\b(?:they|she|someone|the studio|marta)(?:'ll| will)\s+(?:ring|call|phone|text|contact)\s+"
                               r"(?:her|him|them|my \w+|me)\b[^.!]{0,40}\?",
                               re.IGNORECASE)),
    ("payment", re.compile(r"\bpay(?:ment)? (?:is |be )?(?:required|needed|due|taken) (?:in advance|upfront|up front|"
                           r"beforehand)|\bpay (?:in advance|upfront|up front|beforehand)\b|\bdeposit\b|\binstal+ments?\b|"
                           r"\b(?:split|spread|break) (?:up |out )?(?:the |my |this |that |your )?(?:payments?|costs?|price|bill|fees?)\b|"
                           r"\b(?:split|spread|break) (?:it|them|that) (?:up|out|over|into|in (?:\d|two|three|parts))\b|"   # not "a dress with a split in it"
                           r"\bpayment plans?\b|"
                           r"\bpay (?:it )?(?:monthly|weekly|in (?:parts|bits|chunks|stages|\d|two|three))\b|\bklarna\b|"
                           r"\bclearpay\b|\bpay later\b|\bfinance\b|"
                           r"\bpay (?:by|with|on|using|in) (?:a |my )?(?:card|credit|debit|cash|bank transfer|transfer|apple ?pay|"
                           r"google ?pay|amex|visa|paypal)\b|\b(?:take|accept) (?:card|cards|cash|amex|apple ?pay|paypal|"
                           r"contactless)\b", re.IGNORECASE)),
    ("vs_cosmetic", re.compile(r"\b(?:difference|different) between (?:that|this|it|them) and (?:what )?(?:you|u) do\b|\b(?:difference|different) (?:between|from) (?:you|u|your \w+|this)\b[^.?!]{0,30}\b(?:permanent "
                               r"make[\s-]?up|pmu|salon|microblad\w*|tattoo\w*|beauty)|\bjust (?:a )?tattoo\b|\btattoo with a fancy name\b|\bisn'?t (?:this|it|that) (?:just )?(?:a )?"
                               r"tattoo\b|\b(?:different|difference) (?:from|to|between) (?:a )?(?:normal |regular )?tattoo",
                               re.IGNORECASE)),
    # "wot areas can u do", "which treatments do you offer": what the studio does, not a menu
    ("what_we_do", re.compile(r"\b(?:what|wot|wat|which) (?:areas?|parts?|bits|treatments?|services?|kinds? of (?:work|"
                              r"treatments?|things)) (?:can|do|does|could) (?:you|u|ya|the studio|she) (?:do|treat|offer|"
                              r"cover|work on)\b|\bwhat (?:do|can) (?:you|u) (?:treat|offer)\b", re.IGNORECASE)),
    ("several_areas", re.compile(r"\b(?:\d+|£\d+) each or\b|\beach or (?:for )?(?:all|both)\b|\bper (?:scar|area|mark|"
                                 r"patch|zone)\b|\bcharge (?:per|by the|for each) (?:scar|area|mark|patch)\b|"
                                 r"\bfor (?:all|both) of them\b", re.IGNORECASE)),
    ("hair_growth", re.compile(r"\b(?:re)?grow\w* (?:me |my |any )?(?:anything|any hair|hair|it|them) back\b|"
                               r"\b(?:make|help|get) (?:it|my hair|hair|them|the hair) (?:to )?(?:grow|come) back\b|\bgrow back\b|\b(?:make|help) (?:my |the |new )?"
                               r"hair (?:grow|come back)\b|\bregrow\w*\b|\bgrow (?:new |more |my )?hair\b", re.IGNORECASE)),
    ("touch_ups", re.compile(r"\bpay (?:for it )?again when (?:it|the colour|they) fades?\b|\bwhen (?:it|the colour) "
                             r"fades?,? (?:do|will|would) i\b|\bhow often (?:do|would|will) (?:i|you) need (?:a )?"
                             r"(?:touch|top)|\btop[\s-]?ups?\b|\b(?:due|ready|time) (?:for )?(?:a |my )?touch[\s-]?ups?\b",
                             re.IGNORECASE)),
    ("remote_assessment", re.compile(
        r"\bsend (?:you |u )?(?:a |some )?(?:pics?|photos?|pictures?|images?)\b|"
        r"\b(?:video|(?<!read )(?<!saw )(?<!seen )online(?! chat| form| booking| shop)|zoom|facetime|skype|teams call|remote(?:ly)?|virtual(?:ly)?|over the phone|"
        r"without (?:travel\w*|coming (?:in|down|up|over)|having to (?:come|travel)))\b", re.IGNORECASE)),
    # "will the grafted bit take the colour the same?", "does radiotherapy change how the colour takes?": how a
    # particular skin takes pigment is not in the sources; the practitioner sees it
    ("unknown_skin", re.compile(
        r"\b(?:graft\w*|radio\w*|radiat\w*|irradiated)\b[^.?!]{0,25}\b(?:take|takes|hold|holds)\b[^.?!]{0,15}\b(?:colou?r|"
        r"pigment|ink)\b|"
        r"\b(?:graft(?:s|ed)?|radiotherapy|radiation|radiated|irradiated|shiny skin)\b[^.?!]{0,50}\b(?:colou?r|pigment|ink)\b"
        r"[^.?!]{0,30}(?:\?|\btake|\bhold|\bstay|\bshow|\blook)|\b(?:colou?r|pigment|ink)\b[^.?!]{0,30}\b(?:take|takes|taking|hold|"
        r"holds)\b[^.?!]{0,40}\b(?:graft(?:s|ed)?|radiotherapy|radiat\w*|irradiated|shin(?:y|ier))\b|"
        r"\b(?:will|does|would|can|do)\b[^.?!]{0,50}\bgraft(?:s|ed)?\b[^.?!]{0,40}\?|"
        # "if the hair grows back in the patch will the dots look weird?": regrowth through SMP is not in the sources
        r"\bif (?:the |my |any )?hair (?:grows?|comes?|starts? growing)\b[^.?!]{0,60}\b(?:dots?|smp|pigment|look\w*)\b",
        re.IGNORECASE)),
    # "would it stop it spreading tho??", "can it cure vitiligo?": camouflage changes how it looks, not the condition
    ("treats_condition", re.compile(
        r"\b(?:stop|stops|halt|slow|cure|cures|treat|treats|fix|fixes|heal|heals)\b[^.?!]{0,15}\b(?:it|the|my|them)?\s*"
        r"(?:vitiligo|alopecia|hair loss|from )?(?:spreading|spread|getting worse|coming back|falling out)\b|"
        r"\b(?:cure|cures|treat|treats|get rid of)\s+(?:the |my )?(?:vitiligo|alopecia)\b", re.IGNORECASE)),
    ("unknown_practical", re.compile(
        r"\b(?:parking|park (?:near|nearby|outside|on the street)|car park|wheelchair|step[\s-]?free|stairs|"
        r"accessib\w*|disabled access|toilets?|guide dog|klarna|clearpay|paypal|" + INSTALMENTS + "|"
        r"beards?|(?:around|near|close to|under|by) (?:the |my |her |his |their )?eyes?|eyelids?|"
        r"(?:dangerous|safe|risk\w*) for (?:the |my |her |his )?eyes|"
        r"finance|spread the cost|gift (?:vouchers?|cards?)|vouchers?|bring (?:my|a) (?:dog|baby|kids?|children)|"
        r"\bpay (?:you|u|the studio) direct(?:ly)?\b|\b(?:compensation|cica)\b[^.?!]{0,40}\b(?:pay|cover)\b|"
        r"bring (?:my|a|the|our) (?:babies|little one|toddler|son|daughter|\d{1,2}[\s-]?(?:year|yr)[\s-]?old)|"
        r"bring (?:them|him|her) (?:with me|along|to the consult\w*)|"
        r"bank holidays?|christmas (?:opening|hours)|open (?:\w+ ){0,3}(?:christmas|new year|easter)|cash|brand|vegan|"
        r"ingredients|which pigments?|what pigments?|(?:the )?pigments (?:you|u) use|your pigments|iron[\s-]oxide|mri|"
        r"latex|gloves|discounts?|shav(?:e|ing)|" + _DISCOUNT_ASKED + "|"
        r"drive (?:me |myself )?home|driv\w* (?:home )?after\w*|"
        r"bring (?:someone|somebody|a friend|my (?:bf|gf|boyfriend|girlfriend|fiance|fiancee|partner|husband|wife|"
        r"mum|mom|mother|sister|daughter|son))|(?:sit|be) (?:in|on the call|with (?:her|him|me))|(?:mum|mom|partner|"
        r"husband|wife|friend|sister|daughter|son|carer) (?:come|sit|be) (?:in|with)|home visits?|house ?calls?|"
        r"(?:come|visit) (?:to )?(?:her|him|me|us|them) at home|come to (?:the|my|her|his|our) (?:house|home)|"
        r"come (?:in )?with (?:him|her|them)\b|(?:when|while) (?:it'?s|it is) quiet|quiet(?:er)? (?:time|slot|room|space)|"
        r"walk\w* (?:from|distance)|from the (?:train |railway )?station|bus stop|come with (?:me|her|"
        r"him)|interpreter|translat\w*|" + ON_CAMERA_UNDRESSED + r")\b",
        re.IGNORECASE)),
    ("other_studio_work", re.compile(
        r"\b(?:fix|correct|repair|redo|re-do|go over|cover|improve|sort out|tone down)\b[^.?!]{0,40}\b(?:someone "
        r"else'?s|another (?:studio|place|artist|clinic)|other (?:people|studios?)'?s?|(?:their|his|her) (?:work|mess|job)|"
        r"the mess|bad smp|botched|old smp|previous)|\bsomeone else'?s (?:mess|work)\b|\bgo over it\b|"
        r"\b(?:redo|re-do|fix|correct|sort out|put right)\b (?:it|this|that|them|mine)\b[^.?!]{0,25}\bproperly\b",
        re.IGNORECASE)),
    ("practitioner", re.compile(
        r"\bwhy (?:should|would) (?:i|we) trust\b|\bhow (?:can|do) (?:i|we) (?:know|trust)\b[^.?!]{0,20}\b(?:you|u|she)\b|\b(?:is|are|r) (?:she|he|it|they|you|u|the practitioner|the person) (?:a |an |actually |even |medically )*(?:doctor|nurse|"
        r"qualified|regulated|licen[cs]ed|registered|insured|woman|female|man|trained)\b|\bmedically qualified\b|"
        r"\bwho (?:actually |exactly )?(?:does|will do|is doing|would do|carries out|performs) (?:it|the treatments?|"
        r"this|the work)\b|\b(?:female|woman|lady) (?:practitioner|only)\b|\bprefer (?:a )?(?:woman|female)\b|"
        r"\bregulated\b|\bqualifications?\b|\bis (?:a )?(?:woman|female|lady)\b|\bis it (?:marta|she|her) (?:i|we|that i|"
        r"who i|i'?ll|i will) (?:see|meet)\b|\bwho (?:will|would|do|shall) (?:i|we) (?:see|meet)\b|\b(?:only )?(?:women|woman|female|"
        r"lady|ladies) (?:staff|practitioners?|only)\b|\b(?:is|will) (?:it|that|the consultation|the appointment) (?:be )?"
        r"(?:with|done by) (?:marta|her|the practitioner|the nurse)(?: herself| personally| in person)?\b|\bwho (?:will|would) "
        r"i (?:be )?(?:seeing|speaking to|talking to)\b|"
        # "is your lady actually medical or just a tattooist"
        r"\b(?:is|are|r) (?:your|the) (?:lady|woman|girl|guy|person|practitioner|artist|staff|people|team)\b[^.?!]{0,25}"
        r"\b(?:medical|medically|nurses?|doctors?|qualified|trained|registered|tattooists?)\b", re.IGNORECASE)),
    ("after_care_unknown", re.compile(
        r"\bhow long (?:does|will|would|do) (?:it|smp|they|the (?:\w+ )?(?:skin|area|scalp|session|treatment)|\w+) (?:take to |"
        r"need to )?heal\b|"
        r"\b(?:time off(?: work)?|off work|downtime|back to work|go (?:back )?to (?:work|the gym)|gym|exercise|work ?out|"
        r"swim(?!\w*\s*(?:suit|wear|costume))\w*|(?:out of|in|into|back in|back into|to) (?:the |a )?pool|sauna|sun ?bed|sunbath\w*|in the sun|how long (?:does it take )?to heal|"
        r"healing time|heal(?:ing)? (?:time|period|process)|what(?:'?s| is) (?:the )?healing like|healing after(?:wards)?|"
        r"how (?:does|will|would) (?:it|the skin|the area) heal|scab\w*|final result|(?:can|could) i (?:still )?(?:go|fly|travel) "
        r"(?:to|on|abroad)|(?<!bank )(?<!next )(?<!her )(?<!his )(?<!their )(?<!school )(?<!uni )(?<!summer )(?<!easter )(?<!christmas )(?<!the )holiday|beach)\b(?![^.?!]{0,30}\bwithout (?:thinking|worrying|hiding|covering))",
        re.IGNORECASE)),    # "wear a swimsuit on holiday again without thinking about it" is the wish, not aftercare
    ("who_for", re.compile(
        r"\b(?:is (?:it|that|this|smp|the \w+ (?:thing|treatment))|(?:do|does|would) (?:you|u|she)(?: \w+){0,4}?) (?:also |only )?"
        r"(?:for|on|with) (?:men|women|ladies|guys|blokes|males?|females?|trans \w+|a man|a woman|a lady)\b|"
        r"\b(?:do|does|would) (?:you|u|she) (?:do|treat|see|work on) (?:men|women|ladies|guys|blokes)\b|"
        r"\bfor (?:men|women|ladies|guys|blokes) (?:as well|too)\b|"
        r"\bonly (?:after|for|with) (?:breast )?(?:cancer|a mastectomy|mastectomies)\b", re.IGNORECASE)),
    ("photos", re.compile(
        r"\b(?:have|got|see|show|share|post|any|are there)\b[^.?!]{0,25}\b(?:photos?|pics?|pictures?|images?|examples?|"
        r"before[\s-]?(?:and|&|n)[\s-]?afters?|portfolio|gallery)\b(?![^.?!]{0,30}\b(?:whatsapp|messenger|telegram|"
        r"send|private|privacy)\b)", re.IGNORECASE)),
    # "do you take photos. i dont want my face ending up on instagram": how the studio handles photos is not set out
    ("photos_taken", re.compile(r"\b(?:do|will|would|does) (?:you|u|she|marta|they) (?:take|post|use|share) (?:any )?(?:my )?"
                                r"(?:photos?|pics?|pictures?|before and afters?)\b|\b(?:face|photos?|pics?|pictures?|me|it) "
                                r"(?:ending up|end up|going|go|put|posted|used|appearing) on (?:instagram|insta|social media|"
                                r"facebook|tiktok|the website|your website|your page|your instagram)\b", re.IGNORECASE)),
    ("photos_privacy", re.compile(
        r"\b(?:send|sending|share|sharing)\b[^.?!]{0,30}\b(?:pics?|photos?|pictures?|images?)\b[^.?!]{0,30}"
        r"\b(?:whatsapp|messenger|telegram|here|on here|private|privacy|safe)|\b(?:pics?|photos?|pictures?) "
        r"(?:of my )?(?:\w+ ){0,3}(?:on|over|via) (?:whatsapp|messenger|telegram)\b|"
        # "and if I sent a photo who would see that", "and the photo?"
        r"\bif i (?:sent|send|sends)\b[^.?!]{0,15}\b(?:pics?|photos?|pictures?)\b[^.?!]{0,30}\bwho\b|"
        r"\bwho (?:would |will |could )?(?:see|sees|look at|looks at)\b[^.?!]{0,20}\b(?:pics?|photos?|pictures?)\b|"
        r"^\W*(?:and |what about )?the (?:photo|pic|picture)s?\s*\?", re.IGNORECASE)),
    # "1 year?? why so long you keep it": how long details are kept is a limit, and erasure is theirs any time
    ("retention_why", re.compile(r"\bwhy\b[^.?!]{0,25}\b(?:so long|that long|a year|12 months|keep (?:it|them|my|this)|"
                                 r"kept|store|hold on to)\b|\b(?:1|one|12) (?:year|months?)\s*\?{2,}", re.IGNORECASE)),
    ("spread", re.compile(r"\bblow(?:s|n|ing)?[\s-]?outs?\b|\b(?:ink|pigment|lines?|dots?)\b[^.?!]{0,20}"
                          r"\b(?:spread|spreads|spreading|bleeds?|bleeding|blurs?|blurr\w*|migrat\w*|smudg\w*)\b", re.IGNORECASE)),
    # "can you do the hair dots over a scar?": a hairless scar in the scalp is a bald patch SMP blends
    ("scalp_scar", re.compile(r"\b(?:dots|smp|hair tattoo|scalp micro\w*)\b[^.?!]{0,30}\b(?:over|on|into|cover) (?:a |the |my |his |her )?"
                              r"(?:\w+ )?scar|\bscar\b[^.?!]{0,50}\b(?:hair (?:won'?t|doesn'?t|does not|will not|never) grow|"
                              r"no hair grows|bald (?:line|patch|strip))\b[^.?!]{0,60}\?", re.IGNORECASE)),
    # "will it look flat or can it look like it sticks out a bit?": an areola's depth is drawn, not built
    ("areola_depth", re.compile(r"\b(?:3d|3-d|three[\s-]?dimensional|look(?:s)? flat|stick(?:s)? out|pop(?:s)? out|"
                                r"like a sticker|look(?:s)? (?:real|realistic|like a real))\b", re.IGNORECASE)),
    ("colour_matching", re.compile(
        r"\bmatch (?:my|the|her) other (?:one|side|breast|boob|nipple|areola)\b|\b(?:grey|gray|ashy|off[\s-]colou?r|wrong colou?r|(?:come|comes|turn|turns|go|goes) (?:out )?(?:grey|gray|"
        r"blue|green|orange|pink)|colou?r (?:match\w*|come out|look off|looks? off)|match (?:it |them |this |that )?(?:to |with )?"
        r"(?:my|the|your|a|his|her|their) (?:\w+ )?(?:skin|colou?r|tone|tan)|(?:come out|look) (?:grey|gray|off|just off)|skin like mine|skin (?:tone|colou?r) like mine|"
        r"(?:work|worked|experience) (?:with|on) (?:my |dark\w* |black |brown |olive )+skin|"
        r"(?:dark|darker|black|brown|olive|asian|indian) skin(?: tones?)?|(?:go|goes|turn|turns|get|gets) (?:darker|"
        r"patchy|blotchy)|hyper[\s-]?pigment\w*|mixed[\s-]race|dark marks from)\b", re.IGNORECASE)),
    ("other_treatments", _ALONGSIDE),
    # "can all the sessions be done within 2 weeks?", "how far apart are they?": their timing, not their number
    ("sessions_spacing", re.compile(
        r"\bhow (?:far|long) apart\b|\b(?:time|gap|weeks?|days?|wait) between (?:the |each |my )?(?:sessions|appointments|"
        r"treatments|visits|first and second)\b|\b(?:all|both|every) (?:of )?(?:the |my )?(?:sessions|appointments|treatments)"
        r"\b[^.?!]{0,25}\b(?:within|in|during|over) (?:that |those |the |a |one |two |three |\d+ )?(?:\w+ )?(?:weeks?|"
        r"fortnight|days?|month|trip|visit|stay|holiday)\b|\bback[\s-]to[\s-]back\b|\bconsecutive days\b|"
        r"\b(?:all )?in one (?:go|trip|visit|stay)\b|\bin (?:a|one) single (?:trip|visit)\b", re.IGNORECASE)),
    # "do I need a GP letter?": no referral to book; a specialist's go-ahead only in some cases
    ("doctor_letter", re.compile(r"\b(?:need|have to get|require|want) (?:a |an |my )?(?:gp'?s?|doctors?'?s?|dermatologists?'?s?|"
                                 r"consultants?'?s?|medical) (?:letter|note|referral|permission|approval|sign[\s-]?off|"
                                 r"clearance|go[\s-]?ahead)\b|\b(?:do|will) (?:i|you) need (?:a )?referr?al\b|"
                                 r"\breferral from (?:my|a|the) (?:gp|doctor)\b|"
                                 # "GP said… That you lot? Need a letter from him?"
                                 r"\b(?:need|want|require|bring) (?:a |an )?(?:letter|note|referral)\b[^.?!]{0,20}"
                                 r"\b(?:from (?:him|her|them|my|the) ?(?:gp|doctor|consultant|surgeon|dermatologist)?)\b",
                                 re.IGNORECASE)),
    ("session_length", re.compile(
        r"\bhow long (?:is|does|will|would|do) (?:a |one |each |the |every )?(?:single )?(?:session|treatment|"
        r"appointment|procedure)s?\b(?! (?:last|stay)s?\b)|\bhow long (?:would|will) i be (?:at|in) (?:the studio|there|"
        r"the clinic)\b|\bhow (?:many )?(?:long|hours?|minutes?) (?:per|each|"
        r"for (?:a|one|each)) session\b|\bsession (?:length|duration)\b|\blength of (?:a |each |one )?session\b|"
        r"\bhow long is (?:a |one |each |the )?(?:visit|appointment)\b|\bhow long is (?:each|every) one\b|"
        r"\bhow long (?:does|will|would|do) (?:it|the treatment|(?:a|the|1|one|each|every|my|your) (?:\w+ )?(?:session|treatment|"
        r"appointment)s?) (?:take|be)\b(?! to (?:heal|see|settle|show|look|fade|calm|get (?:the|a|my) (?:final )?result))|\bhow long (?:does|will|would|do) (?:a|the|1|one|each|every) "
        r"(?:session|appointment)s? last\b",
        re.IGNORECASE)),
    ("privacy", re.compile(r"\bhow long (?:do|will|would|does) (?:you|u|they|the studio) (?:keep|hold|store|retain)\b|"
                           r"\bwhat (?:data |info\w* |details )?(?:do|will) (?:you|u) (?:keep|hold|store)\b|"
                           r"\bwho (?:reads|sees|can see|has access to)\b|\bwhere (?:is|are) (?:it|this|my (?:data|details|"
                           r"info\w*)) (?:kept|stored|held)\b|\b(?:sell|share|pass on) (?:my|your|people'?s) (?:data|info\w*|"
                           r"details)\b", re.IGNORECASE)),
    ("data_copy", re.compile(r"\bcopy of (?:all )?(?:the |my )?(?:personal )?(?:data|information|info|details|notes|records)\b|"
                             r"\bsubject access\b|\b(?:see|send me|get|access) (?:all )?(?:the |my )?(?:personal )?(?:data|"
                             r"information|info|details) (?:you|u) (?:hold|have|keep|store)\b", re.IGNORECASE)),
    ("booking_lookup", re.compile(r"\b(?:which|what) (?:day|time|date)\b[^.?!]{0,30}\b(?:my|the|our) (?:appointment|"
                                  r"appt|booking|consultation)|\bwhen(?:'s| is) (?:my|our) (?:appointment|appt|booking|"
                                  r"consultation)\b|\blost (?:the|my) (?:letter|email|confirmation)", re.IGNORECASE)),
    ("phone_instead", re.compile(r"\b(?:do|must) (?:i|we) (?:have to |need to |really )*(?:give|share|put) (?:my |an |you my )?"
                                 r"e-?mail\b|\b(?:can|could) (?:you|u|she|they|the studio) (?:just )?(?:text|ring|call|"
                                 r"phone|whatsapp) (?:me )?instead\b|\b(?:no|don'?t have an?|haven'?t got an?) e-?mail\b|"
                                 r"\bphone number (?:instead|is (?:that )?(?:ok|okay|fine))\b", re.IGNORECASE)),
    ("contact", re.compile(r"\b(?:can|could|may|should) (?:i|he|she|we|they|my \w+) (?:just )?(?:ring|call|phone|"
                           r"email|e-mail) (?:you|u|the studio|marta)\b|\bwhat(?:'s| is) (?:your|ur|the studio'?s) "
                           r"(?:phone )?(?:number|email|e-mail)\b|\b(?:your|ur) (?:phone )?number\b", re.IGNORECASE)),
    ("hours", re.compile(r"\bwhat times? (?:can|could|should|is best to) (?:i|he|she|we|they) (?:ring|call|phone|come)\b|"
                         r"\bwhat times?\s*(?:\?|$)", re.IGNORECASE)),
    ("nhs", re.compile(r"\b(?:nhs|on the national health|free on prescription)\b", re.IGNORECASE)),
    # "whats included in the price", "what do I get for that?": what a price covers, not the price list again
    ("price_includes", re.compile(r"\bwhat(?:'?s| is| does| do)? (?:\w+ )?(?:included|include|includes|covered|cover)\b"
                                  r"(?! in (?:the|a|my) (?:consult\w*|assessment|intake))|"
                                  r"\b(?:is|are) (?:the )?(?:touch[\s-]?ups?|aftercare|follow[\s-]?ups?|consultation) "
                                  r"(?:included|extra|on top)\b|\bwhat do (?:i|you) get for (?:that|the|it)\b|"
                                  r"\bhidden (?:costs?|fees?|charges?|extras?)\b|\bany extras?\b", re.IGNORECASE)),
    # "do i have to come off them first?", "should I stop my injections before?": never advice on a medicine
    ("stop_medicine", re.compile(
        r"\b(?:do|should|would|will|must|need) i (?:have to |need to |got to )?(?:come off|stop|pause|quit|skip|halt)\b"
        r"(?![^.?!]{0,20}\b(?:sunbed|tanning|self[\s-]?tan|make[\s-]?up|cream|swimming|gym|shaving|drinking)\b)|"
        r"\b(?:have|need) to (?:come off|stop) (?:my |the |them|it|taking)\b[^.?!]{0,40}\b(?:before|first)\b|"
        r"\bcome off (?:them|it|my \w+)\b[^.?!]{0,20}\?", re.IGNORECASE)),
    ("out_of_work_hours", re.compile(
        r"(?<!every )(?<!each )\b(?:evenings?|after work|late (?:appts?|appointments?|slots?|times?|ones)|anything late|weekends?(?! course)|open late|late opening|late nights?|late on|saturdays? (?:morning|"
        r"open)|work (?:9|nine)\s*(?:-|to|till|until)\s*(?:5|6|five|six)|office hours|finish (?:work )?(?:at |around |about )?"
        r"(?:5|6|7|five|six|seven|half 5|half 6)|work (?:till|until|til|to) (?:5|6|7|five|six|seven))\b", re.IGNORECASE)),
)


#: topics a statement raises as much as a question ("running 20 min late", "nobody has confirmed it")
TOLD_TOPICS: tuple[tuple[str, "re.Pattern[str]"], ...] = (
    # "i have a pacemaker is that ok", "can i get it done if im on my period": a condition the screen does not list, told or asked
    ("health_unknown", re.compile(r"\b(?:pacemaker|epilep\w*|seizures?|heart (?:condition|problem|disease)|lupus|"
                                  r"\bhiv\b|hepatitis|ha?emophilia|bleeding disorder|(?:on|having) my period|menstruat\w*|"
                                  r"asthma\w*|thyroid(?!\s*(?:op|ops|operation|surgery|scar|removal|removed|out)\b)|arthritis|autoimmune|multiple sclerosis|kidney (?:disease|problems?|"
                                  r"failure)|liver (?:disease|problems?)|ana?emi\w*|high blood pressure|fibromyalgia|"
                                  r"crohn'?s|colitis|sickle cell|dialysis|immunosuppress\w*|transplant(?:ed)? (?:kidney|liver|"
                                  r"heart|organ))\b", re.IGNORECASE)),
    ("erase_part", PARTIAL_ERASURE),
    # "?? so no treatment for me yet or what", "so is that a no?": what their answers gave, said again plainly
    ("own_outcome", re.compile(
        r"\bso (?:no|not|none)\b[^.?!]{0,25}\b(?:treatment|session|tattoo|smp|yet|for me)\b|"
        r"\b(?:so |is )?(?:that|this|it) (?:means? )?(?:a )?(?:no|not yet|never)\b[^.?!]{0,15}(?:\?|then\b|or\b)|"
        r"\bso (?:i|u|you) can'?t (?:have|do|get)\b|\b(?:am i|so am i|so i'?m) (?:not )?(?:suitable|ready|ok|okay|"
        r"allowed|a candidate|able to)\b[^.?!]{0,20}(?:\?|then\b|or (?:not|what)\b)|"
        r"\bso (?:basically |it'?s |its |that'?s |thats |i'?m |im )?(?:a |still )?not yet\b|"   # "so basically not yet 😩"
        r"\bwhat does (?:that|this) mean for me\b|\bso (?:when|how long)\b[^.?!]{0,25}\b(?:can i|do i|till|until|"
        r"before|have to wait|wait)\b|\bso i (?:have|need) to wait\b|\bcan i have it (?:done )?or not\b|"
        r"\bso i (?:just )?(?:have to |need to |gotta |must |should |should just )?wait\b[^.!]{0,40}\?|"  # "so i just wait?"
        r"\bdo i (?:just )?(?:have|need) to wait\b",
        re.IGNORECASE)),
    # "my uncle's tattoos went all blue and green. how do i know yours won't?": told, then asked about
    ("colour_change", re.compile(r"\b(?:tattoos?|ink|pigments?|it|they|camouflage|micropigmentation|smp)\b[^.?!]{0,40}"
                                 r"\b(?:went|gone|turned|go|goes|going)\s+(?:all\s+|a bit\s+)?(?:blue|green|grey|gray|"
                                 r"orange)\b(?=[\s\S]*(?:\?|\b(?:will|would|could|does|do|can)\s+(?:my|mine|yours|your|it|"
                                 r"this|that|the|u|you)\b))", re.IGNORECASE)),
    ("if_wrong", re.compile(r"\bif (?:it|something|anything|that) goes wrong\b[^.?!]{0,30}\b(?:can|could|will|would) (?:you|u)\b|"
                            r"\b(?:can|could) (?:you|u) (?:get|take) it (?:off|out)\b", re.IGNORECASE)),
    ("running_late", re.compile(r"\b(?:running|gonna be|going to be|will be|i'?ll be|i'?m|am|bit) (?:a (?:bit|little|few "
                                r"mins?|few minutes) |about |around |like )?(?:\d+ ?(?:mins?|minutes) )?late\b(?! (?:on|opening|"
                                r"night|evening|appointment|slot))|\bstuck (?:in traffic|on the (?:\w+ )?(?:road|train|bus|m\d+|a\d+))",
                                re.IGNORECASE)),
    ("booking_lookup", re.compile(r"\blost (?:the|my) (?:letter|email|confirmation|appointment card)|\bwhich day it is\b|"
                                  r"\bnever booked\b|\b(?:didn'?t|did not) book (?:anything|a|an|this)\b|"
                                  r"\bwhat (?:day|time) it(?:'s| is)\b|\bforgot(?:ten)? (?:the|which|what) (?:day|time|date)\b",
                                  re.IGNORECASE)),
    ("erased_check", re.compile(r"\b(?:is|has|was|are) (?:it|everything|all|that|my \w+|all my \w+)(?: \w+)?(?: actually| "
                                r"really| definitely)? (?:been )?(?:deleted|erased|gone|removed|wiped)\b|\bis it (?:actually |"
                                r"really )?gone\b|\bnothing (?:left|saved|stored)\b|\bcan'?t see anything about me\b|"
                                r"\bstill (?:be )?(?:on|in) (?:the|my|her|his) (?:ipad|phone|tablet|app|messenger|whats ?app|"
                                r"laptop|computer|screen|chat)\b|\b(?:will|can|could) (?:my \w+|she|he|they|anyone|someone) "
                                r"(?:still )?(?:see|read|find) (?:it|this|them|the (?:chat|messages))\b",
                                re.IGNORECASE)),
    ("in_person", re.compile(r"\bin person\b(?![^.?!]{0,20}\b(?:or|vs)\b)", re.IGNORECASE)),
    # "a clinic in London does SMP for £1,200 all in… why the difference?": another place's price, compared
    ("price_comparison", re.compile(r"\bcompar\w* (?:\w+ ){0,3}(?:studios|clinics|places|salons|prices|quotes)\b|"
                                    r"\bwhy (?:the|is (?:it|there|yours|urs)|so much of a|such a) (?:price )?(?:difference|"
                                    r"more|dearer|more expensive|pricier)\b|\b(?:cheaper|less) (?:elsewhere|somewhere else|at "
                                    r"(?:another|other|a different))\b|\b(?:another|other|a different) (?:clinic|studio|place|"
                                    r"salon)\b[^.?!]{0,60}(?:£|\bfor\b|\bcharges?\b|\bquoted\b|\bcheaper\b)|"
                                    r"\bwhy (?:are|r) (?:you|u) (?:so )?(?:more expensive|dearer|pricier)\b", re.IGNORECASE)),
    # "if I can only afford one session at first is that ok or do I have to commit to all of them?"
    ("pay_per_session", re.compile(r"\bcommit (?:to|for) (?:all|the (?:whole|full)|every|\d|two|three)|\b(?:one|1) session at a time\b|"
                                   r"\b(?:sessions|them) one at a time\b|\bpay (?:for )?(?:each|one|every|per) session\b|\bpay (?:as|per) (?:i|you) go\b|"
                                   r"\b(?:pay|paying) (?:for )?(?:all |the (?:whole |full )?)?(?:\w+ )?(?:sessions?|course|thing) "
                                   r"(?:up ?front|in advance|at once)\b|\b(?:only )?afford (?:one|1|a single) session\b",
                                   re.IGNORECASE)),
    # "court case is in february. could it be done by then?": no date can be promised
    ("by_a_date", re.compile(r"\b(?:could|can|would|will) (?:it|this|they|them|that|the (?:\w+ )?(?:treatment|sessions?)) (?:all )?"
                             r"be (?:done|finished|ready|sorted|healed|completed) (?:by|before|in time)\b|\bdone by then\b|"
                             r"\bin time for (?:the|my|our)\b", re.IGNORECASE)),
    # "can i still come in for the chat thing" after hearing treatment must wait: yes, the consultation can go ahead
    ("consultation_anyway", re.compile(r"\bcan i (?:still|at least|just) (?:come in|come|have|book|do|get)\b[^.?!]{0,15}\b(?:the |a )?"
                                       r"(?:chat|consult\w*|appointment|talk|meeting|free (?:one|bit))\b|\b(?:is|would) the "
                                       r"(?:free )?consult\w* (?:still )?(?:ok|okay|fine|possible|worth it)\b(?! for)",
                                       re.IGNORECASE)),
    # "if I send you pics of my scars do they end up on your website or Instagram?": how photos are used is not set out
    ("photos_use", re.compile(r"\b(?:pics?|photos?|pictures?|images?|before and afters?)\b[^.?!]{0,40}\b(?:end up|used|use|posted|"
                              r"put|go|shared|share)\b[^.?!]{0,25}\b(?:website|instagram|insta|social media|facebook|"
                              r"online|tiktok|gallery|adverts?|marketing)\b", re.IGNORECASE)),
    # "did you even send it or is it my spam?": what was sent, which only a person at the studio can check
    ("link_check", re.compile(r"\b(?:did|have|has|was) (?:you|u|it|they|anyone|the studio) (?:even |actually |ever )?"
                              r"(?:sen[dt]|been sent|email(?:ed)?)\b|\b(?:in|check(?:ed)?) (?:my |the )?(?:spam|junk)\b",
                              re.IGNORECASE)),
    # "and who reads these messages", "ok but who actually reads them. a person?"
    ("who_reads", re.compile(r"\bwho (?:actually |else |exactly )?(?:reads?|sees?|looks? at|gets?)\b[^.?!]{0,15}\b(?:these|this|"
                             r"them|my|the|what i)\b[^.?!]{0,12}\b(?:messages?|chats?|answers?|write|send|them)?|\bdoes a "
                             r"(?:real )?person read\b|\bis (?:it|this) (?:read by )?a (?:real )?person\b", re.IGNORECASE)),
    # "does it even make sense on a flat chest?", "is it done without reconstruction?"
    ("flat_chest", re.compile(r"\b(?:on|for|with) (?:a )?flat (?:chest|closure)\b|\bflat chests\b|\bwithout (?:a |any )?(?:breast )?"
                              r"reconstruction\b|\bif (?:i|you) (?:went|go|stayed|stay) flat\b", re.IGNORECASE)),
    # "is that hair tattooing only for men?": hair loss of any kind, a widening parting included
    ("smp_for_women", re.compile(r"\b(?:only|just) (?:for|done on) (?:men|guys|blokes|males|lads)\b|\b(?:do|can|could) "
                                 r"(?:women|ladies|girls|females|a woman|a girl) (?:get|have|do)\b|\bfor (?:women|ladies|"
                                 r"females) (?:too|as well)\b|\b(?:do|does) (?:it|smp|this) work (?:for|on) (?:women|ladies|"
                                 r"females)\b", re.IGNORECASE)),
    # "refund if I dont like it?": a question about the policy, not a complaint
    ("refunds", re.compile(r"\brefund\w*|\bmoney back\b", re.IGNORECASE)),
    # "what happens when I'm 80 and wrinkly and my fake hair is still 25": how it ages with them
    ("ageing", re.compile(r"\bwhen (?:i'?m|im|i am|i get|i'?ve got|you'?re|we'?re) (?:\d{2}|old|older|grey|gray|wrinkly)\b|"
                          r"\b(?:as|when) (?:i|we|you|my skin|my hair) (?:get|gets|go|goes|grow|grows|turn|turns) (?:old|older|"
                          r"grey|gray|wrinkl\w*)\b|\b(?:go|goes|going|turn|turns|turning) (?:grey|gray)\b[^.?!]{0,40}\?",
                          re.IGNORECASE)),
    # "does smp sweat off at the gym": it sits in the skin and fades over years
    ("washes_off", re.compile(r"\b(?:sweat|swim|wash|rub|scrub|shower)(?:s|es|ed|ing)? (?:it |them |the (?:colou?r|pigment|dots) )?"
                              r"(?:off|out|away)\b|\bcome off in the (?:shower|bath|water|sea|pool)\b", re.IGNORECASE)),
    # "if you colour them in will they still burn?": sun protection is not set out
    ("sun_protection", re.compile(r"\b(?:will|would|do|does|can) (?:they|it|the patch(?:es)?|my skin|the skin|the area) "
                                  r"(?:still )?(?:burn|get burnt|get sunburnt|need sun ?(?:cream|screen|block))\b|"
                                  r"\bprotect\w* (?:it |them |the \w+ )?(?:from|against) (?:the )?sun\b", re.IGNORECASE)),
    # "what if i lose more weight or have another baby later... would it all go weird?": skin that changes later
    ("future_changes", re.compile(r"\b(?:what if|if|when|after) (?:i |she |he )?(?:then )?(?:lose|lost|put on|gain|gained) (?:more |some |a lot of )?"
                                  r"(?:weight|stone|kilos?)\b|\b(?:what if|if|when) (?:i |she )?(?:have|had|get|got) (?:another|a) "
                                  r"(?:baby|pregnancy)\b|\b(?:get|got|become) pregnant (?:again|later|in (?:the )?future)\b",
                                  re.IGNORECASE)),
    # "what if i hate it can it be taken off": not permanent, and removal is not set out
    ("removal", re.compile(r"\b(?:can|could) (?:it|they|the pigment|this) (?:be )?(?:taken off|removed|taken out|undone|"
                           r"reversed|lasered off|got rid of)\b|\bwhat if i (?:hate|don'?t like|regret) it\b", re.IGNORECASE)),
    # "what happens when i get a tan in the summer", "i go quite brown in the summer": the match and a tan
    ("tanning", re.compile(r"\b(?:when|if|after) (?:i|you|we) (?:get (?:a )?|go )(?:tan|tanned|brown)\b|\bwhen i tan\b|"
                           r"\b(?:i|my skin) (?:go(?:es)?|get(?:s)?) (?:quite |really |very |a bit |more )?(?:brown|tanned|dark(?:er)?)"
                           r" (?:in|over|during) (?:the )?summer\b|\b(?:what|how) about (?:when i (?:get|have) )?(?:a |my )?(?:sun ?)?tan\b|"
                           r"\bwith a (?:holiday |summer )?tan\b", re.IGNORECASE)),
    # "SMP after a hair transplant ok?": whether and when it can follow another procedure is not set out
    ("after_procedure", re.compile(r"\bafter (?:a |my |the |his |her )?(?P<procedure>hair transplant|transplant|fue|fut|botox|"
                                   r"fillers?|chemical peel|peel|micro ?needling|laser hair removal|laser)\b", re.IGNORECASE)),
    # "is this a clinic or a beauty salon?": what kind of place the studio is
    ("kind_of_place", re.compile(r"\b(?:clinic|salon|beauty (?:place|parlou?r)|tattoo (?:shop|parlou?r|place)|spa|"
                                 r"medical (?:place|practice|clinic))\b[^.?!]{0,25}\bor\b[^.?!]{0,25}\b(?:clinic|salon|"
                                 r"parlou?r|spa|shop|medical|hospital|nhs|beauty)\b|\b(?:is|are) (?:this|it|the studio|you|u|"
                                 r"ye|you guys) (?:a |an |like a |more (?:of )?a )?(?:proper )?(?:clinic|salon|beauty salon|"
                                 r"tattoo (?:shop|parlou?r)|medical (?:place|practice|clinic)|spa)\b|\bwhat (?:kind|sort|type) of "
                                 r"(?:place|business|studio|clinic)\b", re.IGNORECASE)),
    # "I'm in Leeds so Brighton is a trek": the sessions are at the studio, only the consultation can be by video
    ("lives_away", re.compile(r"(?i:\b(?:brighton|sussex|the studio)(?:'s| is| would be| will be) (?:a (?:bit of a |real |long )?"
                              r"(?:trek|drive|journey|way|schlep)|(?:quite |so |too |really |very )?far(?: away)?)\b|"
                              r"\b(?:hours?|miles|ages) (?:away )?(?:from (?:you|brighton|the studio)|away)\b|"
                              r"\b(?:i|we) (?:don'?t|do not) live (?:near|close|local)|\b(?:not|isn'?t) local\b|"
                              r"\b(?:trip|travel\w*|journey|drive|train) (?:all the way )?(?:down |up |over )?to brighton\b)|"
                              r"\b(?:[Uu]ni|[Uu]niversity|[Cc]ollege|[Ww]ork|[Ww]orking|[Ss]tudying) in (?!Brighton|Hove)[A-Z][a-z]+|"
                              r"\b(?:(?:[Ii]'?m|[Ii] am|[Ww]e'?re|[Ll]ive|[Ll]iving|[Bb]ased|[Cc]oming) (?:up |down |over |out )?"
                              r"(?:in|from) (?!Brighton|Hove|Sussex|England|English|The |My |Pain|January|February|March|April|"
                              r"May|June|July|August|September|October|November|December|Spanish|Spain)[A-Z][a-z]+)")),
    ("treatment_in_studio", re.compile(r"\b(?:come (?:down|in|up|over|to (?:the studio|brighton))|travel|be there|visit)\b"
                                       r"[^.?!]{0,15}\bfor (?:the |every |each |all the |all )?(?:actual |real )?(?:treatment|sessions?|procedure)\b|"
                                       r"\b(?:treatment|sessions?|procedure) (?:itself |themselves )?(?:be |done |happen )*"
                                       r"(?:by video|online|remotely|at home|in person|at the studio)\b", re.IGNORECASE)),
    ("reminder", re.compile(r"\b(?:get|send|receive|be sent) (?:me )?(?:a )?reminders?\b|\bremind(?:er)?s? (?:me )?before\b|"
                            r"\bwill (?:you|u|i|they) (?:send|get) (?:me )?(?:a )?reminder", re.IGNORECASE)),
    ("walk_in", re.compile(r"\bwalk[\s-]?ins?\b|\bwalk in\b|\bjust (?:pop|drop|turn up|come) (?:in|by|round)\b|"
                           r"\bwithout an? appointment\b|\bdo i need an appointment\b", re.IGNORECASE)),
    ("booking_pending", re.compile(r"\b(?:is|was|has) (?:it|my (?:booking|appointment|consultation)|that|this) (?:actually |"
                                   r"definitely |even |really )?(?:been )?(?:confirmed|booked|accepted)\b|\b(?:nobody|no one|"
                                   r"no-one|noone) (?:has |have )?(?:confirmed|accepted)|\bnot (?:been |yet )?confirmed\b|"
                                   r"\bno confirmation\b|\b(?:still|says?|shows?|marked) pending\b|\bdo i (?:still )?turn "
                                   r"up\b|\bhaven'?t (?:had|got|received) (?:a |any )?"
                                   r"confirmation\b", re.IGNORECASE)),
    ("out_of_work_hours", re.compile(r"\b(?:i |i'?m |he |she )?(?:finish|finishes|finishing) (?:work )?(?:at |around |about )?"
                                     r"(?:5|6|7|five|six|seven|half 5|half 6)\b|\bwork (?:till|until|til|to) (?:5|6|7|five|six|"
                                     r"seven)\b|"
                                     # "I can only do after 4 or Saturdays", "only free after 5"
                                     r"\b(?:can )?only (?:do|make|manage|come|get in|be free|free)\b[^.?!]{0,12}\b(?:after|from) "
                                     r"(?:[3-7]|three|four|five|six|seven)\b|\bon site (?:till|until|til|to) (?:[3-7])\b",
                                     re.IGNORECASE)),
)


#: what a practical question the sources do not answer is about, named in the reply ("About parking, …")
_PRACTICAL_SUBJECTS: tuple[tuple[str, "re.Pattern[str]"], ...] = (
    ("parking", re.compile(r"\bpark(?:ing)?\b|\bcar park\b", re.I)),
    ("access to the studio", re.compile(r"\bwheelchair|\bstep[\s-]?free|\bstairs\b|\baccessib\w*|\bdisabled access", re.I)),
    ("the toilets", re.compile(r"\btoilets?\b", re.I)),
    ("bringing a dog", re.compile(r"\bguide dog\b|\bbring (?:my|a) dog\b", re.I)),
    ("bringing children", re.compile(r"\bbring (?:my|a|the|our) (?:baby|babies|kids?|children|little one|toddler|son|daughter|"
                                     r"\d{1,2}[\s-]?(?:year|yr)[\s-]?old)\b", re.I)),
    ("paying in instalments", re.compile(r"\bklarna|\bclearpay|\bfinance\b|\bspread the cost|\b(?:" + INSTALMENTS + ")",
                                          re.I)),
    ("work on beards", re.compile(r"\bbeards?\b", re.I)),
    ("undressing on a video consultation", re.compile(ON_CAMERA_UNDRESSED, re.I)),
    ("skin grafts", re.compile(r"\b(?:skin )?grafts?\b", re.I)),
    ("work close to the eyes", re.compile(r"\b(?:around|near|close to|under|by) (?:the |my |her |his |their )?eyes?\b|"
                                          r"\beyelids?\b|\b(?:dangerous|safe|risk\w*) for (?:the |my |her |his )?eyes\b", re.I)),
    ("paying by PayPal", re.compile(r"\bpaypal\b", re.I)),
    ("paying in cash", re.compile(r"\bcash\b", re.I)),
    ("payment by a compensation claim", re.compile(r"\bpay (?:you|u|the studio) direct(?:ly)?\b|\b(?:compensation|cica)\b"
                                                   r"[^.?!]{0,40}\b(?:pay|cover)\b", re.I)),
    ("discounts", re.compile(r"\bdiscounts?\b|" + _DISCOUNT_ASKED, re.I)),
    ("gift vouchers", re.compile(r"\bgift (?:vouchers?|cards?)|\bvouchers?\b", re.I)),
    ("holiday opening times", re.compile(r"\bbank holidays?|\b(?:open|closed?|closing|hours)\b[^.?!]{0,30}\b(?:christmas|xmas|"
                                         r"new year|easter)\b|\b(?:christmas|xmas|new year|easter)\b[^.?!]{0,20}\b(?:opening|"
                                         r"hours|open|closed?)\b", re.I)),
    ("the pigments and materials used", re.compile(r"\bbrand\b|\bvegan\b|\bingredients\b|\bpigments?\b|"
                                                    r"\biron[\s-]oxide|\blatex\b|\bgloves\b", re.I)),
    ("MRI scans", re.compile(r"\bmri\b", re.I)),
    ("shaving", re.compile(r"\bshav(?:e|ing)\b", re.I)),
    ("driving afterwards", re.compile(r"\bdrive (?:me |myself )?home|\bdriv\w* (?:home )?after\w*", re.I)),
    ("home visits", re.compile(r"\bhome visits?|\bhouse ?calls?|\bat home\b|\bto (?:the|my|her|his|our) (?:house|home)",
                               re.I)),
    ("bringing someone with you", re.compile(r"\bbring (?:someone|somebody|a friend|my \w+)|\bcome (?:in )?with "
                                             r"(?:me|him|her|them)\b|\bbring (?:them|him|her) (?:with me|along|to the "
                                             r"consult\w*|in)\b|"
                                             r"\bcome (?:in )?with "
                                             r"(?:me|him|her|them)\b|\b(?:sit|be) (?:in|with (?:her|him|me))\b", re.I)),
    ("a quiet time for the visit", re.compile(r"\bquiet", re.I)),
    ("getting there by public transport", re.compile(r"\bwalk(?:ing)? (?:from|distance)\b|\bstation\b|\bbus stop\b",
                                                     re.I)),
    ("an interpreter", re.compile(r"\binterpreter|\btranslat\w*", re.I)),
)


def practical_subjects(text: str) -> list[str]:
    """What the practical questions in ``text`` are about, in the order asked, for "About parking, …"."""
    found = [(m.start(), name) for name, pattern in _PRACTICAL_SUBJECTS for m in [pattern.search(text or "")] if m]
    return [name for _, name in sorted(found)][:2]


def asked_topics(text: str) -> tuple[str, ...]:
    """The topics a question names in plain words ("is there parking?", "can it be on video?")."""
    text = re.sub(r"\bquestion mark\b", "?", text or "", flags=re.IGNORECASE)     # dictated punctuation
    text = re.sub(r"\s*\bfull stop\b", ".", text, flags=re.IGNORECASE)
    questions = [s for s in re.split(r"(?<=[.?!\n])\s+|\s+(?=\d\)\s)", text)
                 if "?" in s or re.match(r"\W*(?:\d\)\s*)?(?:and |also |or )?(?:can|could|do|does|is|are|will|would|"
                                           r"how|what|whats|wot|wat|wots|wats|when|where|who|which|why|any)\b(?!['’]t\b)", s, re.IGNORECASE)
                 or re.search(r"\b(?:what (?:does|do|should)|how (?:long|much|many|soon)|(?:can|could|do|will|would|"
                              r"should|must) i|"
                              r"does it)\b|^\W*if\b[^.?!]*\b(?:will|would|does|do|can|could)\b|"
                              r"\bwho (?:would|will|could|can) (?:see|read|look)\b", s,
                              re.IGNORECASE)    # a question inside a dictated sentence, or "if …, will …"
                 or re.search(r"\b(?:grateful|appreciate it) if you (?:would|could)\b|\bplease (?:confirm|advise|let me know)\b|"
                              r"\b(?:asked|asking|wants? to know|wondering|like to know) (?:me |you )?(?:whether|if)\b|"
                              r"\b(?:would|should|'d) (?:like|love) to know\b|"
                              r"\b(?:could|would|can) you (?:confirm|advise|tell me)\b|\bi would like to know\b|"
                              r"\b(?:mate|friend|sister|mum|wife|husband|someone) (?:says|said|reckons|told me)\b|"
                              r"^\W*(?:r (?:u|you)|isn'?t|isnt|aren'?t)\b", s, re.IGNORECASE)
                 or re.search(r"\b(?:worry|worried|wonder\w*|concern(?:ed)?|not sure|want to know|don'?t (?:even )?know "
                              r"if|i'?ve read|i read|"
                              r"i'?ve heard|i heard|people say|apparently|read (?:online|somewhere|on \w+))\b", s, re.IGNORECASE)]
    found = [topic for topic, pattern in ASKED_TOPICS if any(pattern.search(q) for q in questions)]
    if "other_studio_work" not in found and ELSEWHERE.search(text) and any(_HELP_WITH_IT.search(q) for q in questions):
        found.append("other_studio_work")     # "…a studio in London made it worse. Is this something you deal with?"
    found += [topic for topic, pattern in TOLD_TOPICS if topic not in found and pattern.search(text)]
    if "photos_privacy" in found:               # whether to send them here: privacy, not the video consultation
        found = [t for t in found if t != "remote_assessment"]
    return tuple(found)


#: "I've got a consultation booked for next week", "my appointment on Thursday at 4": a booking made elsewhere
_BOOKING_HELD = re.compile(
    r"\b(?:i'?ve got|i have|i got|got|have|i'?ve|already (?:got|have|booked)|my)\s+(?:a |an |the )?(?:free )?"
    r"(?:consultation|consult|appointment|appt|booking|session)\b(?!\s+(?:with you )?(?:at all|yet|before))"
    r"(?:[^.?!]{0,40}\b(?:booked|on|at|for|from|next|tomorrow|today|this|coming up|already))|"
    r"\b(?:my |the )?(?:first )?(?:consultation|consult|appointment|appt) is (?:on )?(?:mon|tue|wed|thu|fri|sat|sun|"
    r"tomorrow|today|next|this)|\b(?:i'?m|i am|we'?re) booked (?:in )?(?:for|on)\b|\balready booked\b|\bbooked (?:in |online |"
    r"on the website |through the (?:site|website) |via the website )?for (?:mon|tue|wed|thu|"
    r"fri|sat|sun|tomorrow|next|this)", re.IGNORECASE)
#: changing or cancelling that booking ("could we move it to Friday?", "need to cancel my appointment")
_BOOKING_MOVE = re.compile(r"\bmake it (?:an hour |half an hour |a bit )?(?:earlier|later)\b|"
                           r"\b(?:do|make it|have it|go for|switch to|come)\b[^.?!]{0,40}\binstead\b|"
                           r"\b(?:move|moving|change|changing|reschedul\w*|rearrang\w*|push(?:ing)? (?:it )?back|"
                           r"bring (?:it )?forward|swap)\b[^.?!]{0,40}\b(?:it|appointment|appt|consultation|consult|booking|"
                           r"time|day|date|session)\b|\breschedul\w*", re.IGNORECASE)
#: cancelling, not asking about the rules for it ("whats ur cancellation policy" beside "move my appointment")
_BOOKING_CANCEL = re.compile(r"\b(?:cancel\w*\b(?!\s+(?:policy|policies|fees?|charges?|rules?|terms|notice))|call off|"
                             r"can'?t (?:make|come to|attend) (?:it|my|the)\b)", re.IGNORECASE)


#: someone already treated here ("you did my areola in September", "had my 2nd smp session 3 weeks ago")
_TREATED_HERE = re.compile(
    r"\byou (?:did|done|treated|tattooed|pigmented|camouflaged) my\b|\b(?:marta|she) did my\b|"
    r"\bhad my (?:first|second|third|1st|2nd|3rd|last|latest|scar|smp|areola|stretch mark) (?:\w+ )?(?:session|"
    r"treatment)\b|"
    r"\bi came (?:to you |to the studio |here |in )?(?:last \w+|in \w+|(?:a |\w+ )(?:weeks?|months?|years?) ago) for\b|"
    r"\b(?:came|went) (?:in )?for my (?:first|second|third|1st|2nd|3rd|last) (?:\w+ ){0,3}?session\b|"
    r"\bhad (?:my |the |a )?(?:first |second |1st |2nd )?session (?:with you|here|at (?:the|your) studio)\b|"
    r"\b(?:since|after) my (?:session|treatment|appointment) (?:with you|with marta|here|at the studio)\b|"
    r"\b(?:had|got) (?:my |both |the |our )?(?:\w+ ){0,2}done (?:with|by|at) (?:you|marta|the studio|your studio|yours)\b|"
    r"\b(?:had|got) (?:my |both |the |our )?(?:\w+ ){0,2}(?:done|treated|tattooed|pigmented) (?:here|with y'?all)\b|"
    r"\b(?:had|got) (?:my |the |a )?(?:\w+ ){0,3}(?:with|by) marta\b|"
    r"\b(?:my )?(?:first|second|third|1st|2nd|3rd|last|latest) (?:smp |scar |areola |stretch mark |vitiligo )?session "
    r"(?:was|with you|with marta|here)\b|"
    r"\b(?:i'?ve |i )?had (?:two|three|four|2|3|4|a couple of|several|both|my) (?:\w+ )?sessions (?:on|for|of) (?:my|the)\b",
    re.IGNORECASE)


def treated_here(text: str) -> bool:
    """Whether the person says the studio has treated them already: their question is Marta's to answer.
    ("…radiotherapy, the last session was five months ago" is the hospital's session, not ours.)"""
    return any(_TREATED_HERE.search(clause) and not _OTHER_TREATMENT.search(clause)
               for clause in re.split(r"(?<=[.!?;])\s+", text or ""))


_OTHER_TREATMENT = re.compile(r"\b(?:radio\w*|chemo\w*|physio\w*|laser\w*|therapy|dialysis|infusion|hospital|"
                              r"surgeon|oncolog\w*|another (?:studio|clinic|salon)|other (?:studio|clinic|salon))\b",
                              re.IGNORECASE)


def booking_held(text: str) -> Optional[str]:
    """What the person says about a booking they already have: ``"held"``, ``"move"`` or ``"cancel"``."""
    if re.search(r"\bshould i\b[^.?!]*\bcancel\b|\bor cancel\s*\?|\bdo i (?:need|have) to cancel\b|\bshould i still come\b",
                 text or "", re.IGNORECASE) and _BOOKING_HELD.search(text or ""):
        return "held"                           # "should I still come or cancel?" asks; it cancels nothing
    if not _BOOKING_HELD.search(text or ""):
        if re.search(r"\bcancel\w*\s+(?:my|the|our|tomorrow'?s|today'?s|(?:mon|tues|wednes|thurs|fri|satur|sun)day'?s)\s+"
                     r"(?:\w+\s+)?(?:consultation|appointment|appt|booking|session)|\b(?:need|have|got|want) to cancel "
                     r"(?:tmrw|tomorrow|today|it|my)\b|\bcancel (?:it|that|this|them|the booking|the appointment)\b"
                     r"(?!\s+(?:request|call))", text or "", re.IGNORECASE):
            return "cancel"
        if re.search(r"\b(?:move|change|reschedul\w*|swap|switch)\s+my\s+(?:\w+\s+)?(?:\d|mon|tue|wed|thu|fri|sat|sun|"
                     r"consultation|appointment|appt|booking|session)", text or "", re.IGNORECASE):
            return "move"                       # "can i move my thurs 12 to next week?"
        if re.search(r"\b(?:can|could) (?:we|i|you|u) (?:please )?(?:move|change|swap|switch|push|bring) (?:it|this|that)"
                     r"(?: (?:back|forward|over))? (?:to|for|till|until)\b", text or "", re.IGNORECASE):
            return "move"                       # "can we move it to Wednesday, half eleven?"
        if re.search(r"\b(?:make it|change it to|move it to|switch it to|do it at)\s+(?:\w+\s+){0,2}?(?:\d|half|quarter|noon|"
                     r"midday|(?:mon|tue|wed|thu|fri|sat|sun)\w*)[^.?!]{0,25}\b(?:instead|same day|that day)\b|"
                     r"\bsame day\b[^.?!]{0,15}\binstead\b", text or "", re.IGNORECASE):
            return "move"                       # "wait can u make it 1.30 same day instead"
        if re.search(r"\b(?:change|move|switch|swap|push|bring) (?:it|that|this|mine|the time) (?:back |forward )?(?:to|till|"
                     r"until|for)\s+(?:\w+\s+){0,2}?(?:\d|half|quarter|noon|midday|tomorrow|tmrw|next|"
                     r"(?:mon|tue|wed|thu|fri|sat|sun)\w*)", text or "", re.IGNORECASE):
            return "move"                       # "wtf. change it to wed 12"
        return None
    if _BOOKING_CANCEL.search(text or ""):
        return "cancel"
    if _BOOKING_MOVE.search(text or ""):
        return "move"
    return "held"


_ALLERGY = re.compile(r"\b(?:i'?m|i am|im|i'?ve|i have|i get|had|having|very|quite|really|severely|badly)?\s*"
                      r"(?:allergic|allergy|allergies|reaction to|reacted to|sensitive to)\b", re.IGNORECASE)


#: medicines that change healing or the immune response, named outright; the practitioner checks them
_HEALING_MEDICINES = re.compile(r"\b(methotrexate|prednisolone|prednisone|steroid tablets|oral steroids|ciclosporin|"
                                r"azathioprine|biologics?|humira|adalimumab|etanercept|infliximab|herceptin|trastuzumab|"
                                r"immunotherapy|immunosuppress\w*|tacrolimus|mycophenolate)\b", re.IGNORECASE)


#: everyday medicines people name when they ask whether it matters ("on sertraline and the pill")
_EVERYDAY_MEDICINES = re.compile(
    r"\b(?:the )?(pill|contraceptive pill|mini pill|hrt|antidepressants?|sertraline|citalopram|fluoxetine|"
    r"escitalopram|mirtazapine|venlafaxine|amitriptyline|propranolol|levothyroxine|thyroxine|metformin|insulin|statins?|"
    r"atorvastatin|simvastatin|ramipril|lisinopril|amlodipine|losartan|bisoprolol|tamoxifen|letrozole|anastrozole|"
    r"finasteride|minoxidil|spironolactone|antibiotics?|doxycycline|lymecycline|antihistamines?|inhalers?|"
    r"blood pressure (?:tablets|pills|meds|medication)|thyroid (?:tablets|meds|medication)|adhd meds|"
    r"elvanse|methylphenidate|ritalin|lithium|quetiapine|gabapentin|pregabalin|codeine|tramadol|ibuprofen|"
    r"naproxen)\b", re.IGNORECASE)
#: "I'm on X", "taking X": the name that follows, when it looks like a medicine's
_ON_MEDICINE = re.compile(r"\b(?:i'?m on|im on|i am on|currently on|i take|taking|prescribed)\s+([a-z]+(?:ine|ol|pril|"
                          r"sartan|statin|azole|mab|pam|olone|mycin|cillin|xetine|pine|done|zide|lol))\b", re.IGNORECASE)


def healing_medicine(text: str) -> Optional[str]:
    """A medicine named that can affect healing ("on methotrexate for RA"), or any other named when the visitor
    says they take it ("on sertraline and the pill"), as written. Blood thinners and isotretinoin have their own
    notes."""
    match = _HEALING_MEDICINES.search(text or "")
    if match and not NEGATION.search(text[max(0, match.start() - 20):match.start()]):
        return match.group(1)
    named = [m for m in (*_EVERYDAY_MEDICINES.finditer(text or ""), *_ON_MEDICINE.finditer(text or ""))
             if not NEGATION.search(text[max(0, m.start() - 20):m.start()])
             and not any(term in m.group(1).lower() for terms in (HEALTH_TERMS["anticoagulants"],
                                                                   HEALTH_TERMS["isotretinoin"]) for term in terms)]
    if not named or not re.search(r"\b(?:on|take|taking|takes|prescribed|tablets?|meds|medication|pill)\b", text or "",
                                  re.IGNORECASE):
        return None
    names = list(dict.fromkeys(m.group(1).lower() for m in sorted(named, key=lambda m: m.start())))
    return " and the ".join(names[:2])         # "the sertraline and the pill"


_SKIN_CONDITION = re.compile(r"\b(psoriasis|eczema|dermatitis|rosacea|rash|acne|cold sores?|fungal|sunburn\w*|"
                             r"burnt and peeling|(?:head|scalp|skin) is peeling)\b", re.IGNORECASE)
_ACTIVE = re.compile(r"\b(flar\w*|active|bad|red|flaky|sore|weeping|right now|at the moment|currently|at the min|"
                     r"playing up|broken out|breakout|peeling|patch\w*|plaques?|itchy|scaly)\b", re.IGNORECASE)


def skin_condition_active(text: str) -> Optional[str]:
    """An active skin condition in the area ("scalp psoriasis flaring right now"): it has to settle first."""
    for clause in re.split(r"[.;!?\n]+", text or ""):
        match = _SKIN_CONDITION.search(clause)
        if not match:
            continue
        near = clause[max(0, match.start() - 30):match.end() + 40]
        if _ACTIVE.search(near) and not PAST.search(near.lower()) \
                and not re.search(r"\b(?:had|used to have|suffered|was|were)\b", clause[:match.start()], re.IGNORECASE) \
                and not re.search(r"\bacne scars?\b|\bscars? from (?:my )?acne\b", clause, re.IGNORECASE) \
                and not (re.search(r"\bfor (?:my |the |bad |severe |really bad )?acne\b", clause, re.IGNORECASE)
                         and PAST.search(clause.lower())):   # "finished roaccutane in august for bad acne": why, then
            found = match.group(1).lower()
            return "sunburn" if found.startswith(("sunburn", "burnt")) or found.endswith("peeling") else found
    return None


#: darker skin said of oneself or the person asked for: the phototype check and the risk of darkening concern them
_DARKER_SKIN = re.compile(
    r"\b(?:i'?m|i am|im|he'?s|she'?s|he is|she is|they'?re|being|as a|we'?re)\s+(?:a\s+)?(?:\w+,?\s+)?(?:black|south asian|"
    r"mixed[\s-]race|indian|pakistani|bangladeshi|african|caribbean|nigerian|ghanaian|somali|sri lankan|tamil)\b(?!\s+(?:and|n)"
    r"\s+white\b)|\b(?:dark|darker|brown|black|olive|deep|melanin[\s-]rich)[\s-](?:skin\w*|complexion)\b|\b(?:my|his|her|their) "
    r"skin(?: tone)? is (?:quite |very |pretty |really |naturally |fairly )?(?:dark|brown|black|olive|deep)\b|"
    r"\b(?:phototype|fitzpatrick|skin type)\s*(?:4|5|6|iv|v|vi)\b|\btan(?:s)? (?:very |really |quite )?(?:easily|easy|quick\w*)\b|"
    r"\btake sun (?:very )?easy\b", re.IGNORECASE)


#: a birth, dated or plainly recent ("from my baby in september", "had the twins in May", "6 weeks postpartum")
_BIRTH = re.compile(r"\b(?:(?:after|from|since|with) (?:having )?(?:my|the|our) (?:baby|babies|twins|little one|son|daughter|"
                    r"pregnancy|c-?section)|(?:had|having) (?:my|a|the|our) (?:baby|twins|little one)|gave birth|"
                    r"(?:baby|twins|little one) (?:was |were )?born)\b", re.IGNORECASE)
_RECENT_BIRTH = re.compile(r"\b(?:newborn|new baby|post[\s-]?partum|post[\s-]?natal|maternity leave|on mat leave)\b",
                           re.IGNORECASE)


def new_baby(text: str) -> bool:
    """A baby born within about two years: breastfeeding may matter, though it was not said."""
    if _RECENT_BIRTH.search(text or ""):
        return True
    match = _BIRTH.search(text or "")
    if not match:
        return False
    months = age_in_months((text or "")[match.start():match.end() + 40])
    return months is not None and months <= 24


def darker_skin(text: str) -> bool:
    """Darker skin stated ("I'm Black Caribbean", "olive skin", "my skin is quite dark"): the assessment checks how
    likely it is to darken after treatment (the domain notes' phototype and hyperpigmentation risk)."""
    return bool(_DARKER_SKIN.search(text or ""))


def allergy(text: str) -> bool:
    """An allergy or a past reaction stated ("allergic to latex", "bad reaction to lidocaine")."""
    return any(_ALLERGY.search(c) and not NEGATION.search(c) for c in clauses(text))


_STRETCH_YOUNG = re.compile(r"\b(?:red|purple|pink|reddish|purplish|dark red|new|fresh|raised)\b", re.IGNORECASE)


_STRETCH_MATURE = re.compile(r"\b(?:white|whit\w+|silver\w*|pale|faded|old ones)\b|\b(?:not|no longer|aren'?t|never) "
                             r"(?:\w+ )?(?:red|purple|pink)\b", re.IGNORECASE)


def stretch_marks_stage(text: str) -> Optional[str]:
    """``"young"`` (still red or purple: they wait), ``"mature"`` (white or silvery: the kind treated), or
    ``"mix"`` (some of each), for a message about stretch marks; None when it says neither."""
    if not re.search(r"stretch|striae|tiger stripes", text or "", re.IGNORECASE):
        return None
    young = bool(_STRETCH_YOUNG.search(re.sub(r"\b(?:not|no longer|aren'?t|never) (?:\w+ )?(?:red|purple|pink)\b",
                                              " ", text or "", flags=re.IGNORECASE)))
    mature = bool(_STRETCH_MATURE.search(text or ""))
    return "mix" if young and mature else "young" if young else "mature" if mature else None


def stretch_marks_young(text: str) -> bool:
    """Stretch marks still red or purple: they need to mature to pale before camouflage."""
    return stretch_marks_stage(text) == "young"


#: the service was had or tried already ("I've had microneedling three times", "been on finasteride for 2 years",
#: "spent so much on a radiofrequency place"): told as history, it asks for nothing
_HAD_BEFORE = re.compile(r"\b(?:had|have had|i've had|ive had|tried|been on|was on|did|done|went to|go to|been to|"
                         r"spent|paid|after|since|using|used|use|take|taking|on|from|having|through|undergoing)\b[^.?!,;]{0,40}$",
                         re.IGNORECASE)
#: dated right after it ("a tummy tuck 14 months ago"): something done, not asked for
_DATED_AFTER = re.compile(r"^[^.?!,;]{0,15}?\b(?:\w+ (?:weeks?|months?|years?) ago|last (?:year|month|summer|spring|autumn|"
                          r"winter)|in (?:19|20)\d\d)\b", re.IGNORECASE)


#: a comparison with another kind of place, which asks about this studio's work, not for the other service
_COMPARED = re.compile(r"\b(?:difference|different) (?:between|from) (?:you|u|your \w+|this)\b|\bcompared (?:to|with)\b|"
                       r"\b(?:vs\.?|versus)\s*(?:a |the )?$|\bwhy (?:you|u) (?:and|not|rather than|instead of)\b", re.IGNORECASE)


#: what camouflage is for, said in a visitor's words ("so it doesn't stand out", "skin colour")
_CAMOUFLAGE_WISH = re.compile(r"\b(?:don'?t|dont|doesn'?t|does not|wouldn'?t|won'?t|not) (?:stand out|show|notice)|"
                              r"\b(?:skin[\s-]?colou?r(?:ed)?|flesh[\s-]?colou?r(?:ed)?|blend\w*|less (?:obvious|noticeable|"
                              r"visible)|match (?:my|the|his|her) skin|match the rest of|colou?r (?:it|that|that bit|them) in|same colou?r as (?:my|the) skin|camouflag\w*|"
                              r"disguise|hide (?:it|them|the))\b", re.IGNORECASE)


_DESIGN_NAMED = re.compile(r"\b(?:design|flowers?|roses?|floral|script|portrait|butterfl\w+|vines?|feathers?|pattern|"
                           r"picture|artwork|decorative|colou?rful|instead of the skin)\b", re.IGNORECASE)


def other_service(text: str) -> Optional[str]:
    """The kind of service asked for that the studio does not offer ("makeup", "removal"…), if any.

    Named as something had before ("had microneedling three times which helped a little") it is history,
    not a request, unless the same sentence asks for it ("…can you do microneedling too?")."""
    for kind, pattern in OTHER_SERVICES:
        for match in pattern.finditer(text or ""):
            sentence_start = max(text.rfind(c, 0, match.start()) for c in ".?!\n") + 1
            before = text[sentence_start:match.start()]
            if (_HAD_BEFORE.search(before) or _DATED_AFTER.search(text[match.end():])) \
                    and not re.search(r"\b(?:can|could|do) (?:you|u)\b", before, re.I):
                continue
            if kind == "skin_lightening" and re.search(r"\bscars?\b|\brash\b|\bgraze|\broad rash",
                                                      re.sub(r"\b(?:no|not|without|never had)\s+(?:any\s+|a\s+)?scars?\b",
                                                             " ", text, flags=re.I), re.I):
                continue                        # "darker round the edges of my scar": camouflage, not lightening
            if kind == "tattoo_design" and _CAMOUFLAGE_WISH.search(text) and not _DESIGN_NAMED.search(text):
                continue                        # "tattoo over it so it dont stand out": camouflage, no design
            if _COMPARED.search(before):
                continue                        # "the difference between you and the permanent make-up salon": a comparison
            if _ALONGSIDE.search(text):
                continue                        # "…in between the laser sessions?": a question about our timing
            return kind
    return None


def asks_pain(text: str) -> bool:
    """Whether a question is about pain or needles ("I'm terrified of needles, how bad is it?")."""
    return bool(_PAIN_WORDS.search(text or "")) and ("?" in (text or "") or bool(re.search(
        r"\b(?:does|do|will|would|is) (?:it|this|that|they)\b[^.?!]{0,10}\b(?:hurt|painful|sting)|"
        r"\b(?:didn'?t|didnt|never|did not) (?:say|tell me|answer)\b[^.?!]{0,25}\b(?:hurt|painful|pain)",   # "u didnt say if"
        text or "", re.I)))


def asks_price(text: str) -> bool:
    """Whether a question is about what it costs; what someone was charged elsewhere ("charged me £50") is not."""
    told = re.sub(r"\b(?:charged|paid|spent|cost|took) (?:me |us |her |him )?(?:a |about |around |over |more than |nearly |almost )?[£$€]?\d+\w*", " ",
                  text or "", flags=re.IGNORECASE)
    return bool(_PRICE_WORDS.search(told))


#: a month said as a time to come back: "in May", "next october", "at the end of February", "early march"
_MONTH_WHEN = (r"(?:\bin|\bnext|\baround|\bby|\b(?:at |towards |near |by )?the (?:end|start|beginning|middle) of|"
               r"\b(?:end|start|beginning|middle) of|\bearly|\blate|\bmid-?)\s+(?:next\s+)?"
               r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
               r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b")
#: a month named on its own ("could it be june instead"); "may" only where it cannot be the verb
_MONTH_BARE = (r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may(?=\s+(?:instead|rather|(?:19|20)\d{2}))|june?|july?|"
               r"aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
#: "get in touch with me in 8 months", "email me a reminder when the 12 months are up", "contact me later"
_FOLLOW_UP = re.compile(
    r"\b(?:contact|get (?:back )?in touch with|message|email|e-mail|text|remind|ring|call|chase|reach out to|"
    r"check in with)\s+(?:me|us)\b[^.?!]{0,50}?\b(?:later|in (?:a |about |around )?(?:\w+ ){0,2}(?:weeks?|months?|"
    r"years?)|when (?:it'?s|the \d+ months?|i'?m|i am|the time)|closer to|nearer the time|next (?:year|month|spring|"
    r"summer|autumn|winter)|" + _MONTH_WHEN + r")|\bremind me\b|"
    r"\bkeep in touch\b|\bfollow(?: me)? up (?:with me )?later\b|\bget (?:back )?in touch (?:when|once|around|nearer|"
    r"closer)\b|\bget (?:back )?in touch (?:with (?:me|us) )?(?:" + _MONTH_WHEN + r"|in "
    r"(?:a |about |around )?(?:few |couple of )?(?:\d+ |\w+ )?months?)\b|"
    r"\b(?:give|drop) (?:me|us) a (?:shout|call|ring|text|bell|message|nudge)\b|\bhit me up\b|"
    r"\blet me know when (?:it'?s|i'?m|i am|the time|the \d+ months|(?:i|it) can)\b|"
    # "put me down for a message in june", "a follow up email in june 2027", "message me, but could it be june instead"
    r"\b(?:put|pencil|note|mark) (?:me|us) down for (?:a |an )?(?:message|email|e-mail|text|reminder|follow[\s-]?up|call)\b|"
    r"\b(?:change|move|make|put) the (?:contact|follow[\s-]?up|reminder|call[\s-]?back|message) (?:date|month|time)\b|"
    r"\bfollow[\s-]?up (?:email|e-mail|message|text|call|reminder)\b[^.?!]{0,25}?" + _MONTH_WHEN + r"|"
    r"\b(?:contact|message|email|e-mail|text|remind|ring|call)\s+(?:me|us)\b[^.?!]{0,50}?\b" + _MONTH_BARE
    + r"\s+(?:instead|rather)\b",
    re.IGNORECASE)
_MONTH_NAMED = re.compile(_MONTH_WHEN, re.IGNORECASE)
_INSTEAD = re.compile(r"\b" + _MONTH_BARE + r"(?:\s+(?:of\s+)?(?:19|20)\d\d)?\s+(?:instead|rather)\b", re.IGNORECASE)
#: any month named, "may" only where it cannot be the verb
_ANY_MONTH = re.compile(r"\b" + _MONTH_BARE + r"\b", re.IGNORECASE)
#: a month turned down ("not March", "instead of March")
_MONTH_DENIED_BEFORE = re.compile(r"\b(?:not|instead of|rather than|than)\s+(?:in\s+)?$", re.IGNORECASE)
_MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_IN_MONTHS = re.compile(r"\bin (?:a |about |around |like |roughly |maybe |another )?(\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|"
                        r"eleven|twelve|couple of|few) (weeks?|months?|years?)\b", re.IGNORECASE)


def follow_up_in(text: str) -> Optional[float]:
    """When the visitor wants to hear back, in months from now, if they said ("in 8 months", "in a couple of
    months"); 0 when they asked for a follow-up without saying when; None when they asked for none."""
    if not _FOLLOW_UP.search(text or ""):
        return None
    match = _IN_MONTHS.search(text or "")
    asked = _FOLLOW_UP.search(text or "")
    # the month said with the request ("get in touch in June next year? … married in May"), else any month wanted
    wanted = month_wanted((text or "")[asked.start():asked.end() + 12]) if asked and not _INSTEAD.search(text or "") \
        else None
    wanted = wanted if wanted is not None else month_wanted(text)
    if not match and wanted is not None:        # "call me in January", "in june 2027", "june instead": months to it
        return wanted
    if not match:
        return 0.0
    n, unit = _number(match.group(1)), match.group(2).lower()
    return n * (12 if unit.startswith("y") else 12 / 52 if unit.startswith("w") else 1)


def month_wanted(text: str) -> Optional[float]:
    """Months from now to the month a visitor wants ("june instead", "in June 2027, not March", "early June 2027"):
    the one said with "instead", else the last one not turned down; None when no month is named."""
    text = text or ""
    named = _INSTEAD.search(text)
    if named is None:
        found = {m.start(1): m for m in [*_ANY_MONTH.finditer(text), *_MONTH_NAMED.finditer(text)]}   # "in May" too
        kept = [found[at] for at in sorted(found) if not _MONTH_DENIED_BEFORE.search(text[:at])
                and not re.match(r"[a-z]*\s+(?:was|is) when\b", text[at:], re.IGNORECASE)]
        named = kept[-1] if kept else None
    if named is None:
        return None
    today = date.today()
    month = _MONTH_ABBREVIATIONS.index(named.group(1).lower()[:3]) + 1
    year = re.match(r"[a-z]*\s+(?:of\s+)?((?:19|20)\d{2})\b", text[named.end(1):], re.IGNORECASE)
    if year and int(year.group(1)) * 12 + month > today.year * 12 + today.month:
        return float((int(year.group(1)) - today.year) * 12 + month - today.month)
    return float((month - today.month) % 12 or 12)


_TURNS_ADULT = re.compile(r"\b(?:18|eighteen)\b[^.?!]{0,12}?\b(?:in (?:a |about |around |like |roughly |another )?"
                          r"(?:\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|couple of|few) "
                          r"(?:weeks?|months?)|in (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|"
                          r"on (?:the )?\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b",
                          re.IGNORECASE)


def adult_in_months(text: str) -> Optional[float]:
    """How many months until the writer turns 18, when they said ("17 but 18 in like 4 months", "18 in april")."""
    match = _TURNS_ADULT.search(text or "")
    if not match:
        return None
    said = match.group(0)
    named = _MONTH_NAMED.search(said) or re.search(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b$", said,
                                                   re.IGNORECASE)     # "18 on 2nd jan"
    if named:
        return float((_MONTH_ABBREVIATIONS.index(named.group(1).lower()[:3]) - date.today().month + 1) % 12 or 12)
    amount = _IN_MONTHS.search(said)
    if not amount:
        return None
    n, unit = _number(amount.group(1)), amount.group(2).lower()
    return n * (12 / 52 if unit.startswith("w") else 1)


_CLOSING_TIME = re.compile(r"\b(?:wh?at time|wot time|when|till when|until when|how late)\s+(?:do|does|are|is)\s+(?:you|the studio|"
                           r"it|u)\s+(?:\w+\s+)?(?:close|shut|open|finish)\b", re.IGNORECASE)
_OPEN_ON = re.compile(r"\b(?:are|r) (?:you|u) open (?:on )?(?:\w+ ){0,3}(?:mon|tue|wed|thu|fri|sat|sun)\w*|"
                      r"\b(?:if|whether) (?:you'?re|your|ur|you are|u r|youre|the studio is|it'?s) open (?:on |at )?(?:the )?"
                      r"(?:weekends?|(?:mon|tue|wed|thu|fri|sat|sun)\w*)|"
                      r"\b(?:is|will) (?:marta|she|someone|anyone) (?:be )?(?:there|in|working|around) (?:on )?"
                      r"(?:mon|tue|wed|thu|fri|sat|sun)\w*", re.IGNORECASE)
_LATEST = re.compile(r"\b(?:latest|last|earliest|first) (?:appointment|appt|slot|time|consultation)s?\b"
                     r"(?! (?:is|was|with|on|at|for|be|by|like|going|done|online|over|involve\w*|include\w*)\b)(?<!\blast time)|\blast time(?! (?:i|we|you|u|he|she|they|it|my|"
                     r"someone|somebody|was|is|with|on|at|for)\b)", re.IGNORECASE)     # not "last time I let someone…"
_HOURS_WORDS = re.compile(r"\b(late|early|open|opening|close|closing|closed|hours|till|until)\b", re.IGNORECASE)


def asks_hours(text: str) -> bool:
    """A short question about a day's hours ("thurs late?", "open saturdays?"), not a visit at a time; in a
    longer message, one of its sentences ("Thursday you're open late right? til when? and…")."""
    if _CLOSING_TIME.search(text or "") or _OPEN_ON.search(text or "") or any(
            _LATEST.search(s) and "?" in s for s in re.split(r"(?<=[.?!\n])\s+", text or "")):
        return True                             # "…what time do you close on a saturday", "are you open on bank hol monday"
    return any(len(s.split()) <= 6 and _DAY_WORDS.search(s) and _HOURS_WORDS.search(s) and not _CLOCK.search(s)
               and not _VISIT_WORDS.search(s) for s in re.split(r"(?<=[.?!\n])\s+", text or "") if s.strip())


#: a message naming a day and a clock time this short asks for that time
SHORT_TIME_WORDS = 10


_DAY_AND_HOUR = re.compile(r"^\W*(?:tmrw?|tomorrow|2moro|today|(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day)?)"
                           r"\s+(?:at\s+)?(?:1[0-2]|[1-9])(?:ish)?\W*$", re.IGNORECASE)


def names_a_clock(text: str) -> bool:
    """Whether a clock time is named ("about half 6", "at 10", "2pm")."""
    return bool(_CLOCK.search(text or ""))


#: a date that belongs to something in their life, not to a visit: "getting married 19th june next year", "my
#: holiday is on the 3rd"
_LIFE_EVENT_DATE = re.compile(r"\b(?:getting married|get married|married|wedding|honeymoon|holiday|birthday|due date|"
                              r"(?:baby|she|he|i|i'?m) (?:is |am )?due|graduation|prom|christening|anniversary|hen do|"
                              r"stag do|big day)\b[^.?!,]{0,30}", re.IGNORECASE)


def wants_time(text: str) -> bool:
    """Whether the message asks for a visit at a named day or time."""
    text = without_busy(_LIFE_EVENT_DATE.sub(" ", text or ""))   # "no childcare on Tuesdays": no day wished for
    if _DAY_AND_HOUR.match(text or ""):
        return True                             # "tmrw 11?", "sat 2?"
    day, clock = _DAY_WORDS.search(text or ""), _CLOCK.search(text or "")
    if day and clock and len((text or "").split()) <= SHORT_TIME_WORDS:
        return True                             # "tmrw 10am?", "is 1.45 on saturday ok? cant do any earlier"
    if day and clock and any(_DAY_WORDS.search(s) and _CLOCK.search(s) and len(s.split()) <= SHORT_TIME_WORDS // 2
                             for s in re.split(r"(?<=[.!?])\s+", text or "")):
        return True                             # "Ok. I think I'll go for it. Monday at 2.30, in person?"
    if day and _WHATS_FREE.search(text or ""):
        return True                             # "whats there wed around 12-1": the times of that day, asked
    return bool((day or clock) and _VISIT_WORDS.search(text or ""))


#: asking what is free ("whats there wed", "anything left on friday"), beside a day
_WHATS_FREE = re.compile(r"\bwh?at'?s (?:there|free|available|left|open|going)\b|\bany(?:thing)? (?:free|available|left|"
                         r"open|going)\b|\baround \d{1,2}(?:\s*(?:-|to)\s*\d{1,2})?\b", re.IGNORECASE)


_WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)(?:day|dy|s|es|nes|nesday|nsday|rs|rsday|rsdy|rdsay|rday|urday|"
                      r"erday|ur|d|sday|sdy)?s?\b", re.IGNORECASE)     # "thursdys", "wednsday", "saturday"
_WEEKDAY_NAMES = {"mon": "monday", "tue": "tuesday", "wed": "wednesday", "thu": "thursday", "fri": "friday",
                  "sat": "saturday", "sun": "sunday"}


#: "open sat?", "this sun", "sat or mon": the short forms read as days only after such a word
_DAY_BEFORE_SHORT = re.compile(r"(?:\b(?:open|on|this|next|every|til|till|until|or|closed|shut)|[,/&-])\s*$",
                               re.IGNORECASE)


def _is_day(match: "re.Match[str]", text: str) -> bool:
    """Not "I sat down" nor "the sun": a bare "sat" or "sun" is a day only after a word that introduces one."""
    return match.group(0).lower() not in ("sat", "sun", "suns") or bool(
        _DAY_BEFORE_SHORT.search(text[:match.start()]) and not re.search(r"\bin the\s*$", text[:match.start()], re.I))


def weekdays(text: str) -> tuple[str, ...]:
    """Every weekday named ("what time do you close on Thursday and Friday"), in order, each once."""
    found = [_WEEKDAY_NAMES[m.group(1).lower()] for m in _WEEKDAY.finditer(text or "") if _is_day(m, text or "")]
    return tuple(dict.fromkeys(found))


def weekday(text: str) -> Optional[str]:
    """The weekday named ("fri", "Thursdays", "weds"), as its full lower-case name."""
    found = weekdays(text)
    return found[0] if found else None


_MONTHS_PER = {"w": 12 / 52, "m": 1.0, "y": 12.0}


#: a clause this long with no punctuation is a run-on ("…still raised and i'm on blood thinners and i tend to keloid
#: anyway we're going on a cruise…", as voice typing writes): split at its "and"s so each fact keeps its own tense
RUN_ON_WORDS = 25


def clauses(text: str) -> list[str]:
    """Lower-case clauses of ``text``, each padded with spaces so whole-word tests are simple."""
    found = []
    for clause in CLAUSE.split((text or "").lower().replace("’", "'")):
        if clause and clause.strip():
            found += re.split(r"\s+and\s+", clause) if len(clause.split()) > RUN_ON_WORDS else [clause]
    return [f" {c.strip()} " for c in found if c.strip()]


def _number(word: str) -> float:
    word = word.lower().replace(",", ".")
    return float(_NUMBER_WORDS.get(word, 0) or word) if word not in _NUMBER_WORDS else float(_NUMBER_WORDS[word])


_MONTH_STARTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def last_month_back(month: str, today: date) -> int:
    """Months back to "last <month>": the latest one when it is half a year or more ago ("last March" in December is
    this year's), else the year before ("last October" in December: "in October" would say the one just gone)."""
    back = (today.month - _MONTH_STARTS.index(month[:3].lower()) - 1) % 12
    return back if back >= 6 else back + 12


#: a season said of something done ("finished in the summer", "last spring"): its middle month
_SEASON = re.compile(r"\b(?:last |in (?:the )?|this |over the |during the |(?:at the )?(?:end|start|beginning) of (?:the )?)"
                     r"(spring|summer|autumn|fall)\b", re.IGNORECASE)
_SEASON_MONTH = {"spring": "April", "summer": "July", "autumn": "October", "fall": "October"}


def seasons_as_months(text: str) -> str:
    """``text`` with a past season put as its middle month ("in the summer", "last summer" -> "in July"), so it
    dates a mark; "last summer" said in December is this year's."""
    return _SEASON.sub(lambda m: f"in {_SEASON_MONTH[m.group(1).lower()]}", text or "")    # the latest one past


def age_in_months(text: str, today: Optional[date] = None) -> Optional[float]:
    """The first "N months/years ago" in ``text``, whatever it is about; else a month named as past
    ("finished in March", "ended in april this year", "in the summer"), counted back from ``today``."""
    text = seasons_as_months(text)
    match = _AGE_OF_THING.search(text or "")
    if match:
        return _in_months(match)
    month = _IN_MONTH.search(text or "")
    if not month:
        return None
    today = today or date.today()
    number = _MONTH_ABBREVIATIONS.index(month.group(1).lower()) + 1
    year = re.match(r"[a-z]*\s+(?:of\s+)?((?:19|20)\d{2})\b", (text or "")[month.end(1):], re.IGNORECASE)
    if year and int(year.group(1)) <= today.year:
        return float(max(0, (today.year - int(year.group(1))) * 12 + today.month - number))   # "in March 2025"
    if month.group(0).lower().startswith("last") and not month.group(2):
        return float(last_month_back(month.group(1), today))     # "last March" in December: 9 months; "last October": 14
    back = (today.month - number) % 12 + (12 if month.group(2) and "last" in month.group(2).lower() else 0)
    if month.group(0).lower().startswith("end of") and back:
        back -= 1                               # "at the end of September", in December: about 2 months
    return float(back)


_IN_MONTH = re.compile(r"\b(?:in|since|last|end of|beginning of|(?:was |in )?(?:mid|mid-|middle of|early|late|start of))\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
                       r"(\s+(?:of\s+)?(?:this|last)\s+year)?\b", re.IGNORECASE)


def _in_months(match: "re.Match[str]") -> float:
    amount = _number(match.group(1))
    if re.search(r"and a half", match.group(0), re.IGNORECASE):
        amount += 0.5
    return round(amount * _MONTHS_PER[match.group(2)[0].lower()], 1)


#: a month said of something done ("was in August", "had it done in May"), never a plan ("booked in for March")
_SAID_DONE = re.compile(r"\b(?:was|were|had|got|did|done|happened|performed|since|from|made|created|rebuilt|reconstructed|"
                        r"operated|removed|cut out|taken out|finished|completed|healed|ended)\b", re.IGNORECASE)
#: a clause about one of these is not about the mark's age ("stopped Roaccutane 5 months ago")
_OTHER_EVENTS = re.compile(r"\b(roaccutane|accutane|isotretinoin|radio\w*|chemo\w*|breast[\s-]?feed\w*|pregnan\w*|"
                           r"baby|holiday|wedding|trip|stopped|finished|moved|started (?:taking|on)|lost my|"
                           r"passed away|died|funeral|divorc\w*|married|retired|diagnos\w*|me again|came (?:in|by|to see you)|"
                           r"visited|spoke (?:to|with)|messaged|chatted|wrote to|emailed|consultation|consult|"
                           r"(?:my|a) (?:friend|mate|sister|brother|mum|mom|cousin|colleague|neighbou?r)(?:'s)? (?:had|got|did)|"
                           r"eyebrows done|brows done)\b", re.IGNORECASE)
#: "I am 71 years old", "she's 17 years old": a person's age, never the mark's
_PERSON_AGED = re.compile(r"\b(?:i'?m|i am|im|aged?|she'?s|he'?s|she is|he is|who is|who'?s|turned|turning)\s*$", re.IGNORECASE)
#: a clause about the mark or the operation that made it: its age is the one that counts
_OF_THE_MARK = re.compile(r"\b(scar\w*|op|ops|operation|surgery|mastectomy|reconstruct\w*|recon\w*|nipple|areola|diep|flap|"
                          r"section|accident|burn\w*|"
                          r"injury|wound|mark|marks|it|implants?|procedure|transplant|stitches)\b", re.IGNORECASE)


#: "Sept last year", "March 2024": a month with its year, past
_MONTH_AND_YEAR = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:(?:of\s+)?(?:last|this)\s+year|"
                             r"(?:19|20)\d{2})\b", re.IGNORECASE)
#: ", Sept last year": a month and year standing alone after a comma
_DATE_ALONE = re.compile(r",\s*(?=" + _MONTH_AND_YEAR.pattern[2:] + ")", re.IGNORECASE)


def months_ago(text: str) -> Optional[float]:
    """How long ago the thing happened, in months ("4 months old", "two years ago", "6 wks post op").

    Clause by clause: an age said of a medicine, a pregnancy, a loss or a trip is not the mark's age,
    and an age said of the scar or the operation wins over any other ("lost my mum 2 years ago… the op
    was 8 months ago")."""
    found: list[tuple[bool, "re.Match[str]"]] = []
    dated: list[float] = []
    text = re.sub(r"(\d)\s*\+\s*(?=[a-z])", r"\1 ", text or "", flags=re.IGNORECASE)   # "5+ yrs"
    text = _DATE_ALONE.sub(" in ", text)         # "burn on my forearm, Sept last year": that clause's date
    text = seasons_as_months(text)               # "reconstruction finished in the summer": July
    for clause in re.split(r"[.;,!?\n]+|\band\b|\bbut\b", text or ""):
        match = _AGE_OF_THING.search(clause)
        others = {m.lower() for m in _OTHER_EVENTS.findall(clause)}
        if others <= {"finished", "stopped"} and any(m.lower() not in ("it", "mark") for m in _OF_THE_MARK.findall(clause)):
            others = set()                      # "the reconstruction was finished 5 weeks ago" dates the mark
            # ("…went on Roaccutane and stopped it 7 months ago": "it" is the medicine, not the mark)
        if match and not others and not _PERSON_AGED.search(clause[:match.start()]):
            found.append((bool(_OF_THE_MARK.search(clause)), match))
        elif not match and not others and _OF_THE_MARK.search(clause) and _IN_MONTH.search(clause) \
                and (_SAID_DONE.search(clause) or _MONTH_AND_YEAR.search(clause)):   # "… in Sept last year"
            dated.append(age_in_months(clause) or 0.0)      # "the op was in August": counted back from today
    about_mark = [_in_months(m) for about, m in found if about] + dated
    if about_mark:
        return min(about_mark)                  # "mastectomy 2 years ago… the nipple 5 months ago": the latest counts
    if found:
        return _in_months(found[0][1])
    bare = _BARE_AGE.search(text)
    if bare and not _OTHER_EVENTS.search(text[:bare.start()]):
        # "I have burn on hand from cooking oil, 5 month.": the mark's age said without "ago"
        return _number(bare.group(1)) * (12 if bare.group(2).lower().startswith("y") else 1)
    year = _YEAR_OF_MARK.search(text)
    if year and _OF_THE_MARK.search(text) and not _OTHER_EVENTS.search(text[max(0, year.start() - 40):year.start()]):
        today = date.today()                    # "my burn scar? neck, from 2019": the middle of that year
        months = (today.year - int(year.group(1))) * 12 + today.month - 7
        return float(months) if months >= 6 else None
    return None


#: the mark, then its age alone at the end of the clause ("burn on hand from cooking oil, 5 month.")
_BARE_AGE = re.compile(r"\b(?:burn\w*|scars?|cut|wound|injury|op|operation|surgery|accident|bite)\b[^.?!]{0,40}?,\s*"
                       r"(\d{1,2}) (months?|years?|yrs?)\b(?!\s*(?:old|ago|pregnant|baby|postpartum))(?=\s*(?:[.!?,;]|$|now\b))",
                       re.IGNORECASE)
#: a year said of the mark alone ("from 2019", "back in 2021", "since 2020"), no month
_YEAR_OF_MARK = re.compile(r"\b(?:from|in|since|back in|done in|had it in)\s+((?:19|20)\d\d)\b(?!\s*[-/]\d)", re.IGNORECASE)


#: an urgent sign talked down after the doctor message ("probably just healing tho right? ill wait till monday")
DOWNPLAYED = re.compile(r"\bprobably (?:just|nothing|fine|normal|ok)\b|\bjust (?:healing|bruising|normal)\b|"
                        r"\bi'?ll (?:just )?(?:wait|see how|leave it|give it)\b|\bsee how it goes\b|\bwait and see\b|"
                        r"\bwait (?:till|until|til)\b|\b(?:it'?s|its) (?:probably )?(?:fine|nothing|normal)\b|"
                        r"\boverreact\w*|\bdon'?t want to (?:bother|waste)\b|\bno need\b", re.IGNORECASE)
#: doing what the urgent advice said ("calling 111 now", "ok going to a&e"): the right call, and when to go further
SEEKING_HELP = re.compile(r"\b(?:call(?:ing|ed)?|ring(?:ing)?|rang|phon(?:e|ing|ed)|going to|go to|off to|heading to|on my way "
                          r"to|booked|getting|got|seeing|see) (?:an? |the |my )?(?:111|999|gp|doctor|docs?|a ?& ?e|a and e|"
                          r"urgent care|hospital|walk[- ]in|pharmacist|nhs|out of hours)\b|\b(?:111|999|a&e) (?:now|it is|then)\b",
                          re.IGNORECASE)
#: "WhatsApp me first, not a call", "text me instead": how they want to be reached
CONTACT_WAY = re.compile(r"\b(?:whats ?app|text|sms|email|e-mail)\b[^.?!]{0,20}\b(?:me|first|instead|rather|please)\b|"
                         r"\b(?:me|first|instead|rather|prefer)\b[^.?!]{0,20}\b(?:whats ?app|text|sms|email)\b",
                         re.IGNORECASE)
#: "pregnant with no.2", "baby number 3": a number, not a "no"
_NUMBERED = re.compile(r"\bno\.?\s?(?=\d)", re.IGNORECASE)
#: taken now, whatever else the clause says happened in the past ("on rivaroxaban for a clot I had last year")
_STOPPED = re.compile(r"\b(?:used to|stopped|quit|came off|no longer|finished|anymore|any more|off it)\b")
_TAKEN_NOW = r"\b(?:i'?m on|im on|i am on|currently on|still on|on|taking|take|takes|i use)\s+(?:\w+\s+)?"


def health_mentions(text: str, wanted: tuple[str, ...] | list[str] = tuple(HEALTH_TERMS)) -> dict[str, bool]:
    """Health facts stated clearly: True when said in the present, False when negated; past mentions skipped."""
    found: dict[str, bool] = {}
    for clause in clauses(_NUMBERED.sub("number ", text or "")):
        past = bool(PAST.search(clause))
        negated = bool(NEGATION.search(clause)) or " none " in clause
        for slot in wanted:
            terms = HEALTH_TERMS.get(slot, ())
            if not any(term in clause for term in terms):
                continue
            if past and not (slot == "anticoagulants" and not negated and not _STOPPED.search(clause) and re.search(
                    _TAKEN_NOW + "(?:" + "|".join(map(re.escape, terms)) + ")", clause)):
                continue
            if negated and slot == "keloid_history" and not _KELOID_DENIED.search(clause):
                negated = False                 # "dont let anyone needle that keloid": a keloid, and advice about it
            if negated:
                found.setdefault(slot, False)
            else:
                found[slot] = True
    return found


#: no keloid said of themselves ("I don't get keloids", "no history of keloids"), the denial close to the word
_KELOID_DENIED = re.compile(r"\b(?:no|not|never|don'?t|dont|doesn'?t|without|nor|none)\b(?:\s+[\w']+){0,3}\s+keloid",
                            re.IGNORECASE)


#: a relative's fever ("the baby's got a temperature"), and words that make it about a wound or the treated skin
_SOMEONE_ILL = re.compile(r"\b(?:baby|little one|toddler|kids?|son|daughter|husband|wife|partner|mum|mom|dad|child)(?:'s|s'| has| "
                          r"have| is)? (?:got |had |running |come down with )?(?:a (?:high )?(?:temperature|temp|fever)|"
                          r"covid|flu)\b", re.IGNORECASE)
_OWN_SKIN = re.compile(r"\b(?:scar|wound|tattoo|session|treated|stitches|incision|cut|area|pus|oozing|swollen|red)\b",
                       re.IGNORECASE)


def urgent_sign(text: str) -> Optional[str]:
    """The kind of urgent sign described ("infection", "bleeding", "mole", "allergic"), unless asked hypothetically."""
    for sentence in re.split(r"(?<=[.?!\n])\s+", text or ""):
        if _HYPOTHETICAL.search(sentence):
            continue
        for kind, pattern in URGENT_SIGNS:
            if kind == "infection" and _SOMEONE_ILL.search(sentence) and not _OWN_SKIN.search(sentence):
                continue                        # "baby's got a temperature, need to cancel": not about a wound
            if pattern.search(sentence) and not (kind in ("lump", "mole") and _HISTORY.search(sentence)
                                                 and not _CHANGED_LATELY.search(sentence)):
                # "(mastectomy + implant 2022) but this week i found a hard lump": new, whatever the history
                return kind
    recent = bool(_CHANGED_LATELY.search(text or ""))
    if re.search(r"\bmole\b", text or "", re.IGNORECASE) and _MOLE_CHANGING.search(text or "") \
            and (recent or not _HISTORY.search(text or "")):
        return "mole"                           # "a pic of a mole on my back? its changed shape and gone darker"
    if _SPOT_CHANGING.search(text or "") and (recent or not _HISTORY.search(text or "")):
        return "mole"                           # "a brown spot that got bigger and darker and bleeds"
    return None


_SPOT_CHANGING = re.compile(r"\b(?:spot|freckle|mole|(?:dark|brown|black) (?:patch|mark))\b[^.?!]{0,60}\b(?:bigger|darker|bleed\w*|grow\w*|"
                            r"changed shape|itch\w*)\b", re.IGNORECASE)
_MOLE_CHANGING = re.compile(r"\b(?:its|it'?s|it has|it'?s been|has)\s+(?:\w+\s+){0,2}(?:changed|grown|got bigger|gone darker|"
                            r"bled|bleeding|itch\w*|darker|bigger|raised)\b|\bit\s+(?:\w+\s+){0,2}(?:become|became|got|gone|"
                            r"went|getting|turned)\s+(?:\w+\s+)?(?:bigger|darker|black|larger)\b|\bit\s+(?:\w+\s+){0,2}"
                            r"(?:bleed|bled|bleeds)\b", re.IGNORECASE)


#: a lump or mole in someone's history ("I found a lump in 2021", "diagnosed three years ago") is not news
#: a mole that changed lately needs a doctor whatever its history ("…in my mastectomy scar, bled twice this month")
_CHANGED_LATELY = re.compile(r"\b(?:over|in|during) the (?:last|past) (?:few |couple of )?(?:days?|weeks?|months?)\b|"
                             r"\brecently\b|\blately\b|\bble(?:d|ed|eds|eding)\b|\blast month\b|\bsince (?:the )?(?:spring|summer)\b|\bsuddenly\b|\bthis (?:week|month)\b|"
                             r"\b(?:getting|growing|keeps? getting) (?:bigger|darker|larger)\b",
                             re.IGNORECASE)
_HISTORY = re.compile(r"\b(?:19|20)\d{2}\b|\bago\b|\bdiagnos\w*|\bback in\b|\blast year\b|\bmastectomy\b|"
                      r"\bcancer\b|\bbiopsy\b|\bremoved\b", re.IGNORECASE)


#: "back" that is no part of the body ("hair coming back", "back then", "get back to me")
_NOT_THE_BACK = re.compile(r"\b(?:com\w*|go\w*|get\w*|grow\w*|came|went|got|bring\w*|call\w*|ring\w*|writ\w*|"
                           r"hold\w*|pay\w*|giv\w*|look\w*|think\w*|way|mov\w*|put\w*|set)\s+(?:it\s+|them\s+|me\s+)?"
                           r"back\b|\bback\s+(?:then|in|to|when|home|again|later|up|and forth)\b", re.IGNORECASE)


#: hair wanted over a mark on the head: that is scalp micropigmentation's work
_HAIR_OVER = re.compile(r"\bhair\b|\bbald\b|\bsmp\b|\bfollicle", re.IGNORECASE)


#: common misspellings of the treatments, read as the word meant ("strech marks", "purple stretchies")
_TYPOS: tuple[tuple["re.Pattern[str]", str], ...] = (
    (re.compile(r"\bstretch(?:ies|y)\b|\bstretchmarks?\b", re.I), "stretch marks"),
    (re.compile(r"\b(?:strech|streach|strecth|stetch|strtch|stertch)(?=\w*)", re.I), "stretch"),
    (re.compile(r"\b(?:vitilago|vitiligio|vitaligo|vitilligo|vitiligio|vitilego)\b", re.I), "vitiligo"),
    (re.compile(r"\b(?:areloa|aerola|areolla|arola|ariola|areala|aureola|arreola|areolah)s?\b", re.I), "areola"),
    (re.compile(r"\b(?:war ?farm|warfrin|wafarin|warferin|warfarine|wolf[ae]rin)\b", re.I), "warfarin"),
    (re.compile(r"\b(?:keliod|keloyd|kelloid|keloids?d|kelliod|keloide|kelod|keload)(s?)\b", re.I), r"keloid\1"),
    (re.compile(r"\bscarr(s?)\b", re.I), r"scar\1"),
    (re.compile(r"\bhair tattoo\w*|\btattoo(?:ed)? hair\b|\bhair line tattoo\b", re.I), "scalp micropigmentation"),
    (re.compile(r"\bmicro[\s-]?pig(?:ment)?[\s-]?(?:nation|station|ation|entation|mentation)\b|\bmicro pigeon station\b|"
                r"\bmicropig(?:mantation|mintation|metation|nentation)\b", re.I), "micropigmentation"),
)


#: chat spellings of everyday words that only ever mean one thing ("wat r ur openin times on saterday")
_CHAT_WORDS: tuple[tuple["re.Pattern[str]", str], ...] = (
    (re.compile(r"\bwat\b", re.I), "what"),
    (re.compile(r"\bopenin\b", re.I), "opening"),
    (re.compile(r"\br\b(?= (?:you|u|ur|your|the|they|there|these|those|prices)\b)", re.I), "are"),
    (re.compile(r"\br u\b", re.I), "are you"),
    (re.compile(r"\bur\b(?= (?:open|opening|hours|prices?|studio|address|number|phone|email|website|times?|place|"
                r"location|cancellation|policy|practitioner|consultations?)\b)", re.I), "your"),
    (re.compile(r"\b(?:sesion|sessoin|sesson|seshion)(s?)\b", re.I), r"session\1"),
    (re.compile(r"\bdos\b(?= (?:a|it|the|u|you|this|that|one|each|smp)\b)", re.I), "does"),
    (re.compile(r"\b(?:saterday|satarday|saturdy|sataday|saturady|satuday)\b", re.I), "saturday"),
    (re.compile(r"\b(?:wensday|wendsday|wednsday|wedensday|wednessday)\b", re.I), "wednesday"),
    (re.compile(r"\b(?:tuseday|tusday|teusday|tuesdy)\b", re.I), "tuesday"),
    (re.compile(r"\b(?:thursdy|thurday|thirsday)\b", re.I), "thursday"),
    (re.compile(r"\b(?:fridy|frday)\b", re.I), "friday"),
    (re.compile(r"\b(?:munday|mondy)\b", re.I), "monday"),
    (re.compile(r"\b4\b(?= (?:the|a|an|my|both|one|each|it|me|him|her|scalp|smp|scars?|stretch|hair|vitiligo|areola)\b)",
                re.I), "for"),
    (re.compile(r"\bhair (?:dots|dot thing|dotting)\b", re.I), "scalp micropigmentation"),
    (re.compile(r"\bwerk(s?)\b", re.I), r"work\1"),
)
#: the misspellings that are only ever a treatment's or a medicine's name: corrected before the classifiers too
_NAME_TYPOS = (_TYPOS[1], _TYPOS[0], *_TYPOS[2:6], _TYPOS[-1], *_CHAT_WORDS)   # "strechmarks": letters, then the space


def spelled_names(text: str) -> str:
    """``text`` with the treatments' names spelled right ("Ariola", "strech marks", "vitaligo", "war farm"), and
    everyday chat spellings that can mean one thing only ("wat r ur openin times")."""
    for pattern, word in _NAME_TYPOS:
        text = pattern.sub(word, text or "")
    return text


def spelled(text: str) -> str:
    """``text`` with the treatments' common misspellings corrected, for reading facts only."""
    for pattern, word in (*_TYPOS, *_CHAT_WORDS):
        text = pattern.sub(word, text or "")
    return text


_HAIR_LOSS = re.compile(r"\bhair (?:is |has |'s )?(?:starting to |begun to |started to )?(?:go|going|gone|fall\w* out|"
                        r"thin\w*|recede\w*)\b|\blos(?:e|ing|t) (?:my|her|his|their|all (?:my|her|his)) hair\b|"
                        r"\bgoing bald\b|\bbalding\b|\breceding\b", re.IGNORECASE)


#: a scar named only to say where something else is ("the loose skin above my section scar")
_BY_THE_SCAR = re.compile(r"\b(?:above|below|under|over|near|around|next to|beside)\s+(?:my |the |her |his )?(?:[a-z-]+\s+)?scars?\b",
                          re.IGNORECASE)


def concern_and_area(text: str) -> tuple[Optional[str], Optional[str]]:
    vocabulary = load_vocabulary()
    text = spelled(text)
    named = vocabulary.find_all("concern", _BY_THE_SCAR.sub(" ", text))
    concern = named[0] if named else None      # the first treatment named is what the message is about
    if concern == "scar" and SUN_BURN.search(text) and "scar" not in text.lower():
        concern = None                          # "I always burn in the sun"
    area = vocabulary.find("body_area", _NOT_THE_BACK.sub(" ", text))
    if concern == "scar" and area == "scalp" and _HAIR_OVER.search(text):
        concern = "scalp"                       # "a scar on his head, no hair grows there": SMP's work
    if concern is None and _HAIR_LOSS.search(text):
        concern = "scalp"                       # "her hair is starting to go", "losing my hair since 25"
    if concern == "scalp" and _BROW.search(text) and not _SCALP_WORDS.search(text):
        concern = "scar" if re.search(r"\bscar|\bcut\b|\bstud\b|\binjur", text, re.IGNORECASE) else None
    return concern, area


#: a bald line in an eyebrow or a beard is not scalp work ("a stud through my eyebrow, a bald line now")
_BROW = re.compile(r"\b(?:eye)?brows?\b|\bbeard\b", re.IGNORECASE)
_SCALP_WORDS = re.compile(r"\bscalp\b|\bhead\b|\bhairline\b|\bcrown\b|\bsmp\b|\bbalding\b|\bhair loss\b",
                          re.IGNORECASE)


_STABLE_FOR = re.compile(
    r"\b(?:stable|no new (?:patch\w*|spots?|ones?)|nothing new|not spread\w*|hasn'?t (?:spread|changed|grown)|"
    r"no change\w*|not changed)\b[^.?!]{0,40}?\b(?:for|in|over)\s+(?:about |around |over |almost |nearly |the "
    r"(?:last|past) )?(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|"
    r"couple of|few)\s*(?P<unit>months?|years?|yrs?)\b|"
    r"\b(?:since|for|in|over) (?:the (?:last|past) )?(?:about |around |over |almost |nearly )?(?P<n2>\d{1,2}|a|one|two|three|"
    r"four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|couple of|few)\s*(?P<unit2>months?|years?|yrs?)\b"
    r"[^.?!]{0,10}?\b(?:no new (?:patch\w*|spots?|ones?)|nothing new|(?:it'?s |been )?stable|not spread\w*)\b",
    re.IGNORECASE)
#: stable "for years" without a number ("nothing new has come up for years now"): at least two years
_STABLE_FOR_YEARS = re.compile(r"\b(?:stable|no new (?:patch\w*|spots?|ones?)|nothing new|not spread\w*|hasn'?t (?:spread|"
                               r"changed|grown))\b[^.?!]{0,40}?\bfor (?:many |several |a few |some )?years\b",
                               re.IGNORECASE)


#: when the newest patch came ("last new spot come 5 month ago"): stable since then
_LAST_NEW_PATCH = re.compile(r"\b(?:last|latest|newest|most recent|a) (?:new )?(?:spots?|patch(?:es)?|marks?|one)\b[^.?!]{0,25}?"
                             r"\b(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) "
                             r"(?P<unit>months?|years?) ago\b", re.IGNORECASE)


def stable_for_months(text: str) -> Optional[float]:
    """How long vitiligo has been stable, when said ("no new patches for about 18 months", "last new spot come 5
    month ago")."""
    match = _STABLE_FOR.search(text or "")
    if not match and (newest := _LAST_NEW_PATCH.search(text or "")):
        return _number(newest.group("n")) * (12 if newest.group("unit").lower().startswith("y") else 1)
    if not match:
        return 24.0 if _STABLE_FOR_YEARS.search(text or "") else None
    word = (match.group("n") or match.group("n2")).lower()
    n = 18.0 if word == "eighteen" else _number(word)
    return n * (12 if (match.group("unit") or match.group("unit2")).lower().startswith("y") else 1)


def burn_scar(text: str) -> bool:
    return bool(_BURN.search(text or "")) and not SUN_BURN.search(text or "")


def flags(text: str) -> dict[str, bool]:
    """The yes/no facts that change an answer: still healing, both sides, self-harm, a burn, spreading."""
    lowered = text or ""
    result = {"still_healing": bool(_STILL_HEALING.search(lowered)), "both_sides": bool(_BOTH_SIDES.search(lowered)),
              "self_harm": bool(_SELF_HARM.search(lowered)), "burn": burn_scar(lowered)}
    if _NEW_LATELY.search(lowered):         # "a new spot came up this summer; otherwise the same for years"
        result["vitiligo_spreading"] = True
    elif _STABLE.search(lowered):
        result["vitiligo_spreading"] = False
    elif _SPREADING.search(lowered):
        result["vitiligo_spreading"] = True
    return result
