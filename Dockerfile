# syntax=docker/dockerfile:1
# The Streekpact image: one image for the web server (gunicorn), the Celery worker and beat.
# See docker-compose.yml and docs/deploy.md.

# --- Front-end packages from the npm registry (Node only at build time) -------------------------
FROM python:3.11-slim AS assets
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
# The theme: Bootstrap's Sass source compiled with our design tokens (docs/design.md).
COPY assets ./assets
RUN npm run --silent build

# --- The application ----------------------------------------------------------------------------
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media

# Pango for WeasyPrint (PDFs) and the fonts it embeds. (The compiled translations are
# committed, so gettext is not needed here.)
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first: this layer is rebuilt only when pyproject.toml changes.
COPY pyproject.toml README.md* ./
RUN pip install .

COPY --from=assets /app/node_modules ./node_modules
COPY --from=assets /app/build ./build
COPY . .

# Static files collected (and compressed, with hashed names) at build time; whitenoise serves
# them. The key below only exists for this build step; the container gets the real one.
RUN DEBUG=0 SECRET_KEY=build-only-key-for-collectstatic-not-used-at-runtime ENV_FILE=/dev/null \
    python manage.py collectstatic --noinput -v 0

RUN useradd --system --home-dir /app --shell /usr/sbin/nologin streekpact \
 && mkdir -p /data/media \
 && chown -R streekpact /data/media
USER streekpact
VOLUME ["/data/media"]
EXPOSE 8000

CMD ["gunicorn", "-c", "gunicorn.conf.py", "streekpact.wsgi"]
