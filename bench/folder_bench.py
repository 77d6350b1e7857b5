"""Folder benchmark: the e-services folder at municipal scale, served by gunicorn on PostgreSQL.

1. Drops and recreates a PostgreSQL database, migrates it with ``asiointi migrate`` and loads the
   demo catalogue (the two grant services and their calls).
2. Bulk-loads applicants, organisations, applications, versions, attachment rows (metadata only,
   no files), messages and timeline events with ``bulk_create`` in batches.
3. Starts gunicorn (2 sync workers by default) on a free loopback port in demo mode.
4. Logs sample applicants in by writing their sessions straight into the database (see
   ``make_sessions``) and measures, with a bounded number of requests from a few client threads,
   the folder list, the folder's "sent" tab, an application page, and submitting drafts.

It prints figures, not pass/fail. Every request goes to 127.0.0.1; every loop is bounded in count
and in time. Usage (see bench/README.md):

    .venv/bin/python bench/folder_bench.py --applications 2000 --applicants 400
    .venv/bin/python bench/folder_bench.py            # 100,000 applications, 20,000 applicants
"""

import argparse
import datetime
import html.parser
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import requests
from harness import (  # bench/ is on sys.path when a script in it runs
    Result,
    bench_env,
    free_port,
    make_sessions,
    prepare_database,
    run_bounded,
    start_gunicorn,
    stop_gunicorn,
    timed_get,
)
from tqdm import tqdm

FIRST_NAMES = ["Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Maija", "Noora", "Olli", "Pia"]
LAST_NAMES = ["Aalto", "Heikkinen", "Korhonen", "Laine", "Mäkinen", "Nieminen", "Virtanen"]
ORGANISATION_WORDS = ["Kulttuuri", "Urheilu", "Nuoriso", "Kotiseutu", "Teatteri", "Kuoro", "Partio"]
# Share of applications per status: a year's worth of folders, most of them sent or decided.
STATUS_WEIGHTS = {
    "draft": 20,
    "received": 25,
    "in_processing": 20,
    "awaiting_supplement": 5,
    "decided": 25,
    "closed": 5,
}


# --- 2. Bulk load ----------------------------------------------------------------------------


def business_id(number: int) -> str | None:
    """A valid Finnish business ID (Y-tunnus) from a 7-digit number, or None if it has none."""
    digits = f"{number:07d}"
    remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if remainder == 1:
        return None
    return f"{digits}-{0 if remainder == 0 else 11 - remainder}"


@dataclass
class Loaded:
    """What the measurements need to know about the loaded data."""

    applicant_ids: list[int] = field(default_factory=list)
    # Organisation id → its representatives' user ids.
    representatives: dict[int, list[int]] = field(default_factory=dict)
    # Applications a person can open: (user id, acting for organisation id or None, case id).
    visible: list[tuple[int, int | None, int]] = field(default_factory=list)
    # Complete drafts of the general grant, ready to send: (applicant id, case id).
    sendable_drafts: list[tuple[int, int]] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)


