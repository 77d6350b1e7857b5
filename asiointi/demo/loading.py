"""Loads every app's demo data in order: each step needs the ones before it.

1. the catalogue: departments, teams, services with their forms and calls
   (``asiointi.catalogue.demo``, ``asiointi.organisation.demo``);
2. the personas and Matti's associations (``asiointi.accounts.demo``);
3. grant applications in every state, with decision lists and a paid instalment
   (``asiointi.grants.demo``);
4. sample feedback (``asiointi.feedback.demo``);
5. client fees: Eino, Maija's desk and the annual review's mass (``asiointi.fees.demo``);
6. social assistance applications across the three teams (``asiointi.assistance.demo``).

Idempotent: running it twice changes nothing.
"""

from django.test.utils import override_settings

from asiointi.accounts.demo import load_people
from asiointi.assistance.demo import load_assistance_demo
from asiointi.catalogue.demo import load_catalogue
from asiointi.feedback.demo import load_sample_feedback
from asiointi.fees.demo import demo_sizes, load_fee_demo
from asiointi.grants.demo import load_sample_cases


def load_demo() -> None:
    load_catalogue()
    users = load_people()
    # The sample applications would send a dozen notification emails; nobody reads them.
    with override_settings(
        MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
    ):
        load_sample_cases(users)
        load_sample_feedback(users)
        # Eino, Maija's desk and the annual review's mass (ASIOINTI_DEMO_FEE_CLIENTS,
        # ASIOINTI_DEMO_VOUCHER_CLIENTS: 7,000 and 2,000; a few seconds on SQLite).
        fee_clients, voucher_clients = demo_sizes()
        load_fee_demo(users, clients=fee_clients, vouchers=voucher_clients)
        # A dozen social-assistance applications in every state across the three teams, and
        # Aino's draft; decided ones get their letters.
        load_assistance_demo(users)
