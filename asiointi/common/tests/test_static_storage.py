"""Production's static storage compresses a file again only when its compressed copies are
missing, cut short or of an older content (asiointi/common/static_storage.py)."""

import brotli

from asiointi.common.static_storage import CompressedManifestStaticFilesStorage

SCRIPT = "var answer = 42;\n" * 500


def compressed(storage, name: str) -> list[str]:
    return sorted(made for _, made in storage.compress_files([name]))


def test_a_file_is_compressed_again_only_when_its_copies_are_not_current(tmp_path):
    storage = CompressedManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    (tmp_path / "app.js").write_text(SCRIPT)

    assert compressed(storage, "app.js") == ["app.js.br", "app.js.gz"]
    assert compressed(storage, "app.js") == []  # both copies current: left alone

    (tmp_path / "app.js.br").write_bytes(b"cut short")
    assert compressed(storage, "app.js") == ["app.js.br", "app.js.gz"]
    assert brotli.decompress((tmp_path / "app.js.br").read_bytes()).decode() == SCRIPT

    (tmp_path / "app.js.gz").unlink()
    assert compressed(storage, "app.js") == ["app.js.br", "app.js.gz"]

    (tmp_path / "app.js").write_text(SCRIPT.replace("42", "43"))
    assert compressed(storage, "app.js") == ["app.js.br", "app.js.gz"]
    assert b"43" in brotli.decompress((tmp_path / "app.js.br").read_bytes())


def test_files_whitenoise_does_not_compress_are_left_to_it(tmp_path):
    storage = CompressedManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8" + b"x" * 5000)
    assert compressed(storage, "photo.jpg") == []