def load_data(*, applications: int, applicants: int, batch_size: int, rng: random.Random) -> Loaded:
    from django.db import connection, transaction

    from asiointi.accounts.models import ApplicantOrganisation, Representation, User
    from asiointi.cases.models import Case, RecordNumberSequence
    from asiointi.catalogue.models import GrantCall
    from asiointi.organisation.constants import StaffRole
    from asiointi.organisation.models import Department, Membership

    loaded = Loaded()
    # Unusable passwords: these people log in only through the sessions written below.
    users = [
        User(
            username=f"bench{index:06d}",
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            email=f"bench{index:06d}@example.com",
            password="!bench",  # noqa: S106 (an unusable password hash, not a secret)
        )
        for index in range(applicants)
    ]
    with transaction.atomic():
        for start in tqdm(range(0, len(users), batch_size), desc="applicants", unit="batch"):
            User.objects.bulk_create(users[start : start + batch_size])
        handlers = User.objects.bulk_create(
            User(
                username=f"benchhandler{index}",
                first_name="Käsittelijä",
                last_name=str(index),
                email=f"benchhandler{index}@example.fi",
                password="!bench",  # noqa: S106
                is_staff=True,
            )
            for index in range(10)
        )
        for index, handler in enumerate(handlers):
            Membership.objects.create(
                user=handler,
                department=Department.objects.get(code="culture" if index % 2 else "education"),
                role=StaffRole.HANDLER,
            )
        # One organisation per ten applicants, each with one to three representatives.
        organisations, number = [], 1_000_000
        while len(organisations) < max(1, applicants // 10):
            number += 1
            identifier = business_id(number)
            if identifier:
                words = rng.sample(ORGANISATION_WORDS, 2)
                organisations.append(
                    ApplicantOrganisation(
                        business_id=identifier,
                        name=f"{words[0]}- ja {words[1].lower()}yhdistys {number} ry",
                        email=f"toimisto{number}@example.org",
                    )
                )
        ApplicantOrganisation.objects.bulk_create(organisations, batch_size=batch_size)
        representations = []
        for organisation in organisations:
            people = rng.sample(users, rng.randint(1, 3))
            loaded.representatives[organisation.pk] = [person.pk for person in people]
            representations += [
                Representation(person=person, organisation=organisation, role="jäsen")
                for person in people
            ]
        Representation.objects.bulk_create(representations, batch_size=batch_size)
    loaded.applicant_ids = [user.pk for user in users]
    loaded.counts.update(
        applicants=len(users),
        organisations=len(organisations),
        representations=len(representations),
    )

    calls = list(GrantCall.objects.select_related("service", "service__form").order_by("pk"))
    users_by_id = {user.pk: user for user in users}
    organisations_by_id = {organisation.pk: organisation for organisation in organisations}
    builder = CaseBuilder(
        rng=rng,
        calls=calls,
        handlers=handlers,
        users=users_by_id,
        organisations=organisations_by_id,
        loaded=loaded,
    )
    # The bulk load sets its own creation and update times, spread over three years.
    timestamps = [Case._meta.get_field("created_at"), Case._meta.get_field("updated_at")]
    saved = [(f.auto_now, f.auto_now_add) for f in timestamps]
    for timestamp in timestamps:
        timestamp.auto_now = timestamp.auto_now_add = False
    try:
        with tqdm(total=applications, desc="applications", unit="app") as progress:
            for start in range(0, applications, batch_size):
                size = min(batch_size, applications - start)
                with transaction.atomic():
                    builder.write_batch(size)
                progress.update(size)
    finally:
        for timestamp, (auto_now, auto_now_add) in zip(timestamps, saved, strict=True):
            timestamp.auto_now, timestamp.auto_now_add = auto_now, auto_now_add

    # Live submits continue the record-number series after the loaded ones.
    RecordNumberSequence.objects.bulk_create(
        [RecordNumberSequence(year=y, last_value=v) for y, v in builder.last_numbers.items()]
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return loaded


class CaseBuilder:
    """Makes one batch of applications with everything that belongs to them, in bulk."""

    def __init__(self, *, rng, calls, handlers, users, organisations, loaded: Loaded):
        from asiointi.eforms.spec import FormSpec

        self.rng, self.calls, self.handlers = rng, calls, handlers
        self.users, self.organisations, self.loaded = users, organisations, loaded
        self.user_ids = list(users)
        self.organisation_ids = list(organisations)
        self.specs = {call.pk: FormSpec.from_definition(call.service.form) for call in calls}
        self.general_call = next(c for c in calls if c.service.code == "yleisavustus")
        self.last_numbers: Counter = Counter()
        self.now = datetime.datetime.now(datetime.UTC)
        self.today = self.now.date()
        self.statuses = list(STATUS_WEIGHTS)
        self.weights = list(STATUS_WEIGHTS.values())

    def _answers(self, organisation, person, amount: str) -> dict:
        from asiointi.grants.demo import sample_answers

        named = organisation or SimpleNamespace(
            name=f"{person.last_name}in lapsiryhmä", business_id="1234567-1"
        )
        return sample_answers(named, person, self.today, amount)

    def _summary(self, call, data: dict) -> tuple[str, Decimal | None]:
        spec = self.specs[call.pk]
        title_field, amount_field = spec.summary_field("title"), spec.summary_field("amount")
        title = str(data.get(title_field, ""))[:300] if title_field else ""
        amount = Decimal(data[amount_field]) if amount_field in data else None
        return title, amount

    def write_batch(self, size: int) -> None:
        """Plan ``size`` applications with everything that belongs to them, then insert each
        table once. Related rows point at the (not yet saved) case and message objects;
        ``bulk_create`` fills in their keys when it inserts them in this order."""
        from asiointi.cases.models import Attachment, Case, CaseVersion, Message, TimelineEvent

        rng = self.rng
        cases, sendable = [], []
        versions, messages, attachments, events = [], [], [], []
        for _ in range(size):
            # A third of the applications are made on behalf of an organisation.
            if rng.random() < 0.3:
                organisation_id = rng.choice(self.organisation_ids)
                applicant_id = rng.choice(self.loaded.representatives[organisation_id])
                organisation = self.organisations[organisation_id]
            else:
                organisation_id, organisation = None, None
                applicant_id = rng.choice(self.user_ids)
            person = self.users[applicant_id]
            call = self.general_call if rng.random() < 0.7 else rng.choice(self.calls)
            status = rng.choices(self.statuses, self.weights)[0]
            version_count = 0 if status == "draft" else rng.choice((1, 1, 1, 2, 2, 3))
            amounts = [f"{rng.randint(5, 400) * 100}.00" for _ in range(max(version_count, 1))]
            data = self._answers(organisation, person, amounts[-1])
            complete_draft = status == "draft" and call is self.general_call and rng.random() < 0.6
            if status == "draft" and not complete_draft:
                data = {k: data[k] for k in ("organisation_name", "contact_name") if k in data}
            title, amount = self._summary(call, data)
            at = created = self.now - datetime.timedelta(
                seconds=rng.randint(86400, 3 * 365 * 86400)
            )
            submitted = created + datetime.timedelta(minutes=rng.randint(5, 600))
            record_number = None
            if version_count:
                self.last_numbers[submitted.year] += 1
                record_number = f"ASI-{submitted.year}-{self.last_numbers[submitted.year]:06d}"
            handler = rng.choice(self.handlers) if status not in ("draft", "received") else None
            case = Case(
                record_number=record_number,
                service=call.service,
                grant_call=call,
                form_id=call.service.form_id,
                department_id=call.service.department_id,
                applicant_id=applicant_id,
                organisation_id=organisation_id,
                handler=handler,
                status=status,
                draft_data=data,
                title=title,
                requested_amount=amount,
                version_count=version_count,
                lock_version=version_count + rng.randint(0, 3),
                created_at=created,
                submitted_at=submitted if version_count else None,
            )
            cases.append(case)
            sendable.append(complete_draft)

            events.append(self._event(case, "created", person, at, visible=False))
            for number in range(1, version_count + 1):
                at = submitted if number == 1 else at + datetime.timedelta(days=rng.randint(1, 20))
                version_data = (
                    data
                    if number == version_count
                    else self._answers(organisation, person, amounts[number - 1])
                )
                versions.append(
                    CaseVersion(
                        case=case, number=number, data=version_data, sent_at=at, sent_by=person
                    )
                )
                kind = "submitted" if number == 1 else "new_version"
                events.append(self._event(case, kind, person, at, details={"version": number}))
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                at += datetime.timedelta(hours=rng.randint(1, 48))
                attachments.append(self._attachment(case, person, at, from_staff=False))
                if status != "draft":
                    events.append(self._event(case, "attachment_added", person, at))
            if status in ("in_processing", "awaiting_supplement", "decided", "closed"):
                at += datetime.timedelta(days=rng.randint(1, 30))
                events.append(self._event(case, "processing_started", handler, at))
            unread = 0
            if status != "draft":
                for index in range(rng.choice((0, 0, 1, 2, 3))):
                    at += datetime.timedelta(hours=rng.randint(1, 72))
                    from_staff = index % 2 == 0
                    sender = (handler or self.handlers[0]) if from_staff else person
                    read = not from_staff or rng.random() < 0.7
                    unread += not read
                    message = Message(
                        case=case,
                        sender=sender,
                        from_staff=from_staff,
                        body="Hei, voisitteko tarkentaa talousarviota? " * rng.randint(1, 5),
                        sent_at=at,
                        read_at=at if read else None,
                    )
                    messages.append(message)
                    if rng.random() < 0.3:
                        attachments.append(
                            self._attachment(
                                case, sender, at, from_staff=from_staff, message=message
                            )
                        )
                    kind = "message_from_handler" if from_staff else "message_from_applicant"
                    events.append(self._event(case, kind, sender, at))
            if status == "awaiting_supplement":
                events.append(self._event(case, "supplement_requested", handler, at))
            if status in ("decided", "closed"):
                at += datetime.timedelta(days=rng.randint(1, 60))
                events.append(self._event(case, "decided", handler, at))
            if status == "closed":
                at += datetime.timedelta(days=rng.randint(1, 60))
                events.append(self._event(case, "closed", handler, at))
            case.updated_at = min(at, self.now)
            case.unread_for_applicant = unread

        Case.objects.bulk_create(cases)
        Message.objects.bulk_create(messages)
        CaseVersion.objects.bulk_create(versions)
        Attachment.objects.bulk_create(attachments)
        TimelineEvent.objects.bulk_create(events)

        for case, complete_draft in zip(cases, sendable, strict=True):
            if case.organisation_id:
                # One representative opens the organisation's applications while acting for it.
                person = self.loaded.representatives[case.organisation_id][0]
                self.loaded.visible.append((person, case.organisation_id, case.pk))
            else:
                self.loaded.visible.append((case.applicant_id, None, case.pk))
            if complete_draft:
                self.loaded.sendable_drafts.append((case.applicant_id, case.pk))
        self.loaded.counts.update(
            applications=len(cases),
            versions=len(versions),
            attachments=len(attachments),
            messages=len(messages),
            timeline_events=len(events),
        )

    @staticmethod
    def _event(case, kind, actor, at, *, visible=True, details=None):
        from asiointi.cases.models import TimelineEvent

        return TimelineEvent(
            case=case,
            kind=kind,
            actor=actor,
            at=at,
            visible_to_applicant=visible,
            details=details or {},
        )

    def _attachment(self, case, person, at, *, from_staff, message=None):
        from asiointi.cases.models import Attachment

        identifier = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        digest = f"{self.rng.getrandbits(256):064x}"
        return Attachment(
            case=case,
            message=message,
            uuid=identifier,
            kind="other" if message else self.rng.choice(("budget", "minutes", "other")),
            # Metadata only: no file is stored, and the benchmark never downloads one.
            file=f"cases/bench/{digest[:2]}/{digest}-{identifier}",
            display_name=self.rng.choice(("talousarvio.pdf", "poytakirja.pdf", "liite.png")),
            content_type="application/pdf",
            size=self.rng.randint(20_000, 5_000_000),
            sha256=digest,
            uploaded_by=person,
            uploaded_at=at,
            from_staff=from_staff,
            scan_result="clean",
        )


class FormFields(html.parser.HTMLParser):
    """What a browser would post from each form of a page (without pressing any button)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._select: str | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append([])
        elif not self.forms:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.forms[-1].append((name, attributes.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._select_options = name, []
        elif tag == "option" and self._select is not None:
            value = attributes.get("value")
            self._select_options.append((value or "", "selected" in attributes))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._select_options if selected]
            if not chosen and self._select_options:
                chosen = [self._select_options[0][0]]
            self.forms[-1] += [(self._select, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1].append((self._textarea, self._text))
            self._textarea = None


def send_draft(base: str, session_key: str, case_id: int) -> float | None:
    """Open the draft's edit page, then press "Send the application". Returns the POST's time."""
    client = requests.Session()
    client.cookies.set("sessionid", session_key, domain="127.0.0.1", path="/")
    path = f"/asiointikansio/{case_id}/muokkaa/"
    page = client.get(base + path, timeout=60, allow_redirects=False)
    if page.status_code != 200:
        return None
    parser = FormFields()
    parser.feed(page.text)
    form = next(f for f in parser.forms if any(name == "lock_version" for name, _ in f))
    started = time.perf_counter()
    response = client.post(
        base + path, data=[*form, ("action", "send")], timeout=60, allow_redirects=False
    )
    duration = time.perf_counter() - started
    if response.status_code == 302 and response.headers["Location"].endswith(f"/{case_id}/"):
        return duration
    print(f"send {case_id}: HTTP {response.status_code}", file=sys.stderr)
    return None


# --- Main --------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="asiointi_bench")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--applicants", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=500, help="per page measured")
    parser.add_argument("--submits", type=int, default=200)
    parser.add_argument("--threads", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--people", type=int, default=200, help="sample applicants logged in")
    parser.add_argument("--max-seconds", type=float, default=300, help="per measurement")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse", action="store_true", help="measure an already loaded --database again"
    )
    args = parser.parse_args()
    if args.applicants < 10 or args.applications < 1:
        sys.exit("need at least 10 applicants and 1 application")
    rng = random.Random(args.seed)

    data_dir = Path(tempfile.mkdtemp(prefix="asiointi-bench-"))
    env = bench_env(args.server, args.database, data_dir)
    os.environ.update(env)
    timings: dict[str, float] = {}
    server = None
    try:
        prepare_database(args.server, args.database, env, reuse=args.reuse, timings=timings)
        from asiointi.catalogue.demo import load_catalogue

        if args.reuse:
            loaded = reload_existing(rng)
        else:
            started = time.monotonic()
            load_catalogue()
            loaded = load_data(
                applications=args.applications,
                applicants=args.applicants,
                batch_size=args.batch_size,
                rng=rng,
            )
            timings["bulk load + VACUUM ANALYZE"] = time.monotonic() - started

        everyone = sorted({(u, o) for u, o, _ in loaded.visible}, key=lambda p: (p[0], p[1] or 0))
        people = rng.sample(everyone, k=min(args.people, len(everyone)))
        chosen = set(people)
        visible = [v for v in loaded.visible if (v[0], v[1]) in chosen]
        drafts = rng.sample(
            loaded.sendable_drafts, k=min(args.submits, len(loaded.sendable_drafts))
        )
        sessions = make_sessions({*people, *((u, None) for u, _ in drafts)})
        from django.db import connection

        connection.close()

        port = free_port()
        server = start_gunicorn(env, port, args.workers, data_dir / "gunicorn.log")
        base = f"http://127.0.0.1:{port}"
        # Warm up: each worker imports templates and opens its first connection.
        for index in range(4 * args.workers):
            timed_get(base, "/asiointikansio/", sessions[people[index % len(people)]])

        def folder(group: str) -> Callable:
            def one(index: int) -> float | None:
                return timed_get(
                    base, f"/asiointikansio/{group}", sessions[people[index % len(people)]]
                )

            return one

        opened = [rng.choice(visible) for _ in range(args.requests)]

        def application(index: int) -> float | None:
            user, organisation, case = opened[index]
            return timed_get(base, f"/asiointikansio/{case}/", sessions[(user, organisation)])

        def submit(index: int) -> float | None:
            user, case = drafts[index]
            return send_draft(base, sessions[(user, None)], case)

        results = [
            run_bounded("folder list", args.requests, args.threads, args.max_seconds, folder("")),
            run_bounded(
                "folder list, ?group=sent",
                args.requests,
                args.threads,
                args.max_seconds,
                folder("?group=sent"),
            ),
            run_bounded(
                "application page", args.requests, args.threads, args.max_seconds, application
            ),
            run_bounded(
                "send a draft (POST only)", len(drafts), args.threads, args.max_seconds, submit
            ),
        ]
        report(args, loaded, timings, results)
    finally:
        stop_gunicorn(server)
        shutil.rmtree(data_dir, ignore_errors=True)


def reload_existing(rng: random.Random) -> Loaded:
    """For --reuse: rebuild what the measurements need from a database loaded earlier."""
    from asiointi.accounts.models import Representation
    from asiointi.cases.models import Case

    loaded = Loaded()
    for organisation_id, person_id in Representation.objects.order_by("pk").values_list(
        "organisation_id", "person_id"
    ):
        loaded.representatives.setdefault(organisation_id, []).append(person_id)
    rows = Case.objects.filter(applicant__username__startswith="bench").values_list(
        "pk", "applicant_id", "organisation_id"
    )
    for case_id, applicant_id, organisation_id in rows.iterator():
        if organisation_id:
            loaded.visible.append(
                (loaded.representatives[organisation_id][0], organisation_id, case_id)
            )
        else:
            loaded.visible.append((applicant_id, None, case_id))
    drafts = Case.objects.filter(
        status="draft", grant_call__service__code="yleisavustus", draft_data__has_key="budget"
    ).values_list("applicant_id", "pk")
    loaded.sendable_drafts = list(drafts)
    loaded.counts["applications"] = len(loaded.visible)
    return loaded


def report(args, loaded: Loaded, timings: dict[str, float], results: list[Result]) -> None:
    print()
    print(
        f"Machine: {os.cpu_count()} CPU cores; gunicorn {args.workers} sync workers; "
        f"{args.threads} client threads on the same machine"
    )
    print(
        "Data: "
        + ", ".join(f"{name.replace('_', ' ')} {count:,}" for name, count in loaded.counts.items())
    )
    for name, seconds in timings.items():
        print(f"Load: {name:<28} {seconds:8.1f} s")
    print()
    print(f"{'measurement':<34} {'n':>6} {'median ms':>9} {'p95 ms':>9} {'per s':>9} {'errors':>6}")
    for result in results:
        print(result.row())
    print()
    print("'per s' is completed requests per second of wall time with all client threads; for")
    print("'send a draft' it is drafts sent per second (each also GETs its edit page first).")


if __name__ == "__main__":
    main()
