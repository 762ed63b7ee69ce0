"""The reference for the list benchmark: a one-file Django list of the same rows.

    gunicorn benchmarks._bare_list:application   (DATABASE_URL as for the portal)

No project code, no middleware, no login: unmanaged models over the portal's tables, a
ListView with the same page size, order and `select_related` as /proposals/, a plain
template (title, reference, status, sector, organisation, date). It is what "bare Django"
costs for the same rows, so the portal's list can be measured beside it under the same load.
"""

import os

import environ
from django.conf import settings

if not settings.configured:
    env = environ.Env()
    database = env.db("DATABASE_URL")
    database["CONN_MAX_AGE"] = 60
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get("SECRET_KEY", "bare-list-benchmark-only"),
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        DATABASES={"default": database},
        INSTALLED_APPS=["django.contrib.contenttypes", "benchmarks"],
        MIDDLEWARE=[],
        USE_TZ=True,
        TIME_ZONE="Europe/Brussels",
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}],
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    )

import django  # noqa: E402

django.setup()

from django.db import models  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.generic import ListView  # noqa: E402

PER_PAGE = int(os.environ.get("PROPOSALS_PER_PAGE", "20"))


class Sector(models.Model):
    name = models.CharField(max_length=200)

    class Meta:
        managed = False
        db_table = "sectors_sector"
        app_label = "benchmarks"

    def __str__(self):
        return self.name


class Organisation(models.Model):
    short_name = models.CharField(max_length=100)

    class Meta:
        managed = False
        db_table = "partners_organisation"
        app_label = "benchmarks"

    def __str__(self):
        return self.short_name


class Proposal(models.Model):
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=30)
    created_at = models.DateTimeField()
    sector = models.ForeignKey(Sector, on_delete=models.DO_NOTHING)
    organisation = models.ForeignKey(Organisation, on_delete=models.DO_NOTHING, null=True)

    class Meta:
        managed = False
        db_table = "proposals_proposal"
        app_label = "benchmarks"

    def __str__(self):
        return self.title


TEMPLATE = engines["django"].from_string(
    """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Voorstellen</title></head>
<body><h1>Voorstellen</h1><p>{{ paginator.count }} voorstellen</p><ul>
{% for p in proposals %}<li><a href="/proposals/{{ p.pk }}/">{{ p.title }}</a>
VS-{{ p.pk }} · {{ p.status }} · {{ p.sector.name }} · {{ p.organisation.short_name }}
· {{ p.created_at|date:"j F Y" }}</li>{% endfor %}</ul>
{% if page_obj.has_next %}<a href="?page={{ page_obj.next_page_number }}">Volgende</a>{% endif %}
</body></html>"""
)


class BareListView(ListView):
    paginate_by = PER_PAGE
    context_object_name = "proposals"

    def get_queryset(self):
        return (
            Proposal.objects.exclude(status="draft")
            .select_related("sector", "organisation")
            .order_by("-created_at")
        )

    def render_to_response(self, context, **kwargs):
        return HttpResponse(TEMPLATE.render(context))


def healthz(request):
    return HttpResponse("ok")


urlpatterns = [path("proposals/", BareListView.as_view()), path("healthz", healthz)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
