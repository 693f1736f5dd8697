"""Which files of a story folder are scene files, and what in the folder is not read, and why.

Nothing is skipped in silence: a `*.yml` file, a link to a file outside the story folder, a link
to a folder, something that is not a regular file, and a folder that cannot be listed are each
reported. Hidden files and folders (a name starting with `.`) are left out, as editors and
version control keep their own files there.
"""

from __future__ import annotations

import os
from pathlib import Path

from .findings import ERROR, WARNING, Finding, display_path

SPECIAL_FILES = frozenset({"story.yaml", "sources.yaml", "glossary.yaml"})


def scan(root: Path) -> tuple[list[Path], list[Finding]]:
    """The scene files below a story folder, in a stable order, and findings for what is not read."""
    files: list[Path] = []
    findings: list[Finding] = []
    real_root = root.resolve()

    def report(path: Path, severity: str, code: str, message: str) -> None:
        findings.append(Finding(display_path(path), 1, 1, severity, code, message))

    def unreadable(err: OSError) -> None:
        where = Path(err.filename) if err.filename else root
        report(
            where,
            WARNING,
            "unreadable",
            f"this folder cannot be listed, so its files are not read: {err.strerror or err}",
        )

    for folder, dirnames, filenames in os.walk(root, onerror=unreadable):
        here = Path(folder)
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in list(dirnames):
            if (here / name).is_symlink():
                dirnames.remove(name)
                report(
                    here / name,
                    WARNING,
                    "not-read",
                    "a link to a folder is not followed: its files are not read (move the files into the story folder)",
                )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            if name.endswith(".yml"):
                report(
                    path,
                    WARNING,
                    "not-read",
                    f"`{name}` is not read: story files end in `.yaml`; rename it `{name[:-4]}.yaml`",
                )
                continue
            if not name.endswith(".yaml") or (here == root and name in SPECIAL_FILES):
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(real_root):
                    report(
                        path,
                        ERROR,
                        "outside-folder",
                        "this file is a link to a file outside the story folder, so it is not read: "
                        "copy the file into the story folder instead",
                    )
                    continue
            try:
                regular = path.is_file()
            except OSError:
                regular = False
            if not regular:
                report(
                    path,
                    WARNING,
                    "not-read",
                    "this is not a regular file (a pipe, a device or a broken link): not read",
                )
                continue
            files.append(path)
    return sorted(files), findings
