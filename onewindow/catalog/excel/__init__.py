"""The catalogue as Excel: export (``export``), import (``importer``), upload checks
(``workbook_safety``) and the sheets and columns both sides share (``layout``)."""
