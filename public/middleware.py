"""Serve the public pages to anonymous visitors from the cache, before the rest of the stack.

A public page for an anonymous visitor is the same for everyone who reads it in the same
language while the content version stays the same (`adoption.services.content_version`). This
middleware sits right after the security, CSP and static-file middleware: a visitor without a
session cookie gets the stored response (status, headers, body) without sessions, locale,
CSRF, auth, audit or messages running — the same bytes and headers the full stack produced the
first time, since they are stored on the way out. Only views marked by `public.views.
cached_public` are stored, only 200 answers, never one that sets a cookie.

The cache holds one entry per public page, language and content version, and no more: a
request with a query string, or one answered otherwise than 200 (an unknown action), is
neither looked up nor stored, so random URLs cannot fill the cache and push the real pages
out. (No public page reads a query parameter.)
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from adoption.services import content_version

CACHE_SECONDS = 60 * 10
#: Paths of the public pages (others never pay the cache lookup).
PUBLIC_PREFIXES = ("/pact/", "/privacy/", "/toegankelijkheid/")
#: Headers that belong to one request and are never replayed.
SKIPPED_HEADERS = {"set-cookie", "x-request-id"}


def _key(request) -> str:
    language = translation.get_language_from_request(request)
    return f"public:{language}:{content_version()}:{request.path}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        anonymous = (
            request.method in ("GET", "HEAD")
            and not request.META.get("QUERY_STRING")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and request.path.startswith(PUBLIC_PREFIXES)
        )
        key = _key(request) if anonymous else None
        if key is not None:
            stored = cache.get(key)
            if stored is not None:
                status, headers, body = stored
                response = HttpResponse(body, status=status)
                for name, value in headers:
                    response[name] = value
                return response
        response = self.get_response(request)
        if (
            key is not None
            and getattr(request, "public_cacheable", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in SKIPPED_HEADERS
            ]
            cache.set(key, (response.status_code, headers, response.content), CACHE_SECONDS)
        return response
