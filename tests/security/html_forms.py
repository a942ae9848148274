"""Submit a page's form as a browser would: every named field with its current value.

``form_values(html)`` reads inputs (text, hidden, checked boxes and radios), selects (the
selected options) and textareas of the page's main form, so a
test can change one value and post the rest unchanged, like a person editing a page.
"""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.current: dict | None = None
        self.select: str | None = None
        self.select_multiple = False
        self.textarea: str | None = None

    def _put(self, name, value, multiple=False):
        if multiple:
            self.current.setdefault(name, []).append(value)
        else:
            self.current[name] = value

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = {}
            self.forms.append(self.current)
        if self.current is None or "name" not in a and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._put(a["name"], a.get("value", "on"), multiple=kind == "checkbox")
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._put(a["name"], a.get("value", ""))
        elif tag == "select":
            self.select, self.select_multiple = a["name"], "multiple" in a
            if not self.select_multiple:
                self.current.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in a:
            self._put(self.select, a.get("value", ""), multiple=self.select_multiple)
        elif tag == "textarea":
            self.textarea = a["name"]
            self.current[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # Django's textarea starts with a newline of its own.
            value = self.current[self.textarea]
            self.current[self.textarea] = value[1:] if value.startswith("\n") else value
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and self.current is not None:
            self.current[self.textarea] += data


def form_values(html: str) -> dict:
    reader = _FormReader()
    reader.feed(html)
    # The page's main form: the largest one with a CSRF token (the header's logout
    # button is a form too).
    forms = [form for form in reader.forms if "csrfmiddlewaretoken" in form]
    assert forms, "no form with a CSRF token on the page"
    return max(forms, key=len)
