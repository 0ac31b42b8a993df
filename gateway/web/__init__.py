"""The HTTP side: the API, the operator console and its static files, the OpenAPI description, and
the one place where errors become HTTP responses.
"""
