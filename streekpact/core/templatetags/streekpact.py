from django import template
from django.utils.html import format_html

from streekpact.core.forms import FORM_TOKEN, form_token_new
from streekpact.core.markdown import sanitise_html

register = template.Library()


@register.filter
def stored_html(html):
    """{{ proposal.body_html|stored_html }} shows Markdown rendered when it was saved.

    The HTML was sanitised when stored; it passes nh3's allow-list once more here (linear and
    cheap, no Markdown parsing) so that a row written some other way cannot inject markup.
    """
    return sanitise_html(html)


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


@register.simple_tag
def one_time_token():
    """`{% one_time_token %}` in a hand-written create form: a second post of it adds nothing."""
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_TOKEN, form_token_new())
