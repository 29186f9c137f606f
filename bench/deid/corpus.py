"""A generated focus-group corpus for timing: practitioners' talk with names, places,
agencies, phone numbers and case numbers sprinkled through it, seeded so every run is the same."""

from __future__ import annotations

import random

FIRST = ["Kylie", "Odette", "Jarrah", "Mei", "Tomasz", "Ngaire", "Sione", "Brodie", "Hodan", "Lachie",
         "Priya", "Warrick", "Despina", "Fergus", "Layla", "Demelza", "Kobi", "Saoirse", "Rhys", "Amira"]  # fmt: skip
LAST = ["Brennan", "Marchetti", "Nguyen", "Pomare", "Fifita", "Abdi", "McKenzie", "Raman", "Hollis",
        "Kouris", "Lindahl", "Hassan", "Pruitt", "Delacroix", "Bannerman", "Saleh", "Okafor", "Tuck"]  # fmt: skip
PLACES = ["Mildura", "Swan Hill", "Ballarat", "Bendigo", "Shepparton", "Wodonga", "Traralgon",
          "Warrnambool", "Horsham", "Bairnsdale", "Wattleford", "Kurrajong Creek", "Mount Ellery"]  # fmt: skip
AGENCIES = ["Mallee Family Care", "Berry Street", "Anglicare Victoria", "Riverbend Family Care",
            "Northgate Family Services", "Wurundale Family Support", "Gateway Health"]  # fmt: skip
TEMPLATES = [
    "I think the main thing is time, because with the hours you can actually sit with a family and listen.",
    "When {name} rang from {agency} we went out to {place} the same week and the mum opened the door.",
    "Child Protection referred them, and {first} on intake gave me the CRIS number {case} straight away.",
    "The caseload is the problem, honestly, we are at six families each and that is not intensive work.",
    "I gave her my work mobile, {phone}, because the office line never gets answered after four.",
    "We had supervision with {name} every fortnight and that is what kept me in the job, to be honest.",
    "The Navigator in {place} knows every school, so the kids do not fall through the cracks any more.",
    "Engagement takes weeks sometimes, you put the kettle on and you wait for them to tell you what matters.",
    "Her address was {number} {street} Street, {place}, and the house had no heating all winter.",
    "Closure has to be planned from week one, otherwise the family feels dropped when the hours run out.",
    "{first} said the goals have to be in the family's own words or nobody remembers them.",
    "We work closely with {agency}, they take the housing side and we do the parenting work.",
]
STREETS = ["Lemon Grove", "Wattle", "Station", "High", "Main", "Curlewis", "Barkly", "Nicholson"]
SPEAKERS = ["Facilitator", "P1", "P2", "P3", "P4"]


def transcript(rng: random.Random, words: int) -> str:
    lines = []
    count = 0
    while count < words:
        speaker = rng.choice(SPEAKERS)
        sentences = []
        for _ in range(rng.randint(2, 6)):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            sentences.append(
                rng.choice(TEMPLATES).format(
                    name=f"{first} {last}",
                    first=first,
                    place=rng.choice(PLACES),
                    agency=rng.choice(AGENCIES),
                    case=rng.randint(10_000_000, 99_999_999),
                    phone=f"04{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
                    number=rng.randint(1, 120),
                    street=rng.choice(STREETS),
                )
            )
        line = f"{speaker}: " + " ".join(sentences)
        count += len(line.split())
        lines.append(line)
    return "\n".join(lines) + "\n"


def corpus(documents: int = 10, words: int = 4_500, seed: int = 7) -> list[str]:
    """``documents`` transcripts of about ``words`` words each."""
    rng = random.Random(seed)
    return [transcript(rng, words) for _ in range(documents)]
