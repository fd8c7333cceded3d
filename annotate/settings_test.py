"""Settings for the test suite: the real settings with fast hashing and a fixed key."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Queued tasks are kept and never run by themselves: a test runs the analysis it needs
# explicitly, so nothing happens behind its back (nor loads the parser model).
os.environ.setdefault("TASKS_BACKEND", "dummy")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Serve static files from the app folders; the suite never runs collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A file, not shared-cache memory, so SQLite tests see the locking of the real thing
# (WAL, writers waiting on each other) rather than in-memory table locks.
if DATABASES["default"]["ENGINE"] == "annotate.sqlite":  # noqa: F405
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"annotate-test-{os.getpid()}.sqlite3")
    }

# A replica alias that is the primary itself (Django's test mirror), so that tests can
# route an export's reads to it; exports use it only where a test sets EXPORTS_DATABASE.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
