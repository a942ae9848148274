"""站内信: every person's in-app inbox of the notifications sent to them (decision 0033).

``core.notify.notify`` writes one :class:`~.models.InboxMessage` for a recipient who is a
user, in the caller's transaction, next to the outbox row: the in-app channel is always
on, needs no worker, and a rolled-back change leaves no message. The pages and the API
read and mark through :mod:`.services`, scoped to the signed-in user (another person's
message is a 404). Links to the object a message is about come from resolvers that the
owning app registers (:func:`.links.register`), so this app imports none of them.
"""
