"""The gateway's durable state: the journal (SQLite, PostgreSQL), its schema and SQL, the raw-document
archive, and durable intake, the one door by which documents come in.
"""
