"""The editors' tools: scaffold a Kommune, format and lint definitions, draw a form, document the language.

Each module returns results and raises typed errors; only :mod:`kitaforms.cli` reads paths given on
the command line, writes files and sets exit codes.
"""
