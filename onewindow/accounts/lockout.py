"""Login lockout (decision 0010): the username and the client's address, each with its limit.

django-axes counts failed logins per (username, address) and locks when the larger of the
sums for ``AXES_LOCKOUT_PARAMETERS`` reaches one limit. We need two limits:

- the username: ``AXES_FAILURE_LIMIT`` (5) failures from anywhere lock the account, so
  guessing one account's password from many addresses gets nowhere;
- the client's address: ``LOGIN_ADDRESS_FAILURE_LIMIT`` (20) failures across any usernames
  lock the address, so one client spraying a common password over many accounts is stopped,
  while the people behind one shared address (the hall's network, an office, a mobile
  carrier's NAT) are not locked out by a handful of each other's typing mistakes.

A successful login clears that username's failures only: the address's failures for other
usernames stay, or a sprayer could reset its count by signing in to its own account.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

DEFAULT_ADDRESS_LIMIT = 20


def address_limit() -> int:
    return int(getattr(settings, "LOGIN_ADDRESS_FAILURE_LIMIT", DEFAULT_ADDRESS_LIMIT))


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The failures that count against the lock, in units of the username's limit.

        The username's own count, or the full limit once the address has reached its own.
        """
        threshold = get_cool_off_threshold(request)
        username = get_client_username(request, credentials)
        recent = AccessAttempt.objects.filter(attempt_time__gte=threshold)
        by_username = _failures(recent.filter(username=username))
        by_address = _failures(recent.filter(ip_address=request.axes_ip_address))
        if by_address >= address_limit():
            return max(by_username, get_failure_limit(request, credentials))
        return by_username

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful login: forget this username's failures, not the address's."""
        username = get_client_username(request, credentials)
        deleted, _detail = AccessAttempt.objects.filter(username=username).delete()
        return deleted
