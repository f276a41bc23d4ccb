from pathlib import Path

from bot.launcher.stack import lock_store_config, tracker_store_config
from bot.settings import load_settings


def test_hours_are_grouped_and_closed_days_named() -> None:
    settings = load_settings()
    assert settings.hours_text() == ("Mon–Wed 10:00–18:00, Thu 10:00–20:00, Fri 10:00–17:00, Sat 10:00–14:00 "
                                     "(closed Sun)")


def test_a_studio_adapts_by_editing_its_settings_file(tmp_path: Path) -> None:
    text = Path("studio.yml").read_text().replace("Lumen Skin Studio", "Piel Studio")
    (tmp_path / "studio.yml").write_text(text)
    settings = load_settings(tmp_path / "studio.yml", environ={})
    assert settings.answer_values()["studio_name"] == "Piel Studio"
    assert settings.database_url.startswith("sqlite:///")


def test_environment_switches_to_postgresql() -> None:
    settings = load_settings(environ={"DATABASE_URL": "postgresql://u@db/leads"})
    assert settings.database_url == "postgresql://u@db/leads"


def test_rasa_store_configuration_from_urls() -> None:
    assert tracker_store_config("sqlite:///var/tracker.db") == {"type": "SQL", "dialect": "sqlite",
                                                                "db": "var/tracker.db"}
    pg = tracker_store_config("postgresql://postgres:s%40cret@127.0.0.1:5433/tracker")
    assert (pg["url"], pg["port"], pg["db"], pg["username"], pg["password"]) == (
        "127.0.0.1", 5433, "tracker", "postgres", "s@cret")
    assert lock_store_config("") == {"type": "in_memory"}
    assert lock_store_config("redis://:secret@127.0.0.1:6379/2") == {
        "type": "bot.replicas.lock_store.AtomicRedisLockStore", "url": "redis://:secret@127.0.0.1:6379/2",
        "key_prefix": "studio"}
    assert lock_store_config("redis://r:6379/0", "refuse")["redis_down"] == "refuse"


def test_every_studio_fact_used_in_answers_is_a_slot_of_the_domain() -> None:
    """Session start sets each fact as a slot; one missing from the domain is dropped by Rasa with an error."""
    import yaml
    slots = set(yaml.safe_load(Path("domain.yml").read_text())["slots"])
    assert set(load_settings().answer_values()) - slots == set()
