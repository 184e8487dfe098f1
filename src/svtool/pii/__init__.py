"""Find and redact personal data (names, pupil and health identifiers, contact details) in notes.

Pure Python and standard library only, so the CLI, the store and the exporter can all use it.
Import what you need from its modules: `detector` (find_personal_data, redact, count_by_kind,
Finding, KINDS), `identifiers` (the checksum tests), `placeholders` and `register` (the rep's
people). This file imports nothing, so that checking whether a stored scan is current (which
reads `lexicon` and `namedata`) does not load the whole detector.
"""
