"""What the tests and the benches share: a gateway run in-process or as a process, configs,
sample documents, a day of traffic, a temporary PostgreSQL database. Not shipped.
"""
