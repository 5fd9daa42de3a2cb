"""The append-only, hash-chained history shared by the history models of every app."""
