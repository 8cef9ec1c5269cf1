from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class ErrorCode:
    """One entry of the catalogue.

    ``title`` is the one-line summary; ``explanation`` says why it matters; ``wrong`` and
    ``fixed`` are small YAML examples for the reference documentation.
    """

    code: str
    severity: Severity
    title: str
    explanation: str
    wrong: str = ""
    fixed: str = ""
