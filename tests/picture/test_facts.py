"""The facts two reports of one event must not contradict. Texts are our own."""

from __future__ import annotations

from sitroom.picture.facts import Facts, days, numbers


def test_numbers_leave_out_dates_and_times() -> None:
    assert numbers("On March 8, 2022, 41 children were killed (08.03.22 10:42)") == {"41"}
    assert numbers("since 24 February, 1,582 residents") == {"1582"}


def test_two_tallies_and_two_days_contradict_a_copy_does_not() -> None:
    first = Facts(frozenset(), numbers("165 children killed since the invasion"))
    later = Facts(frozenset(), numbers("167 children killed and 297 injured"))
    copy = Facts(frozenset(), numbers("Russian troops killed 165 children and injured 300"))
    assert first.contradicts(later) and later.contradicts(first)
    assert not first.contradicts(copy) and not copy.contradicts(first)  # more detail
    eighth = Facts(frozenset(), frozenset(), days("On November 8, troops killed three civilians"))
    ninth = Facts(frozenset(), frozenset(), days("On 9 November troops killed three civilians"))
    assert eighth.contradicts(ninth)
    assert not eighth.contradicts(Facts(frozenset(), frozenset()))  # "over the past day"
