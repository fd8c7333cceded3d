from django.core.management.base import BaseCommand

from articles.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo article, speakers, topics and one user per role (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="http://127.0.0.1:8000")

    def handle(self, *args, host: str, **options):
        users = load_demo()
        self.stdout.write(self.style.SUCCESS(f"\nDemo ready: open {host}/ and log in as"))
        for user in users:
            role = user.group or "admin (Django admin at /admin/)"
            self.stdout.write(f"  {user.username:<10} password {user.password:<22} {role}")
        self.stdout.write("These demo passwords are for trying the app locally only.\n")
