"""``asiointi attachments rescan``: scan every stored upload again, after a signature update.

A file the scanner now finds infected is quarantined (moved out of reach of its downloads, with
an audit row). Each quarantine is committed on its own, so an interrupted run loses nothing and
running it again is safe: files already quarantined are not scanned again (an original left
behind by a crash is removed), and clean files are simply scanned again. Exits non-zero when the
scanner does not answer, before or during the run.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from asiointi.common import antivirus
from asiointi.scanning.models import QuarantinedFile
from asiointi.scanning.services import file_quarantine, quarantine_finish
from asiointi.scanning.stored import KINDS_BY_NAME, STORED_KINDS


class Command(BaseCommand):
    help = "Stored uploads: rescan them for new virus signatures and quarantine what is found."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        rescan = subcommands.add_parser(
            "rescan", help="Scan every stored upload again; quarantine infected files."
        )
        rescan.add_argument(
            "--kind",
            action="append",
            choices=sorted(KINDS_BY_NAME),
            help="Only these kinds of stored files (repeatable); default: all.",
        )

    def handle(self, *args, subcommand: str, kind=None, **options):
        if not antivirus.is_real(settings.ANTIVIRUS_SCANNER):
            raise CommandError(
                "No virus scanner is configured (ASIOINTI_ANTIVIRUS_SCANNER=none): nothing "
                "can be rescanned."
            )
        try:
            antivirus.ping()
        except antivirus.ScannerUnavailable as error:
            raise CommandError(f"The virus scanner is not available: {error}") from error
        counts = {"scanned": 0, "clean": 0, "quarantined": 0, "already": 0, "missing": 0}
        kinds = [KINDS_BY_NAME[name] for name in kind] if kind else list(STORED_KINDS)
        try:
            for stored_kind in kinds:
                self._rescan(stored_kind, counts)
        except antivirus.ScannerUnavailable as error:
            self._report(counts)
            raise CommandError(
                f"The virus scanner stopped answering: {error}. Run the command again."
            ) from error
        self._report(counts)

    def _rescan(self, stored_kind, counts: dict[str, int]) -> None:
        model = stored_kind.model
        quarantined = {
            row.stored_name: row for row in QuarantinedFile.objects.filter(kind=stored_kind.name)
        }
        for row in model.objects.exclude(file="").order_by("pk").iterator(chunk_size=500):
            storage, name = row.file.storage, row.file.name
            if name in quarantined:
                quarantine_finish(quarantined[name], storage)
                counts["already"] += 1
                continue
            if not storage.exists(name):
                self.stderr.write(f"missing: {stored_kind.name} {row.pk} ({name})")
                counts["missing"] += 1
                continue
            with storage.open(name, "rb") as stream:
                result = antivirus.scan(stream)
            counts["scanned"] += 1
            if result.clean:
                counts["clean"] += 1
                continue
            if file_quarantine(kind=stored_kind, row=row, signature=result.detail):
                counts["quarantined"] += 1
                self.stdout.write(
                    f"quarantined: {stored_kind.name} {row.pk} "
                    f"{stored_kind.display_name(row)!r}: {result.detail}"
                )
            else:
                counts["already"] += 1

    def _report(self, counts: dict[str, int]) -> None:
        self.stdout.write(
            "Scanned {scanned} stored files: {clean} clean, {quarantined} quarantined now; "
            "{already} quarantined before; {missing} missing from storage.".format(**counts)
        )
