"""onewindow.settings plus the bare ceiling operation at /api/bench/ (benchmarks/ceiling.py)."""

from onewindow.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.ceiling_urls"
