import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Charts are cached per data version; every test starts from a cold cache."""
    cache.clear()
    yield
    cache.clear()
