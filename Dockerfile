FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY annotate ./annotate
COPY articles ./articles
RUN pip install --no-cache-dir .
COPY . .
RUN SECRET_KEY=collectstatic python manage.py collectstatic --no-input

EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && gunicorn annotate.wsgi"]
