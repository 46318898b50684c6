"""What the intake says of an incident type it does not know: the nearest types for a slip of
the keys, never a guess that has nothing to do with the words (QA walk: "fightt" was answered
"did you mean highway obstruction?")."""

from __future__ import annotations

import pytest

from wmp_tui.domain.call_checks import closest_types, unknown_type


@pytest.mark.parametrize(
    ("typed", "nearest"),
    [
        ("violense", "violence"),
        ("robery", "robbery"),
        ("criminal damge", "criminal damage"),
        ("domestic abus", "domestic abuse"),
    ],
)
def test_a_slip_of_the_keys_names_the_type_meant(typed: str, nearest: str) -> None:
    assert closest_types(typed)[0] == nearest
    assert f"did you mean {nearest}" in unknown_type(typed)


@pytest.mark.parametrize("typed", ["fightt", "xyzzy", "stabbing at the bus stop"])
def test_words_like_no_type_get_examples_not_a_guess(typed: str) -> None:
    assert closest_types(typed) == []
    said = unknown_type(typed)
    assert "did you mean" not in said
    assert said.startswith(f'"{typed}" is not an incident type known here')
