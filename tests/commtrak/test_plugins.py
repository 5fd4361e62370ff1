"""Plugin loading through real entry points, the backend registry, and open_store."""

from __future__ import annotations

import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import commtrak
from commtrak.hookspecs import hookimpl
from commtrak.plugins import BackendRegistry, PluginHost, mask_url
from commtrak_memory import MemoryBackend


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A directory on sys.path where tests install distributions with entry points."""
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith("ct_plugin_")]:
        del sys.modules[name]


def install(site: Path, dist: str, entry_points: dict[str, str], modules: dict[str, str]) -> None:
    """Write an installed distribution: its modules and a dist-info with entry points."""
    info = site / f"{dist}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    lines = "\n".join(f"{name} = {target}" for name, target in entry_points.items())
    (info / "entry_points.txt").write_text(f"[commtrak.backends]\n{lines}\n")
    for module, source in modules.items():
        (site / f"{module}.py").write_text(textwrap.dedent(source))


GOOD_PLUGIN = """
from commtrak.hookspecs import hookimpl
from commtrak_memory import MemoryBackend

@hookimpl
def commtrak_register_backends(registry):
    registry.add_scheme("good", MemoryBackend)
"""


def test_the_memory_backend_registers_through_its_entry_point() -> None:
    host = PluginHost()
    assert "memory" in host.names
    assert "memory" in host.backends.schemes
    assert host.backends.plugin_for_scheme("memory") == "memory"


def test_open_store_with_only_the_base_install_opens_memory() -> None:
    store = commtrak.open_store("memory://")
    assert isinstance(store.backend, MemoryBackend)
    assert repr(store) == "<commtrak.Store memory://>"


def test_a_plugin_that_fails_to_import_is_reported_and_the_others_load(installed: Path) -> None:
    install(
        installed,
        "ct-plugins",
        {"broken": "ct_plugin_missing_dependency", "good": "ct_plugin_good"},
        {
            "ct_plugin_missing_dependency": "import a_module_that_does_not_exist_anywhere\n",
            "ct_plugin_good": GOOD_PLUGIN,
        },
    )
    host = PluginHost()
    assert "broken" in host.failed
    assert "ModuleNotFoundError" in host.failed["broken"]
    assert {"good", "memory"} <= set(host.backends.schemes)
    assert isinstance(commtrak.open_store("good://", plugins=host).backend, MemoryBackend)
    with pytest.raises(commtrak.UnsupportedURL) as caught:
        commtrak.open_store("nosuch://x", plugins=host)
    assert "good" in caught.value.schemes
    assert "memory" in caught.value.schemes
    assert "broken" in caught.value.failed_plugins
    assert "broken (ModuleNotFoundError" in str(caught.value)


def test_disabled_plugins_are_not_loaded(installed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(installed, "ct-good", {"good": "ct_plugin_good"}, {"ct_plugin_good": GOOD_PLUGIN})
    monkeypatch.setenv("COMMTRAK_DISABLED_PLUGINS", "good, other")
    host = PluginHost()
    assert "good" not in host.names
    assert "memory" in host.backends.schemes
    assert "good" not in host.backends.schemes
    assert "good" in PluginHost(disabled=["memory"]).backends.schemes
    assert "memory" not in PluginHost(disabled=["memory"]).backends.schemes


def test_two_plugins_claiming_one_scheme_fail_at_load_time() -> None:
    class Claimer:
        @hookimpl
        def commtrak_register_backends(self, registry: BackendRegistry) -> None:
            registry.add_scheme("memory", MemoryBackend)

    with pytest.raises(commtrak.PluginError, match="'memory' and 'claimer' both register"):
        PluginHost(plugins=[("claimer", Claimer())])


def test_a_misspelled_hook_fails_loudly() -> None:
    class Misspelled:
        @hookimpl
        def commtrak_register_backend(self, registry: BackendRegistry) -> None:
            """Missing the final s."""

    with pytest.raises(commtrak.PluginError, match="commtrak_register_backend"):
        PluginHost(load_entry_points=False, plugins=[("typo", Misspelled())])


def test_a_plugin_whose_hook_raises_is_reported_by_name() -> None:
    class Raising:
        @hookimpl
        def commtrak_register_backends(self, registry: BackendRegistry) -> None:
            raise RuntimeError("no licence")

    host = PluginHost(plugins=[("raising", Raising())])
    assert host.failed == {"raising": "RuntimeError: no licence"}
    assert "memory" in host.backends.schemes


def test_source_types_are_matched_by_class_and_base_class() -> None:
    class Engine:
        pass

    class SubEngine(Engine):
        pass

    opened: list[object] = []

    class EnginePlugin:
        @hookimpl
        def commtrak_register_backends(self, registry: BackendRegistry) -> None:
            def open_engine(engine: object) -> MemoryBackend:
                opened.append(engine)
                return MemoryBackend()

            registry.add_source_type(f"{Engine.__module__}.{Engine.__qualname__}", open_engine)

    host = PluginHost(load_entry_points=False, plugins=[("engines", EnginePlugin())])
    engine = SubEngine()
    commtrak.open_store(engine, plugins=host)
    assert opened == [engine]
    with pytest.raises(commtrak.UnsupportedURL, match=r"<builtins\.object object>"):
        commtrak.open_store(object(), plugins=host)


def test_driver_suffixes_fall_back_to_the_base_scheme() -> None:
    class Plugin:
        @hookimpl
        def commtrak_register_backends(self, registry: BackendRegistry) -> None:
            registry.add_scheme("demo", lambda url: MemoryBackend("memory://"))

    host = PluginHost(load_entry_points=False, plugins=[("demo", Plugin())])
    assert isinstance(commtrak.open_store("DEMO+driver://", plugins=host).backend, MemoryBackend)


def test_open_store_reads_commtrak_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMTRAK_URL", "memory://")
    assert commtrak.open_store().url == "memory://"
    monkeypatch.setenv("COMMTRAK_URL", "nosuch://")
    with pytest.raises(commtrak.UnsupportedURL):
        commtrak.open_store()


def test_urls_without_a_scheme_are_a_validation_error() -> None:
    with pytest.raises(commtrak.ValidationError) as caught:
        commtrak.open_store("just a path")
    assert (caught.value.field, caught.value.rule) == ("url", "url_form")


def test_a_memory_url_names_nothing() -> None:
    with pytest.raises(commtrak.ValidationError) as caught:
        commtrak.open_store("memory://shared")
    assert caught.value.rule == "memory_url"


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("postgresql://user:secret@host/db", "postgresql://user:***@host/db"),
        ("mysql+pymysql://root:@127.0.0.1/test", "mysql+pymysql://root:***@127.0.0.1/test"),
        ("postgresql://user@host/db", "postgresql://user@host/db"),
        ("sqlite:///a:b@c.db", "sqlite:///a:b@c.db"),
    ],
)
def test_passwords_are_masked_in_urls(url: str, masked: str) -> None:
    assert mask_url(url) == masked
    with pytest.raises(commtrak.UnsupportedURL) as caught:
        commtrak.open_store("nosuch" + url[url.index("://") :])
    assert "secret" not in str(caught.value)


def test_unrelated_entry_points_do_not_disturb(installed: Path) -> None:
    name = f"ct_plugin_{uuid.uuid4().hex[:8]}"
    install(installed, "ct-other", {"other": name}, {name: "VALUE = 1\n"})
    host = PluginHost()
    assert "other" in host.names
    assert host.backends.schemes == PluginHost(disabled=["other"]).backends.schemes
