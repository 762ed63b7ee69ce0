from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from streekpact.core import design, journey, slots
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
def status_badge(obj=None, *, tone=None, label=None) -> str:
    """The one way to show a status (docs/design.md): `{% status_badge proposal %}` for a
    proposal, atelier, draft or anything with `get_status_display` and `status_tone`, or
    `{% status_badge tone="success" label=_("Signed") %}` for a status without a model field
    (signatures, the progress of an action). Each tone has its colours and an icon, so colour
    is never the only cue."""
    if label is None:
        label = obj.get_status_display() if obj is not None else ""
    if tone is None:
        tone = getattr(obj, "status_tone", None)
    name = design.tone_name(tone)
    return format_html(
        '<span class="badge status-badge status-{}"><i class="bi bi-{}" aria-hidden="true">'
        "</i>{}</span>",
        name,
        design.TONES[name].icon,
        label,
    )


@register.inclusion_tag("components/empty_state.html")
def empty_state(message, *, action_url="", action_label="", icon="inbox"):
    """`{% empty_state _("No proposals yet.") action_url=... action_label=... %}`: an empty
    list that says what to do next (the action only when the user may take it)."""
    return {
        "message": message,
        "action_url": action_url,
        "action_label": action_label,
        "icon": icon,
    }


@register.inclusion_tag("components/stepper.html")
def stepper(steps, current, *, stopped=None, label=""):
    """`{% stepper steps current %}`: a lifecycle, `steps` a list of (key, label) pairs,
    `current` the key reached; `stopped` marks a road that ended there (rejected, withdrawn)."""
    keys = [key for key, _label in steps]
    reached = keys.index(current) if current in keys else -1
    shown = []
    for index, (key, text) in enumerate(steps):
        if index < reached:
            state = "done"
        elif index == reached:
            state = "stopped" if stopped else "current"
        else:
            state = "upcoming"
        shown.append({"key": key, "label": text, "state": state})
    return {"steps": shown, "label": label, "stopped": stopped}


@register.inclusion_tag("components/journey.html", takes_context=True)
def pact_journey(context, sector=None):
    """`{% pact_journey %}` (home) or `{% pact_journey sector %}`: the process's timeline with
    where the pact is now and what the signed-in user can do next (core.journey)."""
    user = context["request"].user
    return {"steps": journey.journey_for(user, sector), "sector": sector}


class ActionMenuNode(template.Node):
    def __init__(self, nodelist, label):
        self.nodelist = nodelist
        self.label = label

    def render(self, context) -> str:
        items = self.nodelist.render(context)
        if not items.strip():
            return ""
        label = self.label.resolve(context) if self.label else gettext("Actions")
        return context.template.engine.get_template("components/action_menu.html").render(
            template.Context({"items": mark_safe(items), "label": label})  # noqa: S308
        )


@register.tag
def actionmenu(parser, token):
    """`{% actionmenu _("Actions for action 1.2") %}<li>…</li>{% endactionmenu %}`: the items
    (`dropdown-item` links or POST buttons, each shown only when permitted) in one compact menu
    instead of a row of buttons; an empty menu is not rendered at all."""
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError("{% actionmenu %} takes at most one label.")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endactionmenu",))
    parser.delete_first_token()
    return ActionMenuNode(nodelist, label)


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
