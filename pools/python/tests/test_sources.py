"""Checks how the pool finds sourced names (morloc.sources): builtins as after `from f import *`,
user files named like standard modules, sibling imports, and the error for a name found nowhere.
Each test writes its own files with names of its own, since loaded modules stay in sys.modules."""
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from morloc.sources import LoadError, Sources, SourceError  # noqa: E402


class SourcesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        self.path = list(sys.path)

    def tearDown(self):
        sys.path[:] = self.path
        self.tmp.cleanup()

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(textwrap.dedent(text))

    def test_builtins_when_the_file_does_not_define_the_name(self):
        self.write("src/0/st_helpers.py", "def double(x):\n    return 2 * x\n")
        src = Sources(self.root)
        self.assertIs(src.find(["src/0/st_helpers.py"], "len"), len)
        self.assertIs(src.find(["src/0/st_helpers.py"], "map"), map)
        self.assertEqual(src.find(["src/0/st_helpers.py"], "double")(4), 8)
        self.assertIs(src.find([], "sorted"), sorted)
        self.assertEqual(src.find([], "math.factorial")(4), 24)

    def test_a_file_that_fails_to_load_is_placed_in_the_users_code(self):
        self.write("src/0/st_badimp.py", "import os\n\nimport st_no_such_module_q\n")
        with self.assertRaises(LoadError) as e:
            Sources(self.root).find(["src/0/st_badimp.py"], "f")
        self.assertEqual((e.exception.file, e.exception.line), ("src/0/st_badimp.py", 3))
        self.assertEqual(e.exception.message, "ModuleNotFoundError: No module named 'st_no_such_module_q'")
        # raised in a sibling the file imports: the sibling's line that raised, not the import
        self.write("src/1/st_sibcfg.py", "def read():\n    raise ValueError('no config')\n\nX = read()\n")
        self.write("src/1/st_usescfg.py", "from st_sibcfg import X\n")
        with self.assertRaises(LoadError) as e:
            Sources(self.root).find(["src/1/st_usescfg.py"], "X")
        self.assertEqual((e.exception.file, e.exception.line, e.exception.message),
                         ("src/1/st_sibcfg.py", 2, "ValueError: no config"))

    def test_the_file_wins_over_builtins(self):
        self.write("src/0/st_own.py", "def len(x):\n    return 'mine'\n")
        self.assertEqual(Sources(self.root).find(["src/0/st_own.py"], "len")([]), "mine")

    def test_a_name_found_nowhere_names_function_file_and_language(self):
        self.write("src/0/st_none.py", "x = 1\n")
        src = Sources(self.root)
        with self.assertRaises(SourceError) as e:
            src.find(["src/0/st_none.py"], "nosuchfn", "main.loc:3:20")
        msg = str(e.exception)
        for part in ("nosuchfn", "st_none.py", "Python", "main.loc:3:20"):
            self.assertIn(part, msg)
        with self.assertRaises(SourceError):
            src.find([], "nosuchmodule_xyz.f")
        with self.assertRaises(SourceError):
            src.find(["src/0/st_none.py"], "x.nothere")

    def test_a_file_named_like_a_standard_module_gets_the_standard_one(self):
        self.write("src/0/json.py", """\
            import json

            def dump(x):
                return json.dumps(x, sort_keys=True)
            """)
        dump = Sources(self.root).find(["src/0/json.py"], "dump")
        self.assertEqual(dump({"b": 1, "a": [2]}), '{"a": [2], "b": 1}')
        import json as std
        self.assertTrue(hasattr(std, "dumps"))  # the user file did not replace it

    def test_siblings_import_and_share_classes(self):
        self.write("src/0/st_person.py", """\
            class Person:
                def __init__(self, name):
                    self.name = name
            """)
        self.write("src/0/st_greet.py", """\
            import st_helper
            from st_person import Person

            def greet(p):
                assert isinstance(p, Person)
                return st_helper.hi(p.name)
            """)
        self.write("src/0/st_helper.py", "def hi(n):\n    return 'hi ' + n\n")
        src = Sources(self.root)
        greet = src.find(["src/0/st_greet.py"], "greet")
        person = src.find(["src/0/st_person.py"], "Person")  # the module greet imported, not a copy
        self.assertEqual(greet(person("ann")), "hi ann")
        # loaded in the other order, the class is still one class
        self.write("src/1/st_person2.py", "class P:\n    pass\n")
        self.write("src/1/st_use2.py", "from st_person2 import P\n\ndef check(p):\n    return isinstance(p, P)\n")
        src2 = Sources(self.root)
        cls = src2.find(["src/1/st_person2.py"], "P")
        self.assertTrue(src2.find(["src/1/st_use2.py"], "check")(cls()))

    def test_an_import_looks_first_beside_the_importing_file(self):
        # a library's st_core.py is loaded first; the user's st_core.py beside st_user.py is the one
        # that st_user imports, and neither is put on sys.path
        self.write("src/0/st_core.py", "which = 'library'\n")
        self.write("src/1/st_core.py", "which = 'user'\n")
        self.write("src/1/st_user.py", "from st_core import which\n")
        src = Sources(self.root)
        self.assertEqual(src.find(["src/0/st_core.py"], "which"), "library")
        self.assertEqual(src.find(["src/1/st_user.py"], "which"), "user")
        self.assertNotIn(os.path.join(self.root, "src", "1"), sys.path)

    def test_packages_beside_a_file(self):
        self.write("src/0/st_pkg/__init__.py", "")
        self.write("src/0/st_pkg/base.py", "X = 40\n")
        self.write("src/0/st_pkg/more.py", "from .base import X\nY = X + 2\n")
        self.write("src/0/st_usepkg.py", "import st_pkg.more\nZ = st_pkg.more.Y\n")
        self.assertEqual(Sources(self.root).find(["src/0/st_usepkg.py"], "Z"), 42)

    def test_starting_turns_a_missing_name_into_one_message_and_exit(self):
        self.write("src/0/st_start.py", "def here(): pass\n")
        src = Sources(self.root)
        with src.starting():
            self.assertTrue(callable(src.find(["src/0/st_start.py"], "here")))
        # without a nexus to tell (run by hand), the one message goes to stderr and the pool exits 3
        script = "import sys; sys.path.insert(0, %r)\nfrom morloc.sources import Sources\nsrc = Sources(%r)\n" \
                 "with src.starting():\n    src.find(['src/0/st_start.py'], 'nowhere', 'main.loc:3:1')\n" % (os.path.join(HERE, ".."), self.root)
        env = {k: v for k, v in os.environ.items() if k != "MORLOC_RUN_DIR"}
        r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
        self.assertEqual(r.returncode, 3)
        self.assertTrue(r.stderr.startswith("error: main.loc:3:1: "), r.stderr)
        self.assertIn("nowhere", r.stderr)
        self.assertNotIn("Traceback", r.stderr)

if __name__ == "__main__":
    unittest.main()
