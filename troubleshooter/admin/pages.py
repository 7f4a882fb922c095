"""The frame the guide's extra admin pages share: the guide looked up with the
editor's permission checked, and the page rendered inside the admin."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from troubleshooter.models import Guide


def editable_guide(model_admin, request, guide_id: int) -> Guide:
    guide = get_object_or_404(Guide.objects.with_draft(), pk=guide_id)
    if not model_admin.has_change_permission(request, guide):
        raise PermissionDenied
    return guide


def viewable_guide(model_admin, request, guide_id: int) -> Guide:
    guide = get_object_or_404(Guide, pk=guide_id)
    if not model_admin.has_view_or_change_permission(request, guide):
        raise PermissionDenied
    return guide


def change_url(guide: Guide) -> str:
    return reverse("admin:troubleshooter_guide_change", args=[guide.pk])


def guide_page(model_admin, request, guide: Guide, template: str, title: str, **context):
    return TemplateResponse(
        request,
        f"admin/troubleshooter/guide/{template}",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": guide,
            "title": title,
            "change_url": change_url(guide),
            **context,
        },
    )
