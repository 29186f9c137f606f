"""Patterned identifiers: what must be found, and everyday numbers that must not."""

from __future__ import annotations

import pytest

from realist.deid.kinds import Kind
from realist.deid.lowercase import lowercase_spans
from realist.deid.merge import merge
from realist.deid.patterns import compile_user_patterns, find_patterns, find_patterns_in_lowercase


def found(text: str, kind: Kind) -> list[str]:
    """What survives merging (overlapping matches settled longest first)."""
    return sorted({d.text for d in merge(find_patterns(text)) if d.kind is kind})


@pytest.mark.parametrize(
    "phone",
    [
        "0412 345 678",
        "0412345678",
        "0412-345-678",
        "+61 412 345 678",
        "+61412345678",
        "(03) 5331 2345",
        "03 9450 0955",
        "+61 3 9450 0955",
        "1800 123 456",
        "1300 721 383",
        "13 11 14",
    ],
)
def test_australian_phone_numbers_are_found_whole(phone: str) -> None:
    assert found(f"ring her on {phone}, thanks", Kind.PHONE) == [phone]


@pytest.mark.parametrize(
    "text",
    [
        "we get 200 hours over 12 weeks",
        "in 2019 and 2020 we saw 45 families",
        "a budget of $1,250,000 for 2021-2022",
        "about 5000 words per second",
    ],
)
def test_everyday_numbers_are_not_identifiers(text: str) -> None:
    assert find_patterns(text) == []


def test_emails_and_urls() -> None:
    text = "Write to intake@riverbend.example.org.au or see www.riverbend.example.com.au/refer."
    assert found(text, Kind.EMAIL) == ["intake@riverbend.example.org.au"]
    assert found(text, Kind.URL) == ["www.riverbend.example.com.au/refer"]


def test_an_email_domain_is_not_also_a_url() -> None:
    assert found("a.b@example.org.au", Kind.URL) == []


@pytest.mark.parametrize(
    "address",
    [
        "14 Lemon Grove Court",
        "3/27 Smith Street, Ballarat VIC 3350",
        "22 Hampshire Road, Sunshine VIC 3020",
        "PO Box 1493",
        "Unit 4, 18 Station St",
    ],
)
def test_street_addresses(address: str) -> None:
    assert found(f"She lives at {address} now.", Kind.ADDRESS) == [address]


def test_dates_of_birth_and_full_dates() -> None:
    text = "DOB 12/03/2015, born on the 3rd of March 2016, her birthday is the 5th of May."
    assert found(text, Kind.DATE) == ["12/03/2015", "3rd of March 2016", "5th of May"]
    assert found("back in March, in 2019", Kind.DATE) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("the CRIS number is 10234567", "10234567"),
        ("the CRIS number, like 10457329, was", "10457329"),
        ("their reference was IRIS-2021-004417", "IRIS-2021-004417"),
        ("LEAP 2093-4471 was the incident", "LEAP 2093-4471"),
        ("case no. 2019/4471", "2019/4471"),
        ("the CRIS client number straight away, 20118845, so", "20118845"),
        ("file reference WFS-2023-01187", "WFS-2023-01187"),
    ],
)
def test_case_numbers(text: str, number: str) -> None:
    assert number in found(text, Kind.CASE_NUMBER)


def test_titled_names_and_named_organisations() -> None:
    text = "Aunty June took him to Riverbend Primary School with Dr Anthony Blake."
    assert found(text, Kind.PERSON) == ["Aunty June", "Dr Anthony Blake"]
    assert found(text, Kind.AGENCY) == ["Riverbend Primary School"]


