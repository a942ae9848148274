"""Patrols: unannounced, at random times the system proposes inside office hours; each
finding (late, left early, unattended, attitude, courteous language, efficiency) goes to
the window's record with a photo, and the staff member concerned is told."""

import io
import random
import secrets
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from onewindow.core.audit import record
from onewindow.core.errors import InvalidInput
from onewindow.core.files import removed_on_error, save_on_commit
from onewindow.core.notify import notify
from onewindow.org.models import Window

from ..constants import FindingKind, FindingSource, PatrolStatus
from ..models import Finding, Patrol
from . import common

PHOTO_MAX_BYTES = 8 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
MIN_GAP_MINUTES = 20
NOTE_MAX = Finding._meta.get_field("note").max_length


def _slots(day: date) -> list:
    """Every office-hours minute of ``day`` (morning and afternoon), as aware datetimes."""
    rules = common.rules()
    slots = []
    for start, end in (
        (rules.morning_start, rules.morning_end),
        (rules.afternoon_start, rules.afternoon_end),
    ):
        t, stop = common.at(day, start), common.at(day, end)
        while t < stop:
            slots.append(t)
            t += timedelta(minutes=1)
    return slots


def propose_times(day: date, count: int, rng: random.Random | None = None) -> list:
    """``count`` random times in office hours, at least MIN_GAP_MINUTES apart.

    The default generator is the system's (secrets): nobody can work out tomorrow's
    times from today's."""
    rng = rng or secrets.SystemRandom()
    slots = _slots(day)
    for _attempt in range(200):
        chosen = sorted(rng.sample(slots, count))
        gaps = [(b - a).total_seconds() / 60 for a, b in zip(chosen, chosen[1:], strict=False)]
        if all(g >= MIN_GAP_MINUTES for g in gaps):
            return chosen
    return chosen


@transaction.atomic
def plan_day(actor, day: date, *, rng=None, request=None) -> list[Patrol]:
    """The day's patrols (HallRules.patrols_per_day, at least 4): proposed once, kept."""
    common.require_supervisor(actor)
    existing = list(Patrol.objects.filter(day=day).order_by("planned_at"))
    if existing:
        return existing
    count = max(common.rules().patrols_per_day, 1)
    patrols = [Patrol.objects.create(day=day, planned_at=t) for t in propose_times(day, count, rng)]
    record(
        "hall.patrol_plan",
        actor=actor,
        object_type="hall.patrol_day",
        object_id=str(day),
        after={"times": [timezone.localtime(p.planned_at).strftime("%H:%M") for p in patrols]},
        request=request,
    )
    return patrols


def _mark_done(patrol, actor) -> None:
    Patrol.objects.filter(pk=patrol.pk, status=PatrolStatus.PLANNED).update(
        status=PatrolStatus.DONE, done_at=timezone.now(), supervisor=actor
    )


@transaction.atomic
def finish(actor, patrol, *, request=None) -> Patrol:
    """A patrol done with nothing (more) to report."""
    common.require_supervisor(actor)
    _mark_done(patrol, actor)
    patrol.refresh_from_db()
    record("hall.patrol_done", actor=actor, obj=patrol, request=request)
    return patrol


def check_photo(photo) -> tuple[bytes, str] | None:
    """The photo's bytes and extension, or InvalidInput when it is not an image."""
    if photo is None:
        return None
    data = photo.read() if hasattr(photo, "read") else bytes(photo)
    if not data:
        return None
    if len(data) > PHOTO_MAX_BYTES:
        raise InvalidInput(_("照片不能超过8MB"), field="photo")
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidInput(
            _("上传的文件不是图片，请上传现场照片（JPG或PNG）"), field="photo"
        ) from exc
    if fmt not in PHOTO_FORMATS:
        raise InvalidInput(_("照片格式应为JPG、PNG或WEBP"), field="photo")
    return data, {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[fmt]


def record_finding(
    actor, patrol, *, window, kind, note="", photo=None, staff=None, request=None
) -> Finding:
    """A finding at ``window`` (its id or the Window). Bad input saves nothing."""
    common.require_supervisor(actor)
    if kind not in FindingKind.values:
        raise InvalidInput(_("请选择问题类别"), field="kind")
    if not isinstance(window, Window):
        try:
            window = Window.objects.filter(pk=int(window)).first()
        except (TypeError, ValueError):
            window = None
        if window is None:
            raise InvalidInput(_("该窗口不存在"), field="window")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise InvalidInput(_("情况说明不能超过%(n)s字") % {"n": NOTE_MAX}, field="note")
    checked = check_photo(photo)
    now = timezone.now()
    with removed_on_error() as written, transaction.atomic():
        if staff is None:
            duty = common.on_duty(window, timezone.localdate(now))
            staff = duty[0] if duty else None
        finding = Finding(
            patrol=patrol,
            source=FindingSource.PATROL,
            window=window,
            staff=staff,
            kind=kind,
            note=note,
            found_at=now,
            found_by=actor,
        )
        if checked:
            data, ext = checked
            finding.photo.name = f"finding.{ext}"
            save_on_commit(finding.photo, data, written=written)
        finding.save()
        if patrol is not None:
            _mark_done(patrol, actor)
        record(
            "hall.finding",
            actor=actor,
            obj=finding,
            after={"window": window.number, "kind": kind, "staff": staff.pk if staff else None},
            request=request,
            summary=_("%(window)s：%(kind)s")
            % {"window": window, "kind": finding.get_kind_display()},
        )
        if staff is not None:
            notify(
                staff,
                subject=_("大厅督查提醒"),
                body=_("%(window)s窗口在巡查中发现：%(kind)s。请注意整改。")
                % {"window": window.number, "kind": finding.get_kind_display()},
                event="hall.finding",
                obj=finding,
            )
    return finding
