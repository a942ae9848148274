"""Print a .env with fresh random keys for a local demo. Never commit its output."""

import secrets

print("# Made by `make demo`. Local keys for this checkout only: do not commit.")
print(f"SECRET_KEY={secrets.token_urlsafe(50)}")
print(f"PII_ENCRYPTION_KEY={secrets.token_hex(16)}")
print(f"PII_INDEX_KEY={secrets.token_hex(32)}")
print(f"AUDIT_HMAC_KEY={secrets.token_hex(32)}")
