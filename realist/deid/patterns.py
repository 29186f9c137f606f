"""Patterned identifiers: Australian phone numbers, emails, URLs, street addresses, dates
and case numbers, plus people named with a title ("Dr Blake", "Aunty June") and
organisations named by what they are ("Riverbend Primary School").

Each pattern is a compiled regular expression; when it has a group named ``id`` only that
group is replaced (``"CRIS number 1234567"`` keeps its words and loses its number).

The case-number formats are plausible shapes, not official specifications: Victorian
Child Protection's CRIS client and case numbers and the IRIS references used by funded
community service organisations appear in transcripts as a keyword followed by a run of
digits (sometimes with a letter prefix or dashes). Projects add their own shapes with the
``deid_patterns`` setting (``{"case_number": ["FS-\\d{6}"]}``).

Examples
--------
>>> [(d.kind.value, d.text) for d in find_patterns("Ring me on 0412 345 678 or a.b@ex.org.au")]
[('phone', '0412 345 678'), ('email', 'a.b@ex.org.au')]
>>> sorted({d.text for d in find_patterns("her CRIS number is 10234567, DOB 3/4/2015")})
['10234567', '3/4/2015']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from realist.deid.kinds import Detection, Kind, Source

_SEP = r"[ .\-\u00a0]?"

_MOBILE = (
    rf"(?:\+61{_SEP}(?:\(0\){_SEP})?\(?0?\)?4|\b04)(?:{_SEP}\d){{8}}(?!\d)"
    rf"|\(04\d{{2}}\)(?:{_SEP}\d){{6}}(?!\d)"
)
_LANDLINE = (
    rf"(?:\+61{_SEP}(?:\(0\){_SEP})?\(?0?[2378]\)?|\(0[2378]\)|\b0[2378])(?:{_SEP}\d){{8}}(?!\d)"
)
_INFOLINE = rf"\b1[38]00(?:{_SEP}\d){{6}}(?!\d)|\b13{_SEP}\d{{2}}{_SEP}\d{{2}}(?![\d])"
_LOCAL = r"(?<![\d$.,/])\b[4-9]\d{3}[ \-]\d{4}(?![\d,.]\d)"
# An extension goes with its number: "03 5550 4406 ext. 2", "5550 0817 x305".
_EXT = r"(?:,?\s*(?:ext\.?|extension|x)\s*\d{1,5}\b)?"
_DIGIT_WORD = r"(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine)"
# A number said in words: "oh-four-nine-one, five-seven-two, double-three, eight-one".
_SPOKEN_PHONE = (
    rf"\b(?:(?:double|triple)[\- ])?{_DIGIT_WORD}"
    rf"(?:[\s,\-]+(?:(?:double|triple)[\- ])?{_DIGIT_WORD}){{6,}}\b"
)

# Digits said partly in words and partly in figures: "oh four nine one 574 660" (checked
# afterwards: eight to ten digits in all, some of them in words).
_MIXED_SPOKEN_PHONE = (
    rf"\b(?:(?:(?:double|triple)[\- ])?{_DIGIT_WORD}|\d{{1,4}})"
    rf"(?:[\s,\-]+(?:(?:(?:double|triple)[\- ])?{_DIGIT_WORD}|\d{{1,4}})){{2,}}\b"
)

_EMAIL = r"\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\b"
# An address read aloud: "clem dot strachan at gateway dot example dot org dot au".
_SPOKEN_EMAIL = (
    r"\b[\w\-]+(?:\s+dot\s+[\w\-]+)*\s+at\s+[\w\-]+(?:\s+dot\s+[\w\-]+)*"
    r"\s+dot\s+(?:au|com|org|net|gov|edu|info|nz)\b"
)
_URL = (
    r"\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]]"
    r"|(?<![@\w.\-])[\w\-]+(?:\.[\w\-]+)*\.(?:com|org|net|gov|edu|asn|info)(?:\.au)?\b(?:/[^\s<>\"']*[^\s<>\"'.,;:!?)\]])?"
)

_STREET_TYPES = (
    "Street|St|Road|Rd|Avenue|Ave|Drive|Dr|Court|Ct|Crescent|Cres|Place|Pl|Lane|Ln|"
    "Parade|Pde|Highway|Hwy|Boulevard|Blvd|Way|Close|Terrace|Tce|Grove|Circuit|Cct|"
    "Square|Sq|Esplanade|Rise|Track|Walk"
)
# A word of a street or locality name: "Humffray", "McLennan", "O'Dea", "Traralgon-Maffra".
_NAME_WORD = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
# Where an address ends: a suburb and state or postcode, or a place name closing the clause
# ("..., Tallarook." / "..., Tallarook and").
_LOCALITY = (
    rf"(?:,?\s+(?:{_NAME_WORD}\s){{0,3}}(?:VIC|Vic|Victoria)\b(?:\s+3\d{{3}}\b)?"
    rf"|,?\s+(?:{_NAME_WORD}\s){{1,3}}3\d{{3}}\b"
    rf"|,\s+{_NAME_WORD}(?:\s{_NAME_WORD}){{0,2}}(?=\s*[.,;:!?)\n]|\s+(?:and|but|so|now|which|where)\b|$))"
)
# A house number said in words: "forty-two", "seven", "a hundred and six".
_NUMBER_WORDS = (
    r"(?i:(?:(?:one|two|three|four|five|six|seven|eight|nine|a)\s+hundred(?:\s+and)?\s+)?"
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\- ](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))"
)
_ADDRESS = (
    r"(?:\b(?i:Unit|Flat|Apartment|Apt|Lot|Shop|Suite|Level|Site|Room|Cabin|RMB|RSD|CMB)\s*\d+[A-Za-z]?"
    r"(?:\s*[,/]?\s*\d{1,5}[A-Za-z]?(?:\s?[\-/]\s?\d{1,5}[A-Za-z]?)?)?"
    r"|\b\d{1,5}[A-Za-z]?(?:\s?[\-/]\s?\d{1,5}[A-Za-z]?)?"
    rf"|\b{_NUMBER_WORDS}),?\s+"
    rf"(?:(?:(?:{_NAME_WORD}|St|Mt|Old|New)\s+){{1,3}}(?:{_STREET_TYPES})"
    r"|(?:The\s+)?(?:Esplanade|Strand|Promenade|Boulevard))\b\.?"
    r"(?:\s+(?:North|South|East|West|Upper|Lower|Extension)\b)?"
    rf"{_LOCALITY}?"
    rf"|\b(?:PO|P\.O\.|GPO)\s*Box\s+\d{{1,6}}\b{_LOCALITY}?"
    rf"|\b(?:Locked|Private)\s+Bag\s+\d{{1,6}}\b{_LOCALITY}?"
    # a site in a caravan or holiday park: "site 14, Big4 Ovens River Holiday Park, Wangaratta"
    r"|\b(?i:site|cabin|van|unit)\s*\d{1,4}[A-Za-z]?,?\s+(?:at\s+|in\s+)?(?:the\s+)?"
    r"(?:(?:[A-Z][\w'’\-]*|Big4|BIG4)\s+){0,5}"
    r"(?:Caravan|Holiday|Tourist|Residential|Lifestyle|Mobile\s+Home)\s+(?:Park|Village)\b"
    rf"{_LOCALITY}?"
    # a unit or flat named alone, the street said elsewhere: "Mine's in Flat 6."
    r"|\b(?:Unit|Flat|Apartment|Apt)\s+\d{1,4}[A-Za-z]?\b(?![.:]\d|\s*(?:[,/]\s*)?\d)"
)
# A street corner: "corner of Fryers and Welsford Streets, Shepparton", "cnr Main Rd & High St".
_CORNER = (
    r"\b(?:corner\s+of|cnr\.?)\s+"
    rf"(?:{_NAME_WORD}\s+){{0,2}}{_NAME_WORD}(?:\s+(?:{_STREET_TYPES}))?\s+(?:and|&)\s+"
    rf"(?:{_NAME_WORD}\s+){{0,2}}{_NAME_WORD}\s+(?:{_STREET_TYPES}|Streets|Roads|Avenues|Sts|Rds)\b\.?"
    rf"{_LOCALITY}?"
)

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_NUMERIC_DATE = r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})\b"
# Year first, as forms and databases write it: "2015-03-08", "2015/3/8".
_ISO_DATE = r"\b(?:19|20)\d{2}([/.\-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])\b"
_WORDED_DATE = (
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{_MONTHS})\.?,?\s+(?:(?:19|20)\d{{2}}|['’]\d{{2}})\b"
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}\b"
)
# A day and month without a year: "8th of November", "8 November", "November 8th",
# Months with their capital; "May 8" needs the ordinal.
_DAY_MONTH = (
    rf"\b(?:[1-9]|[12]\d|3[01])(?:(?:st|nd|rd|th)(?:\s+of)?)?\s+(?:{_MONTHS})\b(?!\s*\d)"
    rf"|\b(?:{_MONTHS})\.?\s+(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!,?\s*\d)"
)
_ORDINAL_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    "thirtieth"
)
# A day said in words: "the twenty-eighth of February", "the third of May 2019".
_SPOKEN_DAY = (
    rf"(?i:(?:twenty|thirty)[\- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    rf"|{_ORDINAL_WORDS})"
)
_MONTH_ORDINALS = (
    "(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)"
)
_DIGIT_NAMES = "one|two|three|four|five|six|seven|eight|nine"
# A year said in words: "ninety-four", "oh-nine", "two thousand and nine", "twenty twenty-two".
_SPOKEN_YEAR = (
    rf"(?i:(?:nineteen\s+)?(?:seventy|eighty|ninety)(?:[\- ](?:{_DIGIT_NAMES}))?"
    rf"|(?:oh|zero)[\- ](?:{_DIGIT_NAMES})"
    rf"|two\s+thousand(?:\s+and)?(?:\s+(?:{_DIGIT_NAMES}|ten|eleven|twelve))?"
    rf"|twenty[\- ](?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
    rf"nineteen|twenty(?:[\- ](?:{_DIGIT_NAMES}))?))"
)
_YEAR_AFTER = rf"(?:,?\s+(?:(?:19|20)\d{{2}}\b|['’]\d{{2}}\b|{_SPOKEN_YEAR}\b))"
_SPOKEN_DATE = (
    rf"\b{_SPOKEN_DAY}\s+of\s+(?:{_MONTHS})\b(?!['’]s){_YEAR_AFTER}?"
    # a month said as an ordinal too: "the sixth of the sixth", "second of the eleventh, ninety-four"
    rf"|\b{_SPOKEN_DAY}\s+of\s+the\s+{_MONTH_ORDINALS}\b{_YEAR_AFTER}?"
    # "November the ninth", "March the 3rd"
    rf"|\b(?:{_MONTHS})\s+the\s+(?:{_SPOKEN_DAY}|(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th))\b"
)
_SHORT_MONTHS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
# A month and a year ("March 2016", "June '24"); a short month and a day ("Feb 14"); a day
# and month in figures after a word that introduces a date ("by 30/6").
_PARTIAL_DATE = (
    rf"\b(?:{_MONTHS})\.?,?\s+(?:(?:19|20)\d{{2}}|['’]\d{{2}})\b"
    # a day, a short month and a two-digit year: "12 Aug 24"
    rf"|\b(?:[1-9]|[12]\d|3[01])\s+(?:{_SHORT_MONTHS})\.?\s+['’]?\d{{2}}\b(?![:.]?\d)"
    rf"|\b(?:{_SHORT_MONTHS})\.?\s+(?:[1-9]|[12]\d|3[01])\b(?![:.]\d)"
)
_DAY_MONTH_FIGURES = (
    r"\b(?:on|by|from|until|till|til|due|before|after|since|to|for|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?,?\s+(?:the\s+)?"
    r"(?!24/7\b)(?P<id>(?:[12]\d|3[01]|0?[1-9])/(?:1[0-2]|0?[1-9]))(?![\d/])"
)
_DOB_TRIGGER = r"\b(?:DOB|D\.O\.B\.?|date of birth|birthday|born(?:\s+on)?)\b(?:\s+(?:is|was|of))?\s*[:\-]?\s*(?:the\s+)?"
_DOB_SHORT = rf"(?P<id>\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{_MONTHS})\b|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b)"

_CASE_KEY = (
    r"\b(?:CRIS|IRIS|LEAP|case|client|file|referral|reference|ref|report|CP|intake|court|"
    r"event|incident|WWC|WWCC|UR|VSN|SHIP|licence|license|application)"
    r"(?:\s+(?:number|no\.?|num|ID|id|ref(?:erence)?|code))?"
    r"(?:[\s,:#]+(?:is|was|of|like|being|it's|its|number|no\.?)){0,3}[\s,:#]*"
)
# The letters in front are capitals even though the keyword may be in any case: "court
# file 2024/118305" must not take "file" for a prefix.
_CASE_ID = r"(?P<id>(?-i:[A-Z]{1,4}[\-/ ]?)?\d[\d\-/]{3,}\d(?: \d{3,})?(?-i:[A-Z])?)(?![\w])"
_CASE_NEARBY = (
    r"\b(?:CRIS|IRIS|case|client|file|reference|referral)\b[^.\n\d]{0,40}?"
    r"(?<![\d$])\b(?P<id>\d{6,10})\b(?![.,]\d)"
)
# A word spelled out letter by letter, as people spell names for the notes: "G-I-L-L",
# "d-e-l-l apostrophe a-q-u-i-l-a".
_SPELLED = (
    r"(?<![\w\-])[A-Za-z](?:[\-‐][A-Za-z])+(?![\w\-])"
    r"\s+(?i:apostrophe)\s+[A-Za-z](?:[\-‐][A-Za-z])+(?![\w\-])"
    r"|(?<![\w\-])[A-Za-z](?:[\-‐][A-Za-z]){2,}(?![\w\-])"
)
_TITLED_NAME = (
    r"\b(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Sergeant|Sgt|Constable|Detective|Uncle|Aunty|"
    r"Auntie|Nanna|Nana|Pastor|Father)\.?\s+[A-Z][a-z'’\-]+(?:\s+(?:Mc|Mac|O')?[A-Z][a-z'’\-]+)?"
)
_ORG_WORDS = (
    "Primary School|Secondary College|High School|College|School|Kindergarten|Kinder|"
    "Family Services|Community Services|Family Care|Community Health|Health Services?|Hospital|"
    "Co-operative|Cooperative|Football(?: Netball)? Club|Neighbourhood House|Family Connect|"
    "Support Services|Youth Services|Family Centre|Community Centre|Medical Centre|Church|"
    "Magistrates['’]? Court|Children['’]?s Court|County Court|Law Courts|Police Station"
)
_ORGANISATION = (
    r"\b(?!(?:The|A|An|Our|Their|My|Your|This|That|Intensive|Integrated|At|In|From|To|With|"
    r"And|But|So|For|Of|On|Family\s+Services)\b)"
    r"(?:(?!(?:School|College|Services|Health|Care|Club|House|Centre|Kinder)\b)[A-Z][\w'’\-]*\s+){1,4}"
    r"(?:and\s+(?:(?!(?:School|College|Services|Health|Care)\b)[A-Z][\w'’\-]*\s+){1,2})?"
    rf"(?:{_ORG_WORDS})\b"
)
_CASE_SHAPES = (
    r"\b(?:CRIS|IRIS|LEAP)[\-/ ]?\d[\d\-/]{3,}\d\b"
    r"|\b[A-Z]{2,4}-(?:19|20)\d{2}-\d{3,6}\b"
    r"|\b[A-Z]{2,3}\d{6,9}\b"
)
# A bare run of seven or more digits that is no phone number (04.., 0[2378].., 1300, 1800)
# and no amount ("1,000,000", "$2500000"): a client, case or order number.
_LONG_NUMBER = (
    r"(?<![\d$.,/\-])\b(?!0[2-478]\d{8}\b|1[38]00\d{6}\b|61\d{9}\b)\d{7,12}\b"
    r"(?![.,/\-]?\d)"
)
# Letters then digits: "H13082256", "F-04522918", "IVO/123456".
_LETTER_ID = r"(?<![\w/\-])(?!COVID)[A-Z]{1,4}[\-/.]?\d{5,12}[A-Z]?(?![\w/\-])"
# Letter and digit groups joined by "/" or "-" with three digits or more: "ERH/IFS/0231",
# "IPC-FS-23-0912". Never a date, a ratio (24/7, 50/50), "COVID-19" or "SHA-256" (no
# letters, too few digits, or one letter group and one short number).
_MIXED_ID = (
    r"(?<![\w/\-])(?!COVID)(?!(?:[A-Z]{1,6}[/\-.]\d{1,4}|\d{1,4}[/\-.][A-Z]{1,6})(?![\w/\-]))"
    r"(?=[A-Z0-9/\-.]*[A-Z])(?=(?:[A-Z/\-.]*\d){3})"
    r"(?:[A-Z]{1,6}|\d{1,10})(?:[/\-.](?:[A-Z]{1,6}|\d{1,10})){1,5}(?![\w/\-]|\.\w)"
)
# Letter-and-digit groups joined by "/" or "-" with five digits or more in all, where a
# group may mix letters and digits: "L240211-0937", "R2024/31872/00".
_ALNUM_ID = (
    r"(?<![\w/\-])(?!COVID)(?=[A-Z0-9/\-]*[A-Z])(?=(?:[A-Z/\-]*\d){5})"
    r"[A-Z0-9]+(?:[/\-][A-Z0-9]+){1,5}(?![\w/\-])"
)
# A year and a serial number, as courts and tribunals number their files: "2024/118305";
# with the issuer's letters in front when given ("NSW-CS 2024/118305", "CP 2023/0042").
# Never a state and its postcode ("VIC 3350"), nor two years ("1995/2004").
_YEAR_SERIAL = (
    r"(?<![\w/\-])(?:(?!(?:VIC|NSW|QLD|SA|WA|TAS|NT|ACT)\s)[A-Z]{2,6}(?:[\-/][A-Z]{1,6})*\s)?"
    r"(?:19|20)\d{2}([/\-])(?:0\d{3,9}|\d{5,10})(?:\1\d{1,4})?(?![\w/\-])"
)
# Letters, a dash and a number written with a leading zero: "HFP-0417", "AB/00123" (a
# version or a model number has no leading zero: "SHA-256").
_ZERO_ID = r"(?<![\w/\-])(?!COVID)[A-Z]{2,6}[\-/]0\d{2,8}(?![\w/\-])"
# Two digit groups joined by a dash, the first of five digits or more, as police event and
# order numbers are written: "240419-2281".
_DASHED_NUMBER = (
    r"(?<![\w/\-.])(?:\d{5,8}-\d{3,6}|\d{7,8}-\d{2}|(?!0|1[38]00-)\d{2,4}-\d{3,6}-\d{3,6})"
    r"(?![\w/\-]|\.\d)"
)
# A Medicare card number: ten digits (the first 2 to 6) grouped 4-5-1, with an optional
# eleventh for the person on the card: "5174 82039 1".
_MEDICARE = r"(?<![\w/\-])[2-6]\d{3}[ \-]?\d{5}[ \-]?\d(?:[ \-/]\d)?(?![\w/\-])"
# Nine digits in threes, as NDIS and Centrelink numbers are read out: "430 972 118".
_NINE_DIGITS = r"(?<![\w/\-$.,])\d{3}[ \-]\d{3}[ \-]\d{3}(?![\w/\-]|[.,]\d)"
# A Centrelink customer reference number: nine digits and a letter ("207 448 913K").
_CRN = r"(?<![\w/\-])\d{3}[ \-]?\d{3}[ \-]?\d{3}[ \-]?[A-Z](?![\w/\-])"


@dataclass(frozen=True, slots=True)
class Pattern:
    """A named regular expression for one kind of identifier; ``check``, when given, must
    accept a match's text for it to count."""

    name: str
    kind: Kind
    regex: re.Pattern[str]
    check: Callable[[str], bool] | None = None


