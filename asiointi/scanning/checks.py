"""``asiointi check --deploy``: a real virus scanner that answers, or an explicit opt-out."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from asiointi.common import antivirus


@register(Tags.security, deploy=True)
def virus_scanner_check(app_configs, **kwargs):
    name = settings.ANTIVIRUS_SCANNER
    try:
        real = antivirus.is_real(name)
    except ImportError as error:
        return [
            Error(
                f"ASIOINTI_ANTIVIRUS_SCANNER={name!r} cannot be loaded: {error}",
                hint="Use clamd, none, or the dotted path of a scanner class.",
                id="scanning.E002",
            )
        ]
    if not real:
        return [
            Warning(
                "No virus scanner: uploaded files are stored without scanning "
                f"(ASIOINTI_ANTIVIRUS_SCANNER={name}).",
                hint="Install clamav-daemon and set ASIOINTI_ANTIVIRUS_SCANNER=clamd "
                "(docs/operating.md, Virus scanning).",
                id="scanning.W001",
            )
        ]
    try:
        antivirus.ping()
    except antivirus.ScannerUnavailable as error:
        return [
            Error(
                f"The virus scanner does not answer: {error}",
                hint="Start clamd, or point ASIOINTI_CLAMD_SOCKET (or ASIOINTI_CLAMD_HOST and "
                "ASIOINTI_CLAMD_PORT) at it. Until it answers, every upload is refused.",
                id="scanning.E001",
            )
        ]
    return []
