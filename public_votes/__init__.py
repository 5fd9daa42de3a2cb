"""Seed 002: the standing committee shortlists 25–30 nominations and a public online vote, with
e-mail addresses proven by a one-time code, picks the 16 honored.

``models`` hold the state, ``rules`` the pure checks and the ranking, ``services`` one function
per operation. Voters' addresses are never stored: only a keyed hash of the normalised address.
"""
