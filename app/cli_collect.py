"""Subcommands collect, tracker and packet: gathering contributions for a report."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def add_commands(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to the parser; return their handlers by name."""
    return {}
