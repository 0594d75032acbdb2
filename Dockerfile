# SmokeIndex API image.
#   docker build -t smokeindex .
#   docker run -p 127.0.0.1:8000:8000 -e SMOKEINDEX_... smokeindex
# See docker-compose.yml for the full deployment with Neo4j, and docs/operations-neo4j.md.

# --- build stage: install the package and its dependencies into a self-contained venv ---
FROM python:3.11-slim AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# Only what `pip install .` needs (keeps .venv/, build/, .git/ and tools/ out of the image).
# README* / LICENSE* are globs so the build works whether or not they exist yet.
COPY pyproject.toml README* LICENSE* ./
COPY smokeindex ./smokeindex
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --upgrade pip \
 && /opt/venv/bin/pip install .

# --- runtime stage ---
FROM python:3.11-slim

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    SMOKEINDEX_DATA_DIR=/var/lib/smokeindex

RUN groupadd --system --gid 10001 smokeindex \
 && useradd --system --uid 10001 --gid smokeindex \
        --home-dir /var/lib/smokeindex --shell /usr/sbin/nologin smokeindex \
 && mkdir -p /var/lib/smokeindex \
 && chown smokeindex:smokeindex /var/lib/smokeindex

COPY --from=build /opt/venv /opt/venv

USER smokeindex:smokeindex
WORKDIR /var/lib/smokeindex
EXPOSE 8000

# No curl in slim images: probe with the standard library. Non-2xx or no answer -> unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; r = urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4); sys.exit(0 if 200 <= r.status < 300 else 1)"]

CMD ["smokeindex", "serve", "--host", "0.0.0.0", "--port", "8000"]
