from committees.imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import or update yearly ratings of people or of units from an .xlsx or .csv file."
    kind = "ratings"
