"""The admin, one module per concern; importing the package registers the models."""

from troubleshooter.admin.guides import GuideAdmin
from troubleshooter.admin.searches import SearchMissAdmin
from troubleshooter.admin.topics import TopicAdmin
from troubleshooter.admin.visits import VisitAdmin

__all__ = ["GuideAdmin", "SearchMissAdmin", "TopicAdmin", "VisitAdmin"]
