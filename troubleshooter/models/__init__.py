"""The troubleshooter's models, one module per concern; every public name is
re-exported here, so `troubleshooter.models.X` keeps working for the app and its
migrations."""

from troubleshooter.models.answers import Answer, AnswerQuerySet, Feedback
from troubleshooter.models.draft_rows import (
    MARKDOWN_HELP,
    Choice,
    FallbackLink,
    Step,
    https_address,
    new_key,
)
from troubleshooter.models.drafts import (
    DraftChanged,
    Guide,
    GuideQuerySet,
    PublishedMeanwhile,
    PublishRefused,
)
from troubleshooter.models.limits import ClientWrites, ClientWritesQuerySet
from troubleshooter.models.presence import EditorPresence, EditorPresenceQuerySet
from troubleshooter.models.reviews import ReviewRequest, ReviewRequestQuerySet
from troubleshooter.models.revisions import DraftRevision, DraftRevisionQuerySet
from troubleshooter.models.search import (
    QUERY_LIMIT,
    SearchEntry,
    SearchEntryQuerySet,
    SearchMiss,
    SearchMissQuerySet,
)
from troubleshooter.models.symptoms import Symptom
from troubleshooter.models.topics import (
    ListedGuide,
    Topic,
    TopicQuerySet,
    listed_guides,
    listing_stamp,
    listing_stamp_sql,
    topic_links,
)
from troubleshooter.models.totals import PeriodTotal, ReportPeriod, StepTotal, VisitTotal
from troubleshooter.models.translation_revisions import (
    TranslationRevision,
    TranslationRevisionQuerySet,
)
from troubleshooter.models.translations import (
    TextsChanged,
    Translation,
    TranslationQuerySet,
    language_name,
    texts_stamp,
    translations_prefetch,
)
from troubleshooter.models.versions import (
    CompiledVersion,
    GuideVersion,
    GuideVersionQuerySet,
    compiled_version,
)
from troubleshooter.models.visits import (
    REFERENCE_ALPHABET,
    VISIT_WALKED,
    StepPageRow,
    Visit,
    VisitFull,
    VisitQuerySet,
    lock_visit_sql,
    new_reference,
    protect_real_visits,
    step_page_sql,
)

__all__ = [
    "MARKDOWN_HELP",
    "QUERY_LIMIT",
    "REFERENCE_ALPHABET",
    "VISIT_WALKED",
    "Answer",
    "AnswerQuerySet",
    "Choice",
    "ClientWrites",
    "ClientWritesQuerySet",
    "CompiledVersion",
    "DraftChanged",
    "DraftRevision",
    "DraftRevisionQuerySet",
    "EditorPresence",
    "EditorPresenceQuerySet",
    "FallbackLink",
    "Feedback",
    "Guide",
    "GuideQuerySet",
    "GuideVersion",
    "GuideVersionQuerySet",
    "ListedGuide",
    "PeriodTotal",
    "PublishRefused",
    "PublishedMeanwhile",
    "ReportPeriod",
    "ReviewRequest",
    "ReviewRequestQuerySet",
    "SearchEntry",
    "SearchEntryQuerySet",
    "SearchMiss",
    "SearchMissQuerySet",
    "Step",
    "StepPageRow",
    "StepTotal",
    "Symptom",
    "TextsChanged",
    "Topic",
    "TopicQuerySet",
    "Translation",
    "TranslationQuerySet",
    "TranslationRevision",
    "TranslationRevisionQuerySet",
    "Visit",
    "VisitFull",
    "VisitQuerySet",
    "VisitTotal",
    "compiled_version",
    "https_address",
    "language_name",
    "listed_guides",
    "listing_stamp",
    "listing_stamp_sql",
    "lock_visit_sql",
    "new_key",
    "new_reference",
    "protect_real_visits",
    "step_page_sql",
    "texts_stamp",
    "topic_links",
    "translations_prefetch",
]
