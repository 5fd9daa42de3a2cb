"""``manage.py import_accounts FILE [--dry-run] [--passwords] [--sheet OUT.pdf|OUT.xlsx]``"""

from pathlib import Path

from django.core.management.base import CommandError

from accounts.imports import import_accounts
from accounts.services import Issue
from accounts.sheets import sheet_pdf, sheet_xlsx
from committees.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import or update accounts (columns Tên đăng nhập, Họ và tên, Mã đơn vị, Vai trò, Email, "
        "Số điện thoại and optionally Mã cá nhân), all or nothing, and write the sheet of the "
        "new accounts' set-password links or initial passwords."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--passwords",
            action="store_true",
            help="give new accounts an initial password instead of a one-time set-password link",
        )
        parser.add_argument(
            "--sheet",
            help="write the sheet of the new accounts to this .pdf or .xlsx file",
        )
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000",
            help="the site's address, for the links on the sheet and in the invitations",
        )

    def handle(self, *args, sheet=None, **options):
        if sheet and Path(sheet).suffix.lower() not in (".pdf", ".xlsx"):
            raise CommandError("--sheet must name a .pdf or .xlsx file")
        self.sheet = sheet
        super().handle(*args, **options)

    def run_import(self, file, filename, *, dry_run, passwords=False, base_url="", **options):
        result, credentials = import_accounts(
            file,
            filename,
            issue=Issue.PASSWORD if passwords else Issue.LINK,
            base_url=base_url,
            dry_run=dry_run,
        )
        if credentials and self.sheet:
            render = sheet_pdf if self.sheet.lower().endswith(".pdf") else sheet_xlsx
            Path(self.sheet).write_bytes(render(credentials, base_url))
            self.stdout.write(f"Sheet of {len(credentials)} new accounts written to {self.sheet}")
        elif credentials:
            self.stdout.write(
                "New accounts were created without --sheet: reset their passwords from the "
                "account pages to hand them out."
            )
        return result
