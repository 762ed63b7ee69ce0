from django import template

from streekpact.core.markdown import render_markdown
from streekpact.core.money import format_money

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """{{ proposal.body|markdown }} renders user Markdown as sanitised HTML."""
    return render_markdown(text)


@register.filter
def money(amount) -> str:
    """{{ proposal.budget_estimate|money }}: € 125.000,50 in Dutch, as in the pact document."""
    return format_money(amount)


@register.simple_tag(takes_context=True)
def query_transform(context, **kwargs):
    """Keep the current query string (filters) while changing one parameter, e.g. the page."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()
