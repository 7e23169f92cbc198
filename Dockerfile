# VPP Governance Portal: one image for the web, Celery worker and Celery beat containers.
#   docker build -t vpp-portal .
# Stage 1 compiles the GOV.UK / MOJ Frontend assets; stage 2 is the Python runtime.

# ---------------------------------------------------------------------------------------------
FROM node:20-slim AS assets
WORKDIR /build

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY assets/ assets/
# Writes static/build/ (app.css, the Frontend scripts and images).
RUN npm run build

# ---------------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    PATH="/app/.venv/bin:$PATH"

# Pango / HarfBuzz and fonts for WeasyPrint's PDF exports; Graphviz for the information map.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-liberation \
        graphviz \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir "uv>=0.5,<1"

WORKDIR /app

# Dependencies first, so editing the source does not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project --no-cache

COPY . .
COPY --from=assets /build/static/build/ ./static/build/

# Throwaway settings: collectstatic only needs Django to load, never a real database or secret.
RUN VPP_PRODUCTION=true \
    SECRET_KEY=collectstatic-only-not-a-secret \
    MFA_ENCRYPTION_KEY=collectstatic-only-not-a-secret \
    ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    CELERY_BROKER_URL=memory:// \
    DEMO_PASSWORD=collectstatic-only \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3

# Run as an unprivileged user; var/ is the only place it writes (e.g. the beat schedule).
RUN groupadd --system --gid 10001 vpp \
    && useradd --system --uid 10001 --gid vpp --home-dir /app --no-create-home vpp \
    && mkdir -p /app/var \
    && chown vpp:vpp /app/var
USER vpp

EXPOSE 8000

CMD ["gunicorn", "vpp_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--worker-tmp-dir", "/dev/shm"]
