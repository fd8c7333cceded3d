"""gunicorn settings for a 2-core machine: 2 processes x 8 threads.

Requests spend much of their time waiting on the database, so threads keep both
cores busy without the memory of more processes. Override with GUNICORN_WORKERS
and GUNICORN_THREADS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
keepalive = 5
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
