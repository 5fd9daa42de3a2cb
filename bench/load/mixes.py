"""The mixes' think time and weights, apart from the locustfile so that the runner and the tests
read them without importing Locust (which patches the standard library with gevent)."""

#: seconds a person spends on a page before the next one: the deadline hour and the public vote
DEADLINE_THINK = (2, 5)
VOTE_THINK = (2, 6)
#: the share of each role among the users of the deadline hour (Locust's weights): most people
#: signed in at the last hour are cell secretaries filing; the rest work the lists above them
DEADLINE_WEIGHTS = {"cell": 6, "ward": 3, "district": 2, "standing": 1, "city": 1}
