def oldestPet(o):
    return max(o["pets"], key=lambda p: p["age"])
