"""Numbers in sentences: never "quality 80 is under its floor 80"."""


def apart(a: float, b: float, decimals: int = 0) -> tuple[str, str]:
    """`a` and `b` with the fewest decimals (at least `decimals`, at most 6) that differ.

    A message that compares two numbers must show them different when they are:
    80.4 against a floor of 80.5 reads "80.4 ... 80.5", not "80 ... 80".
    """
    left, right = f"{a:,.{decimals}f}", f"{b:,.{decimals}f}"
    places = decimals
    while left == right and a != b and places < 6:
        places += 1
        left, right = f"{a:,.{places}f}", f"{b:,.{places}f}"
    return left, right
