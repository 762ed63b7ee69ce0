from django import template
from django.utils.html import format_html

from streekpact.core import slots
from streekpact.core.forms import FORM_TOKEN, form_token_new
from streekpact.core.markdown import markdown_to_text, sanitise_html
from streekpact.core.money import format_money

register = template.Library()


@register.filter
def stored_html(html):
    """{{ proposal.body_html|stored_html }} shows Markdown rendered when it was saved.

    The HTML was sanitised when stored; it passes nh3's allow-list once more here (linear and
    cheap, no Markdown parsing) so that a row written some other way cannot inject markup.
    """
    return sanitise_html(html)


@register.filter
def plain(markdown) -> str:
    """User Markdown as plain text (text mails, places without HTML): `{{ x.body|plain }}`."""
    return markdown_to_text(markdown)


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


@register.simple_tag
def one_time_token():
    """`{% one_time_token %}` in a hand-written create form: a second post of it adds nothing."""
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_TOKEN, form_token_new())


@register.simple_tag
def status_badge(obj) -> str:
    """{% status_badge proposal %}: the status of a proposal, atelier or draft as one kind of
    badge. The object says its colour (`status_tone`, a Bootstrap colour name)."""
    tone = getattr(obj, "status_tone", "secondary")
    border = " border" if tone == "light" else ""
    return format_html(
        '<span class="badge status-badge text-bg-{}{}">{}</span>',
        tone,
        border,
        obj.get_status_display(),
    )


class SlotNode(template.Node):
    def __init__(self, name: template.base.FilterExpression):
        self.name = name

    def render(self, context) -> str:
        engine = context.template.engine
        parts = []
        for template_name in slots.templates(self.name.resolve(context)):
            with context.push():
                parts.append(engine.get_template(template_name).render(context))
        return "".join(parts)


@register.tag
def slot(parser, token):
    """{% slot "sector_detail" %}: what higher apps registered for this place (core.slots)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% slot %} takes one argument, the slot's name.")
    return SlotNode(parser.compile_filter(bits[1]))
