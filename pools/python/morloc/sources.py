"""Finds the Python functions and classes that a program sources (`source Py from "f.py" (...)`).

A name resolves as it would after `from f import *`: the file's own name first, then Python's
builtins (`len`, `map`), then, for a dotted name, an importable module (`math.factorial`). A name
found nowhere is a SourceError that names the function, the file and the language.

User files are loaded once each. A file takes its own module name (`person.py` -> `person`), so a
sibling that does `import person` gets the same module and the same classes, unless that name
belongs to another module (the standard library's `json` for a user `json.py`): then it loads
under a private name, and `import json` inside it still finds the standard library. User folders
go on sys.path after the standard library, for the files' sibling imports.
"""
import builtins
import importlib
import importlib.util
import os
import sys


class SourceError(Exception):
    """A sourced name that neither its file nor Python defines."""


class Sources:
    def __init__(self, root):
        self.root = root  # the folder that holds the shipped user files
        self._modules = {}  # absolute path -> loaded module

    def find(self, files, name, where=""):
        """The object called `name` from the first of `files` (paths under root) that defines it,
        else a builtin or an importable module's attribute. `where` is the source statement's
        position, for the error."""
        head, _, rest = name.partition(".")
        for rel in files:
            mod = self.load(rel)
            if hasattr(mod, head):
                return _attributes(getattr(mod, head), rest, name, where, files)
        if hasattr(builtins, head):
            return _attributes(getattr(builtins, head), rest, name, where, files)
        if rest:
            try:
                mod = importlib.import_module(head)
            except ImportError:
                mod = None
            if mod is not None:
                return _attributes(mod, rest, name, where, files)
        raise SourceError(_missing(name, where, files))

    def load(self, rel):
        """The module of a user file, loaded on first use."""
        path = os.path.normpath(os.path.join(self.root, rel))
        mod = self._modules.get(path)
        if mod is not None:
            return mod
        _add_folder(os.path.dirname(path))
        plain = os.path.splitext(os.path.basename(path))[0]
        known = sys.modules.get(plain)
        if known is not None and _same_file(getattr(known, "__file__", None), path):
            mod = known  # a sibling already imported it by its name
        else:
            own = plain.isidentifier() and known is None and _free(plain, path)
            key = plain if own else "_mlc_src_%d_%s" % (len(self._modules), "".join(c if c.isalnum() else "_" for c in plain))
            spec = importlib.util.spec_from_file_location(key, path)
            mod = importlib.util.module_from_spec(spec)
            sys.modules[key] = mod
            try:
                spec.loader.exec_module(mod)
            except BaseException:
                del sys.modules[key]
                raise
        self._modules[path] = mod
        return mod


def _attributes(obj, rest, name, where, files):
    for part in rest.split(".") if rest else []:
        if not hasattr(obj, part):
            raise SourceError(_missing(name, where, files))
        obj = getattr(obj, part)
    return obj


def _missing(name, where, files):
    shown = " or ".join(os.path.basename(f) for f in files)
    place = "neither defined in %s nor a Python builtin" % shown if files else "not a Python builtin nor an importable module's attribute"
    return "%sthe Python function '%s' is %s" % (where + ": " if where else "", name, place)


def _add_folder(folder):
    """Puts a user folder on sys.path after the standard library (before site-packages, or last)."""
    if folder in sys.path:
        return
    for i, p in enumerate(sys.path):
        if os.path.basename(p) in ("site-packages", "dist-packages"):
            sys.path.insert(i, folder)
            return
    sys.path.append(folder)


def _free(name, path):
    """True when `import name` would find no module but this file (its folder is on sys.path)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    return spec is None or _same_file(spec.origin, path)


def _same_file(a, b):
    try:
        return a is not None and os.path.samefile(a, b)
    except OSError:
        return False
