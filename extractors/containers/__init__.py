"""Containers whose members become child documents: zip archives, and the parts of containers.
"""