def _p(
    name: str, kind: Kind, regex: str, flags: int = 0, check: Callable[[str], bool] | None = None
) -> Pattern:
    return Pattern(name, kind, re.compile(regex, flags), check)


_DIGIT_COUNT = {"double": 2, "triple": 3}


def _spoken_digits(text: str) -> bool:
    """Eight to ten digits in all, at least one said in words: a phone number."""
    digits = 0
    words = 0
    repeat = 1
    for token in re.split(r"[\s,\-]+", text.casefold()):
        if token in _DIGIT_COUNT:
            repeat = _DIGIT_COUNT[token]
            continue
        if token.isdigit():
            digits += len(token)
        else:
            digits += repeat
            words += 1
        repeat = 1
    return words > 0 and 8 <= digits <= 10


DEFAULT_PATTERNS: tuple[Pattern, ...] = (
    _p("email", Kind.EMAIL, _EMAIL),
    _p("spoken_email", Kind.EMAIL, _SPOKEN_EMAIL, re.IGNORECASE),
    _p("url", Kind.URL, _URL, re.IGNORECASE),
    _p("mobile", Kind.PHONE, _MOBILE + _EXT),
    _p("landline", Kind.PHONE, _LANDLINE + _EXT),
    _p("infoline", Kind.PHONE, f"(?:{_INFOLINE}){_EXT}"),
    _p("local_number", Kind.PHONE, _LOCAL + _EXT),
    _p("spoken_phone", Kind.PHONE, _SPOKEN_PHONE, re.IGNORECASE),
    _p("mixed_spoken_phone", Kind.PHONE, _MIXED_SPOKEN_PHONE, re.IGNORECASE, _spoken_digits),
    _p("street_address", Kind.ADDRESS, _ADDRESS),
    _p("street_corner", Kind.ADDRESS, _CORNER, re.IGNORECASE),
    _p("numeric_date", Kind.DATE, _NUMERIC_DATE),
    _p("iso_date", Kind.DATE, _ISO_DATE),
    _p("worded_date", Kind.DATE, _WORDED_DATE, re.IGNORECASE),
    _p("birthday", Kind.DATE, _DOB_TRIGGER + _DOB_SHORT, re.IGNORECASE),
    _p("day_month", Kind.DATE, _DAY_MONTH),
    _p("spoken_date", Kind.DATE, _SPOKEN_DATE),
    _p("partial_date", Kind.DATE, _PARTIAL_DATE),
    _p("day_month_figures", Kind.DATE, _DAY_MONTH_FIGURES, re.IGNORECASE),
    _p("case_number_keyword", Kind.CASE_NUMBER, _CASE_KEY + _CASE_ID, re.IGNORECASE),
    _p("case_number_shape", Kind.CASE_NUMBER, _CASE_SHAPES),
    _p("case_number_nearby", Kind.CASE_NUMBER, _CASE_NEARBY, re.IGNORECASE),
    _p("long_number", Kind.CASE_NUMBER, _LONG_NUMBER),
    _p("letter_id", Kind.CASE_NUMBER, _LETTER_ID),
    _p("mixed_id", Kind.CASE_NUMBER, _MIXED_ID),
    _p("crn", Kind.CASE_NUMBER, _CRN),
    _p("nine_digits", Kind.CASE_NUMBER, _NINE_DIGITS),
    _p("dashed_number", Kind.CASE_NUMBER, _DASHED_NUMBER),
    _p("medicare", Kind.CASE_NUMBER, _MEDICARE),
    _p("alnum_id", Kind.CASE_NUMBER, _ALNUM_ID),
    _p("zero_id", Kind.CASE_NUMBER, _ZERO_ID),
    _p("year_serial", Kind.CASE_NUMBER, _YEAR_SERIAL),
    _p("titled_name", Kind.PERSON, _TITLED_NAME),
    _p("spelled_out", Kind.PERSON, _SPELLED),
    _p("organisation", Kind.AGENCY, _ORGANISATION),
)


