# A module of a sibling package.
from .base import PREFIX


def prefix():
    return PREFIX
