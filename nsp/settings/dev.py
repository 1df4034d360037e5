"""Development settings: the embedded PostgreSQL server, console e-mail, DEBUG on."""

from nsp.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
