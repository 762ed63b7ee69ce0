from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from streekpact.core.forms import RecordsChoiceField
from streekpact.partners.forms import organisation_picker
from streekpact.partners.models import Organisation

from .models import Sector


class SectorForm(forms.ModelForm):
    lead_organisations = RecordsChoiceField(
        label=_("Lead organisations (trekkers)"),
        queryset=Organisation.objects.active(),
        widget=organisation_picker(multiple=True),
        required=False,
    )

    class Meta:
        model = Sector
        fields = ["name", "slug", "kind", "description", "lead_organisations"]
        help_texts = {"slug": _("Used in the web address. Left empty, it is made from the name.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("name", ""))
        if not slug:
            raise forms.ValidationError(_("Give the sector a name."))
        if slug == "new":
            raise forms.ValidationError(_("This web address is reserved; choose another."))
        clash = Sector.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another sector already uses this web address."))
        return slug
