"""Who else has a guide's page open: each page reports every 30 seconds (htmx) and
shows the other editors."""

from django.template.response import TemplateResponse

from troubleshooter.admin.pages import editable_guide
from troubleshooter.models import EditorPresence


def presence(model_admin, request, guide_id: int):
    """The guide's page reports that it is open, and hears who else has it open."""
    guide = editable_guide(model_admin, request, guide_id)
    EditorPresence.objects.here(guide.pk, request.user)
    others = EditorPresence.objects.others(guide.pk, request.user)
    return TemplateResponse(
        request,
        "admin/troubleshooter/guide/change_form.html#presence",
        {"original": guide, "others": others},
    )
