"""Names a roster gives are names, even when they look like codes."""

from __future__ import annotations

from realist.deid.roster import Roster


def test_initials_given_as_a_nickname_are_found_but_a_code_label_is_not() -> None:
    roster = Roster.from_records(
        [
            {"label": "Atem", "full_name": "Atem Majok", "nicknames": "AJ"},
            {"label": "P1", "full_name": "Sharon Nguyen"},
        ]
    )
    found = [(d.text, d.identity) for d in roster.find("most say AJ, and P1 said Sharon knew")]
    assert found == [("AJ", "participant:Atem|"), ("Sharon", "participant:P1|")]


def test_a_nickname_that_is_only_a_role_word_is_not_a_name() -> None:
    roster = Roster.from_records([{"label": "Kim", "nicknames": "Facilitator; K"}])
    assert "Facilitator" not in roster.names
    assert "K" not in roster.names
