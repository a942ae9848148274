"""Block tags for page parts that wrap content of their own, which an include cannot do."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_block_tag
def section_card(content, heading_id, title, col="", extra="", bare=False):
    """A <section> card with an <h2> heading, as on the statistics and public report pages.

    {% section_card "by-period" _("按时间") %}…{% endsection_card %}
    col: the grid column class when the card stands in a .row (it then fills the row's height);
    extra: more classes for the <section>; bare: no .card-body around the content (a table).
    """
    return render_to_string(
        "includes/section_card.html",
        {
            "content": content,
            "heading_id": heading_id,
            "title": title,
            "col": col,
            "extra": extra,
            "bare": bare,
        },
    )


@register.simple_block_tag(takes_context=True)
def upload_form(context, content, testid):
    """An Excel import page's body: the upload form (context `form`) on the left, content right.

    {% upload_form "ledger-import-form" %}<div class="card card-body">…</div>{% endupload_form %}
    """
    template = context.template.engine.get_template("includes/upload_form.html")
    with context.push(aside=content, testid=testid):
        return template.render(context)


@register.simple_block_tag(takes_context=True)
def table_card(context, content, *headers, empty="", page=None):
    """A list page's table in a card: column headers, the rows (the tag's body), `empty` as the
    only row when the body has none, and the page links of `page` (a Page) under the card.

    {% table_card _("名称") _("地址") empty=_("没有找到") page=page_obj %}
      {% for s in page_obj %}<tr>…</tr>{% endfor %}
    {% endtable_card %}
    """
    template = context.template.engine.get_template("includes/table_card.html")
    values = {"rows": content, "headers": headers, "empty": empty, "page": page}
    with context.push(values, has_rows=bool(content.strip())):
        return template.render(context)
