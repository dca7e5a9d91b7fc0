"""How long a costly fixture's value is shared: a module's tests, except under mutation.

mutmut maps each test to the code it runs, and runs a mutant only against the tests mapped
to it. A module-scoped fixture's work runs once, inside the first test that asks for it, so
only that test was mapped to it: a mutant in the finance workbook's money, which every
other test of the module reads, "survived" because one test of capex cash, which does not
read it, was all that ran. Under the mutation profile each test computes its own.
"""

import os

SHARED = "function" if os.environ.get("HYPOTHESIS_PROFILE") == "mutation" else "module"
