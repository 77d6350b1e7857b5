"""Virus findings and quarantined files in the admin (administrators only, like all of it).

Both are written by the scanning code alone: findings are read-only; a quarantined file's row can
be deleted to release a false positive once its bytes have been moved back (docs/operating.md,
"Virus scanning")."""

from django.contrib import admin

from asiointi.scanning.models import QuarantinedFile, ScanEvent


class _WrittenByTheCode(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ScanEvent)
class ScanEventAdmin(_WrittenByTheCode):
    list_display = ["at", "kind", "purpose", "file_name", "signature", "actor"]
    list_filter = ["kind", "purpose"]
    search_fields = ["file_name", "signature", "sha256"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(QuarantinedFile)
class QuarantinedFileAdmin(_WrittenByTheCode):
    list_display = ["quarantined_at", "kind", "object_id", "signature", "quarantine_name"]
    list_filter = ["kind"]
