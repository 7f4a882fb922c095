"""Every screen a visitor sees, one module per concern; the public names are
re-exported here, so `troubleshooter.screens.X` finds any of them."""

from troubleshooter.screens.common import (
    HtmxHttpRequest,
    HttpResponseSeeOther,
    guide_url,
    is_fragment,
    render_screen,
    step_url,
)
from troubleshooter.screens.guides import guide_screen, title_order
from troubleshooter.screens.languages import page_in
from troubleshooter.screens.refusals import (
    TOO_LARGE_FOR_STAFF,
    bad_request_screen,
    method_not_allowed_html,
    refusal_screen,
    server_error_screen,
    too_fast_screen,
    too_large_screen,
    unavailable_screen,
    visit_full_screen,
)
from troubleshooter.screens.search import search_screen, was_submitted
from troubleshooter.screens.topics import guide_list_screen, other_guides_screen, topic_screen
from troubleshooter.screens.walk import (
    answer_screen,
    destination_url,
    feedback_screen,
    fixed_screen,
    more_help_screen,
    step_screen,
    thanked_url,
    with_thanks,
)

__all__ = [
    "TOO_LARGE_FOR_STAFF",
    "HtmxHttpRequest",
    "HttpResponseSeeOther",
    "answer_screen",
    "bad_request_screen",
    "destination_url",
    "feedback_screen",
    "fixed_screen",
    "guide_list_screen",
    "guide_screen",
    "guide_url",
    "is_fragment",
    "method_not_allowed_html",
    "more_help_screen",
    "other_guides_screen",
    "page_in",
    "refusal_screen",
    "render_screen",
    "search_screen",
    "server_error_screen",
    "step_screen",
    "step_url",
    "thanked_url",
    "title_order",
    "too_fast_screen",
    "too_large_screen",
    "topic_screen",
    "unavailable_screen",
    "visit_full_screen",
    "was_submitted",
    "with_thanks",
]
