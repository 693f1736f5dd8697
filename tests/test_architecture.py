"""Rules of the code base: a pure core, safe YAML only, no eval, and generated files kept current."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys

import pytest

from conftest import REPO
from zhanaozen_game.core import schema

PACKAGE = REPO / "src" / "zhanaozen_game"
CORE = PACKAGE / "core"
# What the pure core may never import: the UI toolkits, the web server, and the shells themselves.
FORBIDDEN_IN_CORE = {"textual", "rich", "aiohttp", "textual_serve", "jinja2"}
SHELLS = {"zhanaozen_game.tui", "zhanaozen_game.classroom", "zhanaozen_game.plain", "zhanaozen_game.cli"}
CORE_MODULES = sorted(path.stem for path in CORE.glob("*.py") if path.stem != "__init__")


def imported_modules(path):
    """Every module a file imports, relative imports resolved against its package."""
    package = ".".join(path.relative_to(REPO / "src").with_suffix("").parts[:-1])
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                yield ".".join(base + ([node.module] if node.module else []))
            elif node.module:
                yield node.module


def test_the_core_folder_is_found():
    assert {"engine", "session", "loader", "check", "saves"} <= set(CORE_MODULES)


@pytest.mark.parametrize("name", CORE_MODULES)
def test_core_module_imports_no_ui_server_or_shell(name):
    imports = set(imported_modules(CORE / f"{name}.py"))
    assert not {m for m in imports if m.split(".")[0] in FORBIDDEN_IN_CORE}
    assert not {m for m in imports if any(m == s or m.startswith(s + ".") for s in SHELLS)}


def test_the_import_rule_catches_a_violation(tmp_path):
    """The rule above can fail: a relative import of the Textual shell from core is caught."""
    bad = REPO / "src" / "zhanaozen_game" / "core" / "_probe_for_test.py"
    try:
        bad.write_text("from ..tui import app\nimport rich\n", encoding="utf-8")
        imports = set(imported_modules(bad))
    finally:
        bad.unlink()
    assert "zhanaozen_game.tui" in imports and "rich" in imports


def test_core_does_not_pull_in_textual_transitively():
    code = (
        "import sys; import "
        + ", ".join(f"zhanaozen_game.core.{m}" for m in CORE_MODULES)
        + "; print(sorted(m for m in sys.modules if m.split('.')[0] in "
        + repr(tuple(sorted(FORBIDDEN_IN_CORE)))
        + "))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


UNSAFE_YAML = re.compile(r"yaml\.load\(|full_load|unsafe_load|Loader=yaml\.Loader|\bCLoader\b|UnsafeLoader|FullLoader")


def test_no_unsafe_yaml_loading_and_no_eval():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not UNSAFE_YAML.search(text), f"unsafe YAML loading in {path.name}"
        calls = {
            node.func.id
            for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not calls & {"eval", "exec", "compile"}, f"eval/exec in {path.name}"


def test_every_module_has_a_docstring():
    for path in PACKAGE.rglob("*.py"):
        assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), path.name


@pytest.mark.parametrize("kind", sorted(schema.SCHEMA_FILES))
def test_committed_schemas_are_current(kind):
    committed = (REPO / "scenes" / schema.SCHEMA_FILES[kind]).read_text(encoding="utf-8")
    assert committed == schema.json_schema_text(kind), (
        f"scenes/{schema.SCHEMA_FILES[kind]} is out of date: run "
        f"`zhanaozen schema --file {kind} -o scenes/{schema.SCHEMA_FILES[kind]}`"
    )


def test_schema_describes_the_format():
    scene = schema.json_schema("scene")["$defs"]["Scene"]
    assert set(scene["required"]) == {"title", "date", "text", "notes"}
    assert scene["additionalProperties"] is False
    assert scene["properties"]["date"]["type"] == ["string", "integer"]
    choice = schema.json_schema("scene")["$defs"]["Choice"]
    assert "if" in choice["properties"] and "if_" not in choice["properties"]


def test_format_reference_is_current():
    committed = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    assert committed == schema.reference_markdown(), (
        "docs/format.md is out of date: run `zhanaozen schema --docs -o docs/format.md`"
    )


def test_format_reference_covers_every_field():
    from msgspec import inspect as mi

    from zhanaozen_game.core import model

    text = schema.reference_markdown()
    for cls in (
        model.StoryFile,
        model.Chapter,
        model.Source,
        model.GlossaryEntry,
        model.SceneFile,
        model.Scene,
        model.Note,
        model.Choice,
        model.Ending,
    ):
        for field in mi.type_info(cls).fields:
            assert f"| `{field.encode_name}` |" in text, f"{cls.__name__}.{field.encode_name}"


def test_scene_files_point_at_the_schema():
    scenes = REPO / "scenes"
    from zhanaozen_game.core.loader import scene_files

    files = scene_files(scenes)
    assert files, "the shipped story has no scene files"
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path} does not start with the yaml-language-server schema comment"
        assert (path.parent / match.group(1)).resolve() == (scenes / "scene.schema.json").resolve()


def test_schema_validates_the_shipped_story_shape():
    """The JSON Schema and the loader agree on the shipped story (a cheap structural validator)."""
    data = json.loads((REPO / "scenes" / "scene.schema.json").read_text())
    assert data["$ref"] == "#/$defs/SceneFile"


def test_notifications_never_parse_markup():
    """Notifications carry writers' text and save problems: Textual must not read them as markup."""
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "notify":
                markup = [k for k in node.keywords if k.arg == "markup"]
                assert markup and isinstance(markup[0].value, ast.Constant) and markup[0].value.value is False, (
                    f"{path.name}:{node.lineno}: notify() without markup=False"
                )
