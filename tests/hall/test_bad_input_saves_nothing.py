"""Bad input: a clear message, nothing saved."""

from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from onewindow.core.errors import InvalidInput, PermissionDenied
from onewindow.hall.constants import FindingKind
from onewindow.hall.models import AttendanceRecord, Finding, HallRules
from onewindow.hall.supervision import assessment, attendance, patrols

pytestmark = pytest.mark.django_db


def _at(hh, mm):
    return timezone.make_aware(datetime(2026, 11, 2, hh, mm))


def test_clock_out_before_clock_in_is_refused(supervisor, clerk):
    with pytest.raises(InvalidInput, match="尚未签到"):
        attendance.clock_out(supervisor, user=clerk, at=_at(17, 30))
    attendance.clock_in(supervisor, user=clerk, at=_at(8, 25))
    with pytest.raises(InvalidInput, match="不能早于签到时间"):
        attendance.clock_out(supervisor, user=clerk, at=_at(8, 0))
    assert AttendanceRecord.objects.get(user=clerk).clock_out is None


def test_a_finding_for_a_window_that_does_not_exist_is_refused(supervisor, network):
    [patrol, *_] = patrols.plan_day(supervisor, date(2026, 11, 2))
    with pytest.raises(InvalidInput, match="窗口不存在"):
        patrols.record_finding(supervisor, patrol, window=999999, kind=FindingKind.ATTITUDE)
    assert not Finding.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused(supervisor, hall_window):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    with pytest.raises(InvalidInput, match="不是图片"):
        patrols.record_finding(
            supervisor, None, window=hall_window, kind=FindingKind.LANGUAGE, photo=fake
        )
    assert not Finding.objects.exists()


def test_weights_that_do_not_add_up_are_refused(supervisor):
    with pytest.raises(InvalidInput, match="之和应为100"):
        assessment.update_rules(supervisor, weight_attendance=50)
    assert assessment.common.rules().weight_attendance == 30


def test_a_clerk_cannot_record_for_someone_else(clerk, supervisor):
    with pytest.raises(PermissionDenied):
        attendance.clock_in(clerk, user=supervisor)


def test_patrols_are_at_least_four_a_day_at_distinct_times_in_office_hours(supervisor):
    day = date(2026, 12, 7)
    planned = patrols.plan_day(supervisor, day)
    assert len(planned) >= 4
    times = [timezone.localtime(p.planned_at).time() for p in planned]
    assert len(set(times)) == len(times)
    rules = HallRules.objects.get()
    for t in times:
        assert rules.morning_start <= t < rules.morning_end or (
            rules.afternoon_start <= t < rules.afternoon_end
        )
    assert patrols.plan_day(supervisor, day) == planned  # proposed once
