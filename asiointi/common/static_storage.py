"""Production's static files storage: WhiteNoise's, without compressing a file twice.

``asiointi serve`` runs ``collectstatic`` at every start. WhiteNoise's
``CompressedManifestStaticFilesStorage`` then compresses every file again, gzip and Brotli at
their highest levels: most of a minute on two cores, for files that have not changed since the
last start. This storage leaves a file's compressed copies alone when both are already there and
decompress to exactly the file's current content (which also catches a copy cut short by a
crash); everything else (hashing, the manifest, new or changed files) is WhiteNoise's own.
"""

import gzip
import zlib

from django.conf import settings
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage as WhiteNoiseStorage

try:
    import brotli
except ImportError:  # WhiteNoise then writes no .br files either
    brotli = None


class CompressedManifestStaticFilesStorage(WhiteNoiseStorage):
    def compress_files(self, paths):
        compressor = self.create_compressor(
            extensions=getattr(settings, "WHITENOISE_SKIP_COMPRESS_EXTENSIONS", None), quiet=True
        )
        stale = [path for path in paths if not self._compressed_copies_current(path, compressor)]
        yield from super().compress_files(stale)

    def _compressed_copies_current(self, name: str, compressor: Compressor) -> bool:
        if not compressor.should_compress(name):
            return False  # WhiteNoise skips it anyway
        decompressors = {}
        if compressor.use_brotli and brotli is not None:
            decompressors[".br"] = brotli.decompress
        if compressor.use_gzip:
            decompressors[".gz"] = gzip.decompress
        if not decompressors:
            return False
        full_path = self.path(name)
        with open(full_path, "rb") as file:
            content = file.read()
        for suffix, decompress in decompressors.items():
            try:
                with open(full_path + suffix, "rb") as file:
                    if decompress(file.read()) != content:
                        return False
            except (OSError, EOFError, zlib.error, getattr(brotli, "error", OSError)):
                return False
        return True
