"""Ratings (好差评): dynamic QR codes, the mobile rating page, the staff's list, spot checks.

See docs/feedback-ratings.md. Writes are in ``services``, reads (scoped to the viewer) in
``selectors``, the signing of the QR codes' tokens in ``tokens``.
"""
