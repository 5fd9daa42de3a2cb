from committees.imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import or update people from an .xlsx or .csv file."
    kind = "people"
