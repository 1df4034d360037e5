"""Settings for benchmarks and load tests: development settings with DEBUG off.

DEBUG off matters (with it on Django keeps every SQL query in memory). Login rate limits
are off because every simulated user comes from 127.0.0.1: the load test measures the
application, not allauth's limiter. Plain HTTP on loopback, so no secure-cookie flags.
"""

import warnings

from nsp.settings.dev import *  # noqa: F403

# WhiteNoise serves from the finders here; there is no collectstatic directory.
warnings.filterwarnings("ignore", message="No directory at")

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ACCOUNT_RATE_LIMITS = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