def test_user_patterns_and_bad_ones() -> None:
    patterns = compile_user_patterns({"case number": [r"FS\d{5}"]})
    assert [d.text for d in find_patterns("ref FS12345", patterns)] == ["FS12345"]
    with pytest.raises(ValueError, match=r"deid_patterns\['case number'\]\[0\]"):
        compile_user_patterns({"case number": ["FS(\\d"]})
    with pytest.raises(ValueError, match="unknown kind"):
        compile_user_patterns({"shoe size": ["\\d+"]})


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("I've got 57704126 written on my hand", "57704126"),
        ("ours was H13082256 for the IVO", "H13082256"),
        ("the order number, F-04522918, so", "F-04522918"),
        ("plus ours, ERH/IFS/0231, plus the court's", "ERH/IFS/0231"),
        ("and then our own, IPC-FS-23-0912.", "IPC-FS-23-0912"),
        ("a CRN in the end, 207 448 913K, and", "207 448 913K"),
        ("her CRN is 207448913K", "207448913K"),
    ],
)
def test_case_numbers_without_a_keyword(text: str, number: str) -> None:
    assert found(text, Kind.CASE_NUMBER) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "a 24/7 line, a 50/50 split, 3/4 of them, COVID-19 and SHA-256",
        "we got $1,000,000 and 2,500,000 dollars over 2019-2020 and 2023/24",
        "ring 0412345678 or 0398765432 or 1800123456",
        "Year 12 kids, ages 3-5, an A4 page, P1234",
    ],
)
def test_ratios_amounts_and_phones_are_not_case_numbers(text: str) -> None:
    assert found(text, Kind.CASE_NUMBER) == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("a hearing on the 8th of November, and", "8th of November"),
        ("it was the 3rd of May when", "3rd of May"),
        ("since November 8th she", "November 8th"),
        ("from 8 November we", "8 November"),
    ],
)
def test_a_day_and_month_without_a_year_is_a_date(text: str, date: str) -> None:
    assert found(text, Kind.DATE) == [date]


def test_numbers_near_months_that_are_not_dates() -> None:
    assert found("3 of May's kids came; in May 3 kids left", Kind.DATE) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("the file, L240211-0937, came back", "L240211-0937"),
        ("under R2024/31872/00 at the tribunal", "R2024/31872/00"),
        ("their matter NSW-CS 2024/118305 went", "NSW-CS 2024/118305"),
        ("a court file 2024/118305, and", "2024/118305"),
        ("our client code HFP-0417 on the sheet", "HFP-0417"),
    ],
)
def test_mixed_year_serial_and_zero_led_identifiers(text: str, number: str) -> None:
    assert found(text, Kind.CASE_NUMBER) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Krippendorff 1995/2004, and the 2024/25 budget",
        "postcode VIC 3350 or NSW 2000",
        "an MP3 file, a GPT-4 model, SHA-256, Windows 10",
    ],
)
def test_years_postcodes_and_model_numbers_are_not_case_numbers(text: str) -> None:
    assert found(text, Kind.CASE_NUMBER) == []


def test_dates_written_year_first() -> None:
    assert found("born 2015-03-08, placed 2019/7/1", Kind.DATE) == ["2015-03-08", "2019/7/1"]
    assert found("the 2019-2020 year", Kind.DATE) == []


def test_an_address_with_a_unit_a_direction_and_a_locality() -> None:
    text = "she's at 4/27 Humffray Street South, Ballarat East VIC 3350 now"
    assert found(text, Kind.ADDRESS) == ["4/27 Humffray Street South, Ballarat East VIC 3350"]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("ring +61 (0)3 5550 1184 after nine", Kind.PHONE, "+61 (0)3 5550 1184"),
        ("PO Box 603, Warrnambool VIC 3280 is", Kind.ADDRESS, "PO Box 603, Warrnambool VIC 3280"),
        (
            "at Lot 14 Cowra Avenue, Irymple VIC 3498",
            Kind.ADDRESS,
            "Lot 14 Cowra Avenue, Irymple VIC 3498",
        ),
        ("now 6/41 McLennan Street, Mooroopna", Kind.ADDRESS, "6/41 McLennan Street, Mooroopna"),
        (
            "1640 Traralgon-Maffra Road, Glengarry VIC 3854",
            Kind.ADDRESS,
            "1640 Traralgon-Maffra Road, Glengarry VIC 3854",
        ),
        (
            "out at 2285 Goulburn Valley Highway, Tallarook. So",
            Kind.ADDRESS,
            "2285 Goulburn Valley Highway, Tallarook",
        ),
        ("the event number was 240419-2281 and", Kind.CASE_NUMBER, "240419-2281"),
        ("her Medicare is 5174 82039 1, and", Kind.CASE_NUMBER, "5174 82039 1"),
        ("born the twenty-eighth of February, I think", Kind.DATE, "twenty-eighth of February"),
        ("on the third of May 2019 we", Kind.DATE, "third of May 2019"),
    ],
)
def test_more_shapes_of_phones_addresses_numbers_and_dates(
    text: str, kind: Kind, expected: str
) -> None:
    assert found(text, kind) == [expected]


