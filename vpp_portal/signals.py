"""Signals the project's own code sends for the apps to act on, so that ``vpp_portal`` names no
app (the layer rule in docs/architecture.md).

``request_refused`` is sent by the 403 handler (``vpp_portal.views.permission_denied``) with
``request`` and ``exception`` (the ``PermissionDenied``, or ``None``) before the refusal page is
rendered; accounts connects the security log's receiver to it in ``AccountsConfig.ready``. A
receiver's ``DatabaseError`` does not stop the refusal: the handler logs it and still answers 403.
"""

from django.dispatch import Signal

request_refused = Signal()
