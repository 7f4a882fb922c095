import logging
import os

from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# Below this much free space beside the SQLite file, a write may fail half way.
MIN_FREE_BYTES = 64 * 1024 * 1024


def database_can_write() -> bool:
    """Whether the database takes a write now, without writing. On SQLite: change a
    row in a transaction that is rolled back, and check the disk has room. On
    PostgreSQL: ask whether the session and the server are read-only."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # BEGIN IMMEDIATE (the connection's transaction mode) takes the write lock;
            # a connection opened on a read-only file takes it too, but fails the write.
            with transaction.atomic():
                cursor.execute(
                    "UPDATE django_migrations SET app = app "
                    "WHERE id = (SELECT MIN(id) FROM django_migrations)"
                )
                transaction.set_rollback(True)
            name = str(connection.settings_dict["NAME"])
            if ":memory:" in name or "mode=memory" in name:
                return True
            folder = os.path.dirname(os.path.abspath(name))
            stats = os.statvfs(folder)
            return stats.f_bavail * stats.f_frsize >= MIN_FREE_BYTES
        cursor.execute(
            "SELECT current_setting('transaction_read_only') = 'off' AND NOT pg_is_in_recovery()"
        )
        return cursor.fetchone()[0]


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database takes writes, 503 when it does not; the reason goes to
    the log only. Cheap enough for a load balancer to ask every few seconds."""
    try:
        writable = database_can_write()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        writable = False
    if not writable:
        # A connection opened while the database was read-only stays so: drop it, and
        # the next check (or request) opens a new one.
        if not connection.in_atomic_block:
            connection.close()
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon, as the admin's don't:
    the site's icon, rather than a 404 in every admin page's console."""
    response = HttpResponseRedirect(static("favicon.svg"))
    patch_cache_control(response, max_age=86400, public=True)
    return response
