"""Visitors' writes per client address and minute, counted in the database: every
process and server shares it, so the limits hold however many there are."""

import functools

from django.db import connections, models


@functools.cache
def count_sql(alias: str) -> str:
    """One statement that counts a write, or counts nothing once the client's minute is
    full: an upsert whose update only happens in a new minute or under the limit. Both
    SQLite (3.24 on) and PostgreSQL run it atomically."""
    quote = connections[alias].ops.quote_name
    table = quote(ClientWrites._meta.db_table)
    client, minute, writes = (
        quote(ClientWrites._meta.get_field(name).column) for name in ("client", "minute", "writes")
    )
    new_minute = f"excluded.{minute} > {table}.{minute}"
    return (
        f"INSERT INTO {table} ({client}, {minute}, {writes}) VALUES (%s, %s, 1) "
        f"ON CONFLICT ({client}) DO UPDATE SET "
        f"{writes} = CASE WHEN {new_minute} THEN 1 ELSE {table}.{writes} + 1 END, "
        f"{minute} = CASE WHEN {new_minute} THEN excluded.{minute} ELSE {table}.{minute} END "
        f"WHERE {new_minute} OR {table}.{writes} < %s"
    )


class ClientWritesQuerySet(models.QuerySet):
    def count_write(self, client: str, minute: int, limit: int) -> bool:
        """Count one write by `client` in `minute`; False, counting nothing, when the
        client has had `limit` writes in that minute already."""
        with connections[self.db].cursor() as cursor:
            cursor.execute(count_sql(self.db), [client, minute, limit])
            return cursor.rowcount == 1

    def prune(self, minute: int) -> None:
        """Forget the clients not seen since before `minute`."""
        self.filter(minute__lt=minute).delete()


class ClientWrites(models.Model):
    """One client address's writes of one kind (Start, or answers) in its latest minute."""

    client = models.CharField(
        max_length=64, primary_key=True, help_text="The kind of write and the address."
    )
    minute = models.BigIntegerField(help_text="Minutes since 1970 (UTC).")
    writes = models.PositiveIntegerField()

    objects = ClientWritesQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "client writes"
        indexes = [models.Index(fields=["minute"], name="client_writes_minute")]

    def __str__(self):
        return f"{self.client}: {self.writes} in minute {self.minute}"
