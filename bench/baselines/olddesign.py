# Baseline "old design": one call = one fresh interpreter that reads its argument from a file
# and writes its result to a file (run once per call by the bench driver).
import json, sys
with open(sys.argv[1]) as f:
    x = json.load(f)
with open(sys.argv[2], "w") as f:
    json.dump(x + 1.0, f)
