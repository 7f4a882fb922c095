from django import template

from troubleshooter.models import ReviewRequest

register = template.Library()


@register.simple_tag
def waiting_reviews():
    """Reviews asked for and not yet answered, for the admin's front page."""
    return ReviewRequest.objects.waiting().select_related("guide", "translation", "asked_by")