def test_an_address_stops_where_its_clause_does() -> None:
    assert found("he was at 14 Smith Street, But then it rained", Kind.ADDRESS) == [
        "14 Smith Street"
    ]
    assert found("a third of May's kids and 2019-2020 figures", Kind.DATE) == []


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("ring 03 5550 4406 ext. 2 and ask", Kind.PHONE, "03 5550 4406 ext. 2"),
        ("or 5550 0817 x305 direct", Kind.PHONE, "5550 0817 x305"),
        (
            "it's oh-four-nine-one, five-seven-two, double-three, eight-one, yeah",
            Kind.PHONE,
            "oh-four-nine-one, five-seven-two, double-three, eight-one",
        ),
        (
            "email clem dot strachan at gateway dot example dot org dot au today",
            Kind.EMAIL,
            "clem dot strachan at gateway dot example dot org dot au",
        ),
        ("back in March 2016 she", Kind.DATE, "March 2016"),
        ("since June '24 he", Kind.DATE, "June '24"),
        ("court on Feb 14 again", Kind.DATE, "Feb 14"),
        ("the report is due by 30/6 now", Kind.DATE, "30/6"),
        ("her NDIS number 430 972 118 is", Kind.CASE_NUMBER, "430 972 118"),
        ("RMB 4410 Manks Road, Koo Wee Rup", Kind.ADDRESS, "RMB 4410 Manks Road, Koo Wee Rup"),
        (
            "Flat 6, 14-16 Herbert Street, Dandenong VIC 3175",
            Kind.ADDRESS,
            "Flat 6, 14-16 Herbert Street, Dandenong VIC 3175",
        ),
        (
            "Site 14, 302 Esplanade, Lakes Entrance VIC 3909",
            Kind.ADDRESS,
            "Site 14, 302 Esplanade, Lakes Entrance VIC 3909",
        ),
        (
            "Level 1, 60 Little Malop Street, Geelong 3220",
            Kind.ADDRESS,
            "Level 1, 60 Little Malop Street, Geelong 3220",
        ),
    ],
)
def test_extensions_spoken_forms_partial_dates_and_rural_addresses(
    text: str, kind: Kind, expected: str
) -> None:
    assert found(text, kind) == [expected]


def test_talk_that_only_looks_like_those_shapes() -> None:
    text = "look at the dot points; one or two families, three or four; a 24/7 line at 1:30"
    assert [d.text for d in merge(find_patterns(text))] == []


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("ring (0491) 571 236 today", Kind.PHONE, "(0491) 571 236"),
        ("he rang me on Tuesday, 3/9, because", Kind.DATE, "3/9"),
        (
            "Room 6, 220 Dorset Road, Boronia VIC 3155",
            Kind.ADDRESS,
            "Room 6, 220 Dorset Road, Boronia VIC 3155",
        ),
    ],
)
def test_bracketed_mobiles_weekday_dates_and_rooms(text: str, kind: Kind, expected: str) -> None:
    assert found(text, kind) == [expected]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("my mobile's 0491.573.220, or", Kind.PHONE, "0491.573.220"),
        ("it's oh four nine one 570 318, ring", Kind.PHONE, "oh four nine one 570 318"),
        ("try zero three, 5550 double two 41", Kind.PHONE, "zero three, 5550 double two 41"),
        (
            "they live on the corner of Mair and Lydiard Streets, Ballarat, near",
            Kind.ADDRESS,
            "corner of Mair and Lydiard Streets, Ballarat",
        ),
        ("she's at cnr High St & Nepean Hwy now", Kind.ADDRESS, "cnr High St & Nepean Hwy"),
        ("I'm at sixty-one Gillies Street in Wendouree", Kind.ADDRESS, "sixty-one Gillies Street"),
        (
            "send it to Locked Bag 12, Traralgon VIC 3844.",
            Kind.ADDRESS,
            "Locked Bag 12, Traralgon VIC 3844",
        ),
        (
            "they moved to unit 4, 17 Esplanade, Lakes Entrance, and",
            Kind.ADDRESS,
            "unit 4, 17 Esplanade, Lakes Entrance",
        ),
        ("closed on 3 Sep 23 after", Kind.DATE, "3 Sep 23"),
        ("moved to March the fourth, then", Kind.DATE, "March the fourth"),
        ("the hearing is October the 21st", Kind.DATE, "October the 21st"),
        ("it was adjourned to 14/8 again", Kind.DATE, "14/8"),
        ("listed for 9/10 as well", Kind.DATE, "9/10"),
        ("our file is GRS.FS.2023.0417, and", Kind.CASE_NUMBER, "GRS.FS.2023.0417"),
        ("the event was 23-1102-4471, and", Kind.CASE_NUMBER, "23-1102-4471"),
        ("application 2023-0448120 was", Kind.CASE_NUMBER, "2023-0448120"),
        ("that's M-E-R-C-E-D-E-S, yes", Kind.PERSON, "M-E-R-C-E-D-E-S"),
        ("spell it d-e apostrophe s-o-u-z-a", Kind.PERSON, "d-e apostrophe s-o-u-z-a"),
        ("at Ringwood Magistrates' Court on", Kind.AGENCY, "Ringwood Magistrates' Court"),
        ("down at Sunshine Police Station", Kind.AGENCY, "Sunshine Police Station"),
    ],
)
def test_dotted_and_half_spoken_numbers_corners_bags_and_spelled_names(
    text: str, kind: Kind, expected: str
) -> None:
    assert found(text, kind) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "open for 24/7 now",
        "version 1.2.3 of the form, v2.0",
        "ring triple oh first, then",
        "two or three, four, five families",
        "a T-shirt and an X-ray",
        "we had 3 kids in the court",
        "dates like 2024-03-31 are dates",
        "call 1300-975-880 or 0491-570-221",
    ],
)
def test_what_the_new_shapes_leave_alone(text: str) -> None:
    kinds = {d.kind for d in merge(find_patterns(text))}
    assert Kind.CASE_NUMBER not in kinds and Kind.PERSON not in kinds
    assert Kind.ADDRESS not in kinds
    if "24/7" in text or "version" in text:
        assert Kind.DATE not in kinds


