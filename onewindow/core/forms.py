"""Putting a service's DomainError back onto the form the user filled in."""

from .errors import DomainError


def show_error(form, exc: DomainError) -> None:
    """Attach each field message beside its field, the rest above the form."""
    placed = False
    for field, messages in (exc.errors or {}).items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
                placed = True
    if not placed:
        form.add_error(None, exc.message)
