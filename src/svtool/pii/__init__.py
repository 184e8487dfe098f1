"""Find and redact personal data (names, pupil and health identifiers, contact details) in notes.

Pure Python and standard library only, so the CLI, the store and the exporter can all use it.
"""

from svtool.pii.detector import (
    KINDS,
    Finding,
    count_by_kind,
    find_personal_data,
    redact,
)
from svtool.pii.identifiers import (
    is_valid_nhs_number,
    is_valid_ni_number,
    is_valid_uln,
    is_valid_upn,
)
from svtool.pii.placeholders import PLACEHOLDERS
from svtool.pii.register import Register

__all__ = [
    "KINDS",
    "PLACEHOLDERS",
    "Finding",
    "Register",
    "count_by_kind",
    "find_personal_data",
    "is_valid_nhs_number",
    "is_valid_ni_number",
    "is_valid_uln",
    "is_valid_upn",
    "redact",
]