def test_lines_without_capitals_are_read_again_with_capitals() -> None:
    text = (
        "P1: our office is unit 3, 41 princes highway, dandenong vic 3175, file dfs/kin/23/0812,\n"
        "P2: and the 19th of july, then the twenty third of august, client h40918276\n"
        "P3: I'm at the same school and see family services"
    )
    spans = lowercase_spans(text)
    got = {(d.kind, d.text) for d in merge(find_patterns_in_lowercase(text, spans))}
    assert got == {
        (Kind.ADDRESS, "unit 3, 41 princes highway, dandenong vic 3175"),
        (Kind.CASE_NUMBER, "dfs/kin/23/0812"),
        (Kind.DATE, "19th of july"),
        (Kind.DATE, "twenty third of august"),
        (Kind.CASE_NUMBER, "h40918276"),
    }
    line = "we were at dandenong police station and the same school"
    places = find_patterns_in_lowercase(
        line, [(0, len(line))], is_place=lambda words: words == "Dandenong"
    )
    assert [d.text for d in places] == ["dandenong police station"]


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("absent since Thu 12/9, and", Kind.DATE, "12/9"),
        ("my WWC is 02231984-01.", Kind.CASE_NUMBER, "02231984-01"),
        ("police came, event 240611 0873. Then", Kind.CASE_NUMBER, "240611 0873"),
        ("She's in Flat 4. The block's on the corner.", Kind.ADDRESS, "Flat 4"),
        (
            "they're at site 22, Lake Charm Caravan Park, Kerang, for now",
            Kind.ADDRESS,
            "site 22, Lake Charm Caravan Park, Kerang",
        ),
        (
            "cabin 3 at the Big4 Bendigo Holiday Park since May",
            Kind.ADDRESS,
            "cabin 3 at the Big4 Bendigo Holiday Park",
        ),
        ("made on the ninth of the tenth, and", Kind.DATE, "ninth of the tenth"),
        ("DOB first of the third, oh-nine.", Kind.DATE, "first of the third, oh-nine"),
        (
            "born twelfth of the twelfth, ninety-one",
            Kind.DATE,
            "twelfth of the twelfth, ninety-one",
        ),
        ("it was the fourth of July '23 when", Kind.DATE, "fourth of July '23"),
        ("from 4th of July '23 on", Kind.DATE, "4th of July '23"),
    ],
)
def test_weekday_abbreviations_wwc_caravan_sites_and_months_said_as_ordinals(
    text: str, kind: Kind, expected: str
) -> None:
    assert found(text, kind) == [expected]


@pytest.mark.parametrize(
    "text",
    ["we were flat out", "the sixth of them", "a caravan park up north", "Sat down, 2 of us"],
)
def test_words_near_those_shapes_are_left_alone(text: str) -> None:
    assert [d.text for d in merge(find_patterns(text))] == []
