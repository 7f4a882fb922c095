"""Who has a guide's page open: each editor's page says so to the others."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class EditorPresenceQuerySet(models.QuerySet):
    # A page reports every 30 seconds; one missed report is not yet leaving.
    GONE_AFTER = datetime.timedelta(seconds=75)

    def here(self, guide_id: int, user) -> None:
        """This editor has the guide's page open now."""
        now = timezone.now()
        updated = self.filter(guide_id=guide_id, user=user, seen_at__gte=now - self.GONE_AFTER)
        if not updated.update(seen_at=now):
            self.update_or_create(
                guide_id=guide_id, user=user, defaults={"since": now, "seen_at": now}
            )

    def others(self, guide_id: int, user):
        """The other editors with the guide's page open, longest first."""
        recent = timezone.now() - self.GONE_AFTER
        return (
            self.filter(guide_id=guide_id, seen_at__gte=recent)
            .exclude(user=user)
            .select_related("user")
            .order_by("since")
        )


class EditorPresence(models.Model):
    guide = models.ForeignKey("Guide", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(help_text="When they opened the page.")
    seen_at = models.DateTimeField(help_text="Their page's last report.")

    objects = EditorPresenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["guide", "user"], name="presence_one_per_editor"),
        ]

    def __str__(self):
        return f"{self.user} on guide {self.guide_id}"
