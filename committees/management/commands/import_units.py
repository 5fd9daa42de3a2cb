from committees.imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import or update units (the party hierarchy) from an .xlsx or .csv file."
    kind = "units"
