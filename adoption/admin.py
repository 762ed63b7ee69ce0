from django.contrib import admin

from streekpact.core.admin import ReadOnlyModelAdmin

from .models import Adoption, Rendition, Signature, SigningRight


@admin.register(Adoption)
class AdoptionAdmin(ReadOnlyModelAdmin):
    list_display = ["pact", "number", "status", "adopted_on"]


@admin.register(SigningRight)
class SigningRightAdmin(ReadOnlyModelAdmin):
    list_display = ["user", "organisation", "function", "revoked_at"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyModelAdmin):
    list_display = ["organisation", "adoption", "decision", "signer_name", "at"]


@admin.register(Rendition)
class RenditionAdmin(ReadOnlyModelAdmin):
    list_display = ["adoption", "number", "status", "page_count"]
