"""Moves the plain-text keys of DRF's authtoken app (table authtoken_token, from before API tokens
were hashed) into core.ApiToken as SHA-256 hashes, then empties that table.

rest_framework.authtoken is no longer installed, so its table is read with plain SQL and only when
it exists (databases made before this change). The old keys keep working until they expire, a year
after this migration; they are listed as "overgenomen" by `wijkwerk list-api-tokens`.
"""

import hashlib
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.db import migrations
from django.utils import timezone
from django.utils.dateparse import parse_datetime

OLD_TABLE = "authtoken_token"
OLD_PREFIX_LENGTH = 8  # of the old 40-character hexadecimal keys


def _aware(value, default: datetime) -> datetime:
    if isinstance(value, str):
        value = parse_datetime(value)
    if not isinstance(value, datetime):
        return default
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt_timezone.utc)


def hash_plain_text_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote('key')}, {quote('user_id')}, {quote('created')} FROM {quote(OLD_TABLE)}")
        rows = cursor.fetchall()
    ApiToken = apps.get_model("core", "ApiToken")
    AuditLogEntry = apps.get_model("core", "AuditLogEntry")
    now = timezone.now()
    expires = now + timedelta(days=getattr(settings, "WIJKWERK_API_TOKEN_DAYS", 365))
    for key, user_id, created in rows:
        if not key:
            continue
        key_hash = hashlib.sha256(str(key).encode("utf-8")).hexdigest()
        if ApiToken.objects.filter(key_hash=key_hash).exists():
            continue
        token = ApiToken.objects.create(
            user_id=user_id, name="overgenomen", prefix=str(key)[:OLD_PREFIX_LENGTH], key_hash=key_hash,
            created=_aware(created, now), expires=expires,
        )
        AuditLogEntry.objects.create(
            action="api_token.hash_migrated", actor_label="systeem", object_type="core.apitoken",
            object_id=str(token.pk), origin="system",
            detail={"user_id": user_id, "prefix": token.prefix, "expires": expires.isoformat()},
        )
    # No plain-text key may stay behind.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(OLD_TABLE)}")


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_api_tokens"),
    ]

    operations = [
        # Irreversible in effect: the plain-text keys are gone (as intended); going back leaves the
        # hashed tokens in place.
        migrations.RunPython(hash_plain_text_tokens, migrations.RunPython.noop),
    ]
