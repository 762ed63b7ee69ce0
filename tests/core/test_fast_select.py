"""FastSelect renders the same <select> as Django's Select, without a template per option."""

import re

from django import forms
from django.test.html import parse_html

from streekpact.core.forms import FastSelect, use_fast_widgets


class _Form(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Alle"), ("a", "A & B"), ("b", "<b>")], required=False)
    grouped = forms.ChoiceField(choices=[("Groep", [("x", "X")])], required=False)


def _html(form, name):
    return parse_html(re.sub(r">\s+<", "><", str(form[name])))


def test_the_same_html_as_django_select_chosen_escaped_and_grouped():
    slow = _Form({"kind": "b"})
    fast = _Form({"kind": "b"})
    use_fast_widgets(fast)
    assert isinstance(fast.fields["kind"].widget, FastSelect)
    assert _html(fast, "kind") == _html(slow, "kind")
    assert "&lt;b&gt;" in str(fast["kind"])
    assert _html(fast, "grouped") == _html(slow, "grouped")


def test_the_same_html_with_nothing_chosen_and_a_required_select():
    class _Required(forms.Form):
        kind = forms.ChoiceField(choices=[(None, "—"), ("a", "A"), ("a", "A again")])

    for data in ({}, {"kind": "a"}):
        slow, fast = _Required(data), _Required(data)
        use_fast_widgets(fast)
        assert _html(fast, "kind") == _html(slow, "kind")


def test_text_and_number_inputs_render_as_django_does():
    from streekpact.core.forms import FastNumberInput, FastTextInput

    class _Inputs(forms.Form):
        q = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "x"}))
        least = forms.IntegerField(min_value=0, widget=forms.NumberInput(attrs={"min": 0}))
        flag = forms.CharField(widget=forms.TextInput(attrs={"autofocus": True, "off": False}))

    for data in ({}, {"q": '"<b>&', "least": "abc", "flag": "1"}, {"least": "3"}):
        slow, fast = _Inputs(data), _Inputs(data)
        use_fast_widgets(fast)
        assert isinstance(fast.fields["q"].widget, FastTextInput)
        assert isinstance(fast.fields["least"].widget, FastNumberInput)
        for name in ("q", "least", "flag"):
            assert str(fast[name]) == str(slow[name])
