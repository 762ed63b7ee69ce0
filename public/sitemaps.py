"""The sitemap of the public site: the adopted pact's pages (django.contrib.sitemaps)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from adoption.models import Adoption


class PublicPactSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        adoption = Adoption.objects.current()
        items = [("public:privacy", {}), ("public:accessibility", {})]
        if adoption is None:
            return items
        content = adoption.content
        period = content.get("pact", {}).get("period", "")
        items += [
            ("public:pact", {"period": period}),
            ("public:process", {"period": period}),
            ("public:signatories", {"period": period}),
            ("public:monitoring", {"period": period}),
        ]
        for chapter in content.get("chapters", []):
            items.append(("public:chapter", {"period": period, "slug": chapter["slug"]}))
            for so in chapter["objectives"]:
                for oo in so["operational"]:
                    for action in oo["actions"]:
                        items.append(
                            ("public:action", {"period": period, "number": action["number"]})
                        )
        return items

    def location(self, item):
        name, kwargs = item
        return reverse(name, kwargs=kwargs)
