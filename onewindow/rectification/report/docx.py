"""The progress report as a Word document, through the bureau's one 公文 renderer."""

import datetime

from onewindow.core.documents import gongwen


def render(structure: dict, blocks: list[dict]) -> bytes:
    """The Word document for a composed report (``compose.compose`` + ``compose.blocks``)."""
    return gongwen.render(
        title=structure["title"],
        signature=structure["signature"],
        signed_on=datetime.date.fromisoformat(structure["signed_on"]),
        blocks=blocks,
    )
