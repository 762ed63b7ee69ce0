"""Staff manage the topics (themes) proposals are tagged with."""

from django.urls import reverse

from sectors.models import Theme


def test_staff_add_and_rename_a_topic(client, staff):
    client.force_login(staff)
    response = client.post(reverse("proposals:theme_create"), {"name": "Mobiliteit", "position": 5})
    assert response.status_code == 302
    theme = Theme.objects.get(name="Mobiliteit")
    assert theme.slug == "mobiliteit" and not theme.is_core
    client.post(
        reverse("proposals:theme_update", args=[theme.pk]),
        {"name": "Mobiliteit en bereikbaarheid", "slug": "mobiliteit", "position": 5},
    )
    theme.refresh_from_db()
    assert theme.name == "Mobiliteit en bereikbaarheid"
    assert "Mobiliteit en bereikbaarheid" in client.get(reverse("proposals:theme_list")).text


def test_duplicate_topic_name_is_refused(client, staff):
    Theme.objects.create(name="Innovatie", slug="innovatie")
    client.force_login(staff)
    response = client.post(reverse("proposals:theme_create"), {"name": "Innovatie", "position": 1})
    assert response.status_code == 200
    assert Theme.objects.filter(name="Innovatie").count() == 1
