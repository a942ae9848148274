"""Certificates (证照): issue on approval, the PDF with its QR code, the public check,
revocation, and delivery at the window or by post.

- ``numbering``: DYXK + year + sequence, unique under concurrency;
- ``pdf``: the A4 certificate (reportlab, STSong-Light), its QR code and digest;
- ``services``: issue_for_decision, download (audited), revoke;
- ``delivery``: deliver (records the Delivery, stops the delivery clock, concludes);
- ``selectors``: scoped reads and the public check by token.
"""

from .delivery import deliver
from .services import issue_for_decision, revoke

__all__ = ["deliver", "issue_for_decision", "revoke"]
