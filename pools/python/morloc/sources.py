"""Finds the Python functions and classes that a program sources (`source Py from "f.py" (...)`).

A name resolves as it would after `from f import *`: the file's own name first, then Python's
builtins (`len`, `map`), then, for a dotted name, an importable module (`math.factorial`). A name
found nowhere is a SourceError that names the function, the file and the language.

User files are loaded once each, under private module names, so that a user `json.py` neither
replaces the standard `json` nor finds itself when it does `import json`. Their folders are not put
on sys.path: a finder serves the files' own imports (`import helper`, packages beside them) after
the standard library and before installed packages, looking first in the importing file's folder,
and gives back the module already loaded when the import names a sourced file (`from person
import Person` gets the same class that the pool builds objects with).
"""
import builtins
import contextlib
import importlib
import importlib.machinery
import importlib.util
import os
import sys


class SourceError(Exception):
    """A sourced name that neither its file nor Python defines."""


class LoadError(SourceError):
    """A user file that raised while it loaded (a failing import, an exception at top level): `file`
    (relative to the nexus folder) and `line` are where in the user's code, `message` the error."""

    def __init__(self, file, line, message):
        super().__init__("%s:%d: %s" % (file, line, message) if file else message)
        self.file, self.line, self.message = file, line, message


class Sources:
    def __init__(self, root):
        self.root = root  # the folder that holds the shipped user files
        self._modules = {}  # absolute path -> loaded module
        self._folders = []  # folders of the user files, in load order

    @contextlib.contextmanager
    def starting(self):
        """Wraps the pool's start-up look-ups: a name found nowhere, or a user file that fails to
        load, stops the pool with one message to the nexus (a LOAD failure, exit 3), not a traceback
        through the pool's own code."""
        try:
            yield self
        except SourceError as e:
            self.fail(e)

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
        folder = os.path.dirname(path)
        if folder not in self._folders:
            self._folders.append(folder)
        _UserFinder.install(self)
        plain = os.path.splitext(os.path.basename(path))[0]
        known = sys.modules.get(plain)
        if known is not None and _same_file(getattr(known, "__file__", None), path):
            mod = known  # a sibling already imported it by its name
        else:
            key = "_mlc_src_%d_%s" % (len(self._modules), "".join(c if c.isalnum() else "_" for c in plain))
            spec = importlib.util.spec_from_file_location(key, path)
            mod = importlib.util.module_from_spec(spec)
            sys.modules[key] = mod
            self._modules[path] = mod  # before running it: a circular sibling import gets this one
            try:
                spec.loader.exec_module(mod)
            except LoadError:
                del sys.modules[key], self._modules[path]
                raise
            except BaseException as e:
                del sys.modules[key], self._modules[path]
                raise self._load_error(e) from None
        self._modules[path] = mod
        return mod

    def fail(self, e):
        """Report a SourceError or LoadError to the nexus as the pool's load failure; never returns."""
        from morloc.pool import load_failed
        if isinstance(e, LoadError):
            load_failed(e.message, e.file, e.line)
        load_failed(str(e))

    def _load_error(self, e):
        """A LoadError at the deepest frame of the user's code in e's traceback (a syntax error
        at its own position), so no frame of the pool's code is shown."""
        file, line = "", 0
        if isinstance(e, SyntaxError) and e.filename and self._user(e.filename):
            file, line = e.filename, e.lineno or 1
        else:
            tb = e.__traceback__
            while tb is not None:
                if self._user(tb.tb_frame.f_code.co_filename):
                    file, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
                tb = tb.tb_next
        text = str(e) if not isinstance(e, SyntaxError) else e.msg
        message = "%s: %s" % (type(e).__name__, text) if text else type(e).__name__
        rel = os.path.relpath(os.path.normpath(file), self.root) if file else ""
        return LoadError(rel, line, message)

    def _user(self, filename):
        """True for a file the user shipped (under the root, outside the runtime and pool.py)."""
        f = os.path.normpath(filename)
        runtime = os.path.join(self.root, "morloc") + os.sep
        return f.startswith(self.root.rstrip(os.sep) + os.sep) and not f.startswith(runtime) and \
            f != os.path.join(self.root, "pool.py")

    def folders_for(self, importer):
        """User folders to search for an import: the importing file's own first."""
        if importer:
            importer = os.path.normpath(importer)
            own = [f for f in self._folders if importer.startswith(f + os.sep)]
            if own:
                first = max(own, key=len)
                return [first] + [f for f in self._folders if f != first]
        return list(self._folders)


class _UserFinder:
    """The meta path finder for modules that sit beside user files (see the module's doc)."""
    _sources = []

    @classmethod
    def install(cls, sources):
        if sources not in cls._sources:
            cls._sources.append(sources)
        if any(isinstance(f, cls) for f in sys.meta_path):
            return
        std = getattr(sys, "stdlib_module_names", None)
        at = len(sys.meta_path)
        if std is not None:  # Python >= 3.10 knows the standard library's names: go before site-packages
            at = next((i for i, f in enumerate(sys.meta_path) if f is importlib.machinery.PathFinder), at)
        sys.meta_path.insert(at, cls(std))

    def __init__(self, std):
        self.std = std

    def find_spec(self, name, path=None, target=None):
        if path is not None or (self.std is not None and name in self.std) or name in sys.builtin_module_names:
            return None  # submodules are found in their package's __path__ as usual
        importer = _importer_file()
        for sources in self._sources:
            for folder in sources.folders_for(importer):
                spec = importlib.machinery.PathFinder.find_spec(name, [folder])
                if spec is None:
                    continue
                loaded = sources._modules.get(os.path.normpath(spec.origin)) if spec.origin else None
                if loaded is not None:
                    return importlib.util.spec_from_loader(name, _Loaded(loaded), origin=spec.origin)
                return spec
        return None


class _Loaded:
    """A loader that hands back a module already loaded under its private name."""

    def __init__(self, mod):
        self.mod = mod

    def create_module(self, spec):
        return self.mod

    def exec_module(self, mod):
        pass


def _importer_file():
    """The file of the code that runs the import being resolved (the first frame outside importlib)."""
    f = sys._getframe(2)
    while f is not None:
        name = f.f_code.co_filename
        if not name.startswith("<frozen") and os.sep + "importlib" + os.sep not in name:
            return f.f_globals.get("__file__")
        f = f.f_back
    return None


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


def _same_file(a, b):
    try:
        return a is not None and os.path.samefile(a, b)
    except OSError:
        return False