def compile_user_patterns(spec: Mapping[str, Iterable[str]] | None) -> tuple[Pattern, ...]:
    """Turn ``{"case_number": ["FS-\\\\d{6}"], ...}`` (the ``deid_patterns`` setting) into patterns.

    A bad kind or regular expression raises ``ValueError`` naming it.

    >>> [p.kind.value for p in compile_user_patterns({"case number": [r"FS-\\d{6}"]})]
    ['case_number']
    """
    patterns: list[Pattern] = []
    for kind_name, regexes in (spec or {}).items():
        kind = Kind.parse(kind_name)
        if isinstance(regexes, str):
            regexes = [regexes]
        for i, regex in enumerate(regexes):
            try:
                compiled = re.compile(regex)
            except re.error as exc:
                raise ValueError(
                    f"deid_patterns[{kind_name!r}][{i}] is not a valid regular expression "
                    f"({exc}): fix it in the project settings"
                ) from None
            patterns.append(Pattern(f"user:{kind.value}:{i}", kind, compiled))
    return tuple(patterns)


def find_patterns(text: str, patterns: Iterable[Pattern] = DEFAULT_PATTERNS) -> list[Detection]:
    """Every match of every pattern in ``text``, overlapping ones included (merge later)."""
    found: list[Detection] = []
    for pattern in patterns:
        for match in pattern.regex.finditer(text):
            if "id" in pattern.regex.groupindex and match.group("id") is not None:
                start, end = match.span("id")
            else:
                start, end = match.span()
            if end > start and (pattern.check is None or pattern.check(text[start:end])):
                found.append(Detection(start, end, pattern.kind, Source.PATTERN, text[start:end]))
    return sorted(found, key=lambda d: (d.start, -d.end))


