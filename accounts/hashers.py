"""The portal's password hasher: Django's Argon2 (argon2id) with OWASP's recommended cost.

Django's own Argon2 parameters (100 MiB, 2 passes, 8 lanes) took 1.2 s a hash on the shared
two-CPU machine where the portal was measured (``benchmarks/signin.py``); OWASP's Password
Storage Cheat Sheet recommends argon2id with at least 19 MiB, 2 passes and 1 lane, which takes
about a tenth of that there and still costs an attacker memory for every guess. A hash made with
other parameters (Django's defaults included) is re-made with these at the next sign-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """argon2id, m=19 MiB, t=2, p=1 (OWASP's minimum recommended configuration)."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
