"""``asiointi open311 create-key "<client name>"``, ``asiointi open311 list-keys`` and
``asiointi open311 revoke-key <prefix>``: the Open311 API keys of client applications.

The key is printed once, at creation; only its prefix and hash are stored (open311/keys.py).
"""

from django.core.management.base import BaseCommand, CommandError

from asiointi.feedback.models import ApiClient
from asiointi.feedback.open311.keys import api_client_create, api_client_revoke


class Command(BaseCommand):
    help = "Manage the API keys of Open311 clients."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        create = actions.add_parser("create-key", help="Create a key for a client; prints it.")
        create.add_argument("name", help="the client application's name")
        actions.add_parser("list-keys", help="List the clients: name, key prefix, active.")
        revoke = actions.add_parser("revoke-key", help="Revoke a key by its prefix.")
        revoke.add_argument("prefix", help="the key's prefix (the part before the dot)")

    def handle(self, *args, action: str, **options):
        if action == "create-key":
            self._create(options["name"])
        elif action == "list-keys":
            self._list()
        else:
            self._revoke(options["prefix"])

    def _create(self, name: str) -> None:
        if not name.strip():
            raise CommandError('Give the client a name, e.g. create-key "Palautesovellus".')
        client, key = api_client_create(name=name)
        self.stdout.write(f"API key for {client.name} (shown only now; store it safely):")
        self.stdout.write(key)
        self.stdout.write(
            f"Revoke it in the admin (Open311 clients → {client.key_prefix}) or with "
            f"`asiointi open311 revoke-key {client.key_prefix}`."
        )

    def _list(self) -> None:
        clients = ApiClient.objects.order_by("name", "key_prefix")
        if not clients:
            self.stdout.write("No Open311 clients.")
            return
        self.stdout.write(f"{'prefix':<12} {'active':<7} name")
        for client in clients:
            active = "yes" if client.active else "no"
            self.stdout.write(f"{client.key_prefix:<12} {active:<7} {client.name}")

    def _revoke(self, prefix: str) -> None:
        client = api_client_revoke(prefix=prefix)
        if client is None:
            raise CommandError(f"No Open311 key with the prefix {prefix!r}; see list-keys.")
        self.stdout.write(f"Key {client.key_prefix} of {client.name} is revoked.")
