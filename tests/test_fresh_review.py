"""The completeness checks compare a review with a fresh one, built through the Review model's one
validator (`checks._fresh_review`) to spare 13 pydantic builds at start-up: it must stay exactly
what `new_review()` makes, whatever the template's models become."""

from pirtui.core import checks
from pirtui.core.model import new_review


def test_the_fresh_review_of_the_checks_is_new_review():
    assert checks._fresh_review() == new_review()
    assert checks._FRESH == new_review()


def test_a_filled_review_is_not_the_fresh_one():
    """The other side: the comparison can tell them apart."""
    review = new_review()
    review.title = "Database pool exhausted"
    assert review != checks._FRESH
