# Named like the standard module it uses: `import json` must be the standard library's.
import json

import helper
from pkgdir.names import prefix


def dumpSorted(pairs):
    return json.dumps(dict(pairs), sort_keys=True)


def label(n):
    return prefix() + helper.twice(str(n))
