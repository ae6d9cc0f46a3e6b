# The Python codec's share of the 100 MB throughput figures: encode and decode of a 100 MB Str
# and a 100 MB [Real] (12.5 M floats) with pools/python/morloc/value.py, no transport.
# Usage: python3 bench/codec_cost.py POOLS_PYTHON_DIR -> four lines "what ms".
import sys, time

sys.path.insert(0, sys.argv[1])
from morloc.schema import parse_schema
from morloc.value import decode, encode

for name, text, value in (("Str", "s", "x" * 100_000_000), ("[Real]", "af8", [i * 0.5 for i in range(12_500_000)])):
    schema = parse_schema(text)
    t0 = time.perf_counter()
    blob = encode(schema, value)
    t1 = time.perf_counter()
    back = decode(schema, blob)
    t2 = time.perf_counter()
    assert len(back) == len(value)
    print("%s encode %.1f" % (name, (t1 - t0) * 1000))
    print("%s decode %.1f" % (name, (t2 - t1) * 1000))
    del blob, back
