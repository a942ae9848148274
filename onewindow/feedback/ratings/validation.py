"""Checking a rating's input: a level 1..5, the channel's questions, a comment of at most
500 characters. Each refusal is an InvalidInput naming its field, raised before any write."""

from __future__ import annotations

from django.utils.translation import gettext as _

from onewindow.core.errors import InvalidInput

from ..constants import CHANNEL_QUESTIONS, COMMENT_MAX_LENGTH, Question, RatingLevel


def _parse_level(value, field: str, missing_message: str) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(missing_message, field=field)
    if isinstance(value, bool):
        raise InvalidInput(_("评价等级无效，请在五个等级中选择"), field=field)
    try:
        level = int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidInput(_("评价等级无效，请在五个等级中选择"), field=field) from None
    if level not in RatingLevel.values:
        raise InvalidInput(_("评价等级无效，请在五个等级中选择"), field=field)
    return level


def clean_rating(channel, level, scores, comment) -> tuple[int, dict, str]:
    """Level, per-question scores and comment checked; InvalidInput with the field otherwise."""
    level = _parse_level(level, "level", _("请选择评价等级"))
    if scores is None:
        scores = {}
    if not isinstance(scores, dict):
        raise InvalidInput(_("分项评价格式有误"), field="scores")
    asked = {str(q) for q in CHANNEL_QUESTIONS.get(channel, (Question.OVERALL,))}
    cleaned = {}
    for question, value in scores.items():
        question = str(question)
        if question not in asked:
            raise InvalidInput(_("分项评价中有本渠道不评价的项目"), field="scores")
        if value is None or value == "":
            continue  # a question left unanswered
        if question == Question.OVERALL:
            continue  # the overall score is the level itself
        cleaned[question] = _parse_level(value, f"score_{question}", _("请选择评价等级"))
    cleaned[str(Question.OVERALL)] = level
    if comment is None:
        comment = ""
    if not isinstance(comment, str):
        raise InvalidInput(_("评价内容格式有误"), field="comment")
    comment = comment.strip()
    if "\x00" in comment:
        raise InvalidInput(_("评价内容含有非法字符"), field="comment")
    if len(comment) > COMMENT_MAX_LENGTH:
        raise InvalidInput(
            _("评价内容不能超过%(max)d字（当前%(n)d字）")
            % {"max": COMMENT_MAX_LENGTH, "n": len(comment)},
            field="comment",
        )
    return level, cleaned, comment
