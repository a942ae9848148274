"""Documents the bureau issues: Word in the 公文 layout (gongwen.py)."""
