"""Where signed documents live: a private folder outside the static and media web roots.

Files are never given a public URL; they are served only by ``SignedDocumentDownloadView``,
which applies the same visibility as the agreement.
"""

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    @cached_property
    def base_location(self) -> str:
        configured = getattr(self, "_location", None)
        return str(self._value_or_setting(configured, settings.PRIVATE_MEDIA_ROOT))

    def _clear_cached_properties(self, setting: Any, **kwargs: Any) -> None:
        # Django resets the location only when MEDIA_ROOT changes; ours follows its own setting.
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a view.")


def signed_document_storage() -> PrivateStorage:
    return PrivateStorage()
