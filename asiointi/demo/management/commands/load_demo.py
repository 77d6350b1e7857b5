from django.core.management.base import BaseCommand

from asiointi.demo.loading import load_demo


class Command(BaseCommand):
    help = "Load the demo departments, services, personas and sample applications (idempotent)."

    def handle(self, *args, **options):
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