#: Words left in lower case when a line without capitals is given them back, so that
#: "3 kids in the court" does not read as an address.
_SMALL_WORDS = frozenset(
    re.findall(
        r"\w+", "a an and at by for from in into is it of on or our so the their to was were with"
    )
)
_WORD = re.compile(r"\b[^\W\d_]+")
_TITLED_KINDS = frozenset({Kind.ADDRESS, Kind.DATE, Kind.AGENCY, Kind.CASE_NUMBER})


def _titled(line: str) -> str:
    """``line`` with each word's first letter a capital, small words left alone; the same
    length as ``line`` so offsets carry over."""

    def up(match: re.Match[str]) -> str:
        word = match.group()
        if word in _SMALL_WORDS or len(word[0].upper()) != 1:
            return word
        return word[0].upper() + word[1:]

    return _WORD.sub(up, line)


def _starts_with_place(name: str, is_place: Callable[[str], bool]) -> bool:
    words = name.split()
    return any(is_place(" ".join(words[:i])) for i in range(1, len(words)))


def find_patterns_in_lowercase(
    text: str,
    spans: Iterable[tuple[int, int]],
    patterns: Iterable[Pattern] = DEFAULT_PATTERNS,
    *,
    is_place: Callable[[str], bool] = lambda words: False,
) -> list[Detection]:
    """Patterns in lines written without capitals (uncorrected captions): each line is read
    again with capitals put back, word by word for addresses, dates and organisations
    ("8 tormey street, glenroy") and in full for identifiers ("h12290731"). People's
    names in such lines are :mod:`realist.deid.lowercase`'s business. Without capitals
    any words before "school" or "family services" would read as a name, so an
    organisation counts only when its name starts with a place ``is_place`` knows
    ("broadmeadows police station", not "the same school").

    >>> text = "our mail goes to locked bag 4021, coburg vic 3058, file bch/fv/24/1093"
    >>> [d.text for d in find_patterns_in_lowercase(text, [(0, len(text))])]
    ['locked bag 4021, coburg vic 3058', 'bch/fv/24/1093']
    >>> text = "at glenroy primary school, the same school"
    >>> [d.text for d in find_patterns_in_lowercase(
    ...     text, [(0, len(text))], is_place=lambda words: words == "Glenroy")]
    ['glenroy primary school']
    """
    patterns = tuple(patterns)
    found: list[Detection] = []
    for start, end in spans:
        line = text[start:end]
        for variant, kinds in (
            (_titled(line), _TITLED_KINDS),
            (line.upper(), {Kind.CASE_NUMBER}),
        ):
            if len(variant) != len(line):
                continue
            for d in find_patterns(variant, patterns):
                if d.kind in kinds and (
                    d.kind is not Kind.AGENCY or _starts_with_place(d.text, is_place)
                ):
                    a, b = start + d.start, start + d.end
                    found.append(Detection(a, b, d.kind, Source.PATTERN, text[a:b]))
    return sorted(set(found), key=lambda d: (d.start, -d.end, d.kind.value))
