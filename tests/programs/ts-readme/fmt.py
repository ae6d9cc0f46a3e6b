def label(x):
    return "high" if x > 0.5 else ("low" if x < -0.5 else "mid")
