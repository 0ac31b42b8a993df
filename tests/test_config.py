"""Configuration is validated at start: errors name the file and the key, and stop with exit code 2."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gateway.config import load_config
from gateway.errors import ConfigError
from gateway.model import order_json_schema
from testkit.harness import REPO, write_config


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """``gateway <args>`` through the CLI's own entry point, in this process (each interpreter started for
    it cost seconds of imports; ``python -m gateway.cli`` as a process is run by the listener test below)."""
    from gateway.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(["gateway", *args], code, out.getvalue(), err.getvalue())


def test_default_config_is_valid():
    result = run_cli("check-config", "--config", "config/gateway.toml")
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_container_config_is_the_default_bound_to_every_interface():
    default, docker = (REPO / "config" / name for name in ("gateway.toml", "docker.toml"))
    assert run_cli("check-config", "--config", str(docker)).returncode == 0
    body = docker.read_text().split("\n\n", 1)[1]
    assert body == default.read_text().replace('host = "127.0.0.1"', 'host = "0.0.0.0"')


def test_default_config_starts_every_listener(tmp_path: Path):
    """The embedded default, run from a fresh folder with its ports moved: HTTP, SMTP, SFTP and the
    fax folder all come up, with the journal, archive, secrets and TLS certificate made under var/."""
    from testkit.harness import free_port
    text = (REPO / "config" / "gateway.toml").read_text()
    ports = {name: free_port() for name in ("http", "smtp", "sftp")}
    for old, name in (("8080", "http"), ("2525", "smtp"), ("2222", "sftp")):
        text = text.replace(f"port = {old}\n", f"port = {ports[name]}\n")
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "gateway.toml").write_text(text)
    (tmp_path / "mappings").symlink_to(REPO / "mappings")
    proc = subprocess.Popen([sys.executable, "-m", "gateway.cli", "run", "--config", "config/gateway.toml"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        run_file = tmp_path / "var" / "run" / "gateway.json"
        deadline = time.monotonic() + 60
        while not run_file.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert run_file.exists(), proc.stdout.read() if proc.poll() is not None else "no run file"
        assert json.loads(run_file.read_text())["ports"] == ports
        for name in ("journal.sqlite3", "secrets/api_key", "secrets/sftp_host_key", "tls/smtp.crt",
                     "inbox/fax"):
            assert (tmp_path / "var" / name).exists(), name
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode == 0


def test_unknown_key_names_file_and_key(tmp_path: Path):
    path = write_config(tmp_path)
    path.write_text(path.read_text().replace("[http]", "[http]\nprot = 8080", 1))
    result = run_cli("check-config", "--config", str(path))
    assert result.returncode == 2
    assert f"{path}: http.prot: unknown key" in result.stderr


def test_wrong_type_names_key_and_reason(tmp_path: Path):
    path = write_config(tmp_path)
    text = path.read_text()
    path.write_text(text.replace("workers = 4", 'workers = "many"', 1))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert f"{path}: pipeline.workers:" in info.value.message
    assert "integer" in info.value.message


def test_missing_master_data_files_stop_start_up(tmp_path: Path):
    path = write_config(tmp_path)
    (tmp_path / "masterdata" / "customers.csv").unlink()
    result = run_cli("--config", str(path), "run")
    assert result.returncode == 2
    assert "master_data.path" in result.stderr and "customers.csv" in result.stderr


def test_every_problem_is_listed_not_just_the_first(tmp_path: Path):
    path = write_config(tmp_path)
    path.write_text(path.read_text() + '\n[smtp]\nport = "x"\nbogus = 1\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "smtp.port" in info.value.message and "smtp.bogus: unknown key" in info.value.message


def test_webhook_secret_must_come_from_the_named_environment_variable(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("ERP_HOOK_SECRET", raising=False)
    path = write_config(tmp_path, {"delivery": {"sink": "webhook", "webhook": {
        "url": "http://127.0.0.1:9/x", "secret_env": "ERP_HOOK_SECRET"}}})
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "delivery.webhook.secret_env" in info.value.message and "ERP_HOOK_SECRET" in info.value.message
    monkeypatch.setenv("ERP_HOOK_SECRET", "s3cret")
    assert load_config(path).delivery.webhook.secret_env == "ERP_HOOK_SECRET"


def test_published_order_schema_is_current():
    published = json.loads((REPO / "docs" / "order.schema.json").read_text())
    assert published == json.loads(json.dumps(order_json_schema())), \
        "run `gateway schema --write docs/order.schema.json`"


def test_invalid_toml_is_reported_with_the_file(tmp_path: Path):
    path = tmp_path / "bad.toml"
    path.write_text("[http\nport = 1")
    result = run_cli("check-config", "--config", str(path))
    assert result.returncode == 2 and str(path) in result.stderr


def test_a_console_user_with_a_plain_password_is_refused_and_a_pbkdf2_hash_accepted(tmp_path: Path):
    from gateway.passwords import _b64
    pbkdf2 = f"pbkdf2_sha256$100000${_b64(b'salt-1234567')}${_b64(b'd' * 32)}"
    for value, ok in (("hunter2", False), (pbkdf2, True)):
        path = write_config(tmp_path / str(ok), {"console": {"users": [{"username": "ann", "password_hash": value}]}})
        result = run_cli("check-config", "--config", str(path))
        assert result.returncode == (0 if ok else 2), result.stderr
        if not ok:
            assert "console.users[0].password_hash" in result.stderr and "hunter2" not in result.stderr


def test_hash_password_prints_a_hash_the_config_accepts():
    result = subprocess.run([sys.executable, "-m", "gateway.cli", "hash-password"], input="s3cret\n",
                            capture_output=True, text=True, cwd=REPO, timeout=60)
    from gateway.passwords import parse_password_hash
    assert result.returncode == 0 and parse_password_hash(result.stdout.strip()).matches("s3cret")


@pytest.mark.parametrize(("relay", "error"), [
    ({"host": "mail example.com"}, "smtp.relay.host"),
    ({"host": ""}, "smtp.relay.host"),
    ({"host": "mail.example.com", "from_address": "Orders <orders@example.com>"}, "smtp.relay.from_address"),
    ({"host": "mail.example.com", "from_address": "orders@example.com\r\nBcc: all@example.com"},
     "smtp.relay.from_address"),
    ({"host": "mail.example.com", "username": "orders"}, "username and password_env go together"),
    ({"host": "mail.example.com", "username": "orders", "password_env": "GW_TEST_RELAY_PW", "starttls": False},
     "never sent without STARTTLS"),
    ({"host": "mail.example.com", "port": 0}, "smtp.relay.port"),
    ({"host": "mail.example.com", "username": "orders", "password_env": "GW_TEST_RELAY_UNSET"},
     "environment variable GW_TEST_RELAY_UNSET is not set"),
])
def test_the_mail_relay_is_checked_strictly(tmp_path: Path, monkeypatch, relay, error):
    monkeypatch.setenv("GW_TEST_RELAY_PW", "secret")
    monkeypatch.delenv("GW_TEST_RELAY_UNSET", raising=False)
    path = write_config(tmp_path / "gw", {"smtp": {"enabled": False, "relay": relay}})
    with pytest.raises(ConfigError, match=error):
        load_config(path)


def test_a_relay_on_this_machine_may_take_a_password_without_starttls(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GW_TEST_RELAY_PW", "secret")
    path = write_config(tmp_path / "gw", {"smtp": {"enabled": False, "relay": {
        "host": "127.0.0.1", "port": 2525, "starttls": False, "username": "orders", "password_env": "GW_TEST_RELAY_PW",
        "from_address": "orders@example.com"}}})
    assert load_config(path).smtp.relay.username == "orders"
