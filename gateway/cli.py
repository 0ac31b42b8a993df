"""The ``gateway`` command: run the server, check the config, and one-shot tools for IT.

Exit codes: 0 ok, 1 a document could not be read or handed over (``replay``: an order a person had to
correct would go out untouched), 2 usage or configuration errors.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import json
import os
import sys
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

from gateway.config import Config, load_config, resolve_secret
from gateway.errors import ConfigError, GatewayError
from gateway.logs import configure_logging

DEFAULT_CONFIG = Path("config/gateway.toml")


def _config(args: argparse.Namespace) -> Config:
    return load_config(Path(args.config))


def cmd_run(args: argparse.Namespace) -> int:
    config = _config(args)
    configure_logging(config.gateway.log_level, config.gateway.log_format)
    from gateway.app import serve
    try:
        asyncio.run(serve(config))
    except OSError as exc:  # a listener's address is taken or not ours: one line, not a traceback
        if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
            raise
        print(f"gateway: cannot listen: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_check_config(args: argparse.Namespace) -> int:
    config = _config(args)
    from connectors.sftp_auth import load_credentials
    from gateway.app import build_context
    ctx = build_context(config)  # mappings, code lists, master data and plug-ins load too
    if ctx.master_data.error:
        raise ConfigError(f"master data invalid: {ctx.master_data.error}")
    ctx.registry.configured_sources(config)  # every source section validated by its own config model
    ctx.registry.check_settings(config)  # and the selected sink's and transports' [extra.<kind>] tables
    load_credentials(config.sftp.accounts)
    print(f"{args.config}: ok")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    config = _config(args)
    configure_logging("warning", "console")
    from gateway.oneshot import extract_file
    path = Path(args.file)
    if not path.is_file():
        print(f"gateway extract: {args.file}: {'not a file' if path.exists() else 'no such file'}", file=sys.stderr)
        return 2
    try:
        result = extract_file(config, path, channel=args.channel, sender=args.sender, partner=args.partner)
    except OSError as exc:  # unreadable (permissions, a file gone meanwhile)
        print(f"gateway extract: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    return 0 if result.get("orders") or result.get("parts") else 1


def cmd_ingest(args: argparse.Namespace) -> int:
    config = _config(args)
    path = Path(args.file)
    key = resolve_secret(config.http.api_key_env, config.http.api_key_file)
    if not key:
        raise ConfigError(f"{args.config}: http.api_key_env: no API key found")
    url = args.url or f"http://{config.http.host}:{config.http.port}"
    req = urllib.request.Request(f"{url}/v1/documents", data=path.read_bytes(), method="POST", headers={
        "X-API-Key": key, "X-Filename": path.name, "Content-Type": "application/octet-stream",
        **({"X-Partner": args.partner} if args.partner else {})})
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            print(resp.read().decode())
            return 0
    except urllib.error.HTTPError as exc:
        print(exc.read().decode(), file=sys.stderr)
        return 1


def _since(text: str) -> timedelta:
    """``7d``, ``12h`` or ``30m`` as a time span."""
    units = {"d": "days", "h": "hours", "m": "minutes"}
    try:
        if text[-1:] not in units or int(text[:-1]) <= 0:
            raise ValueError
        return timedelta(**{units[text[-1]]: int(text[:-1])})
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a positive number of days, hours or minutes "
                                         "(7d, 12h, 30m)") from None


REPLAY_EXIT_CODES = """exit codes:
  0  replayed; no order a person corrected or rejected would go out untouched
  1  an order a person had to correct (still wrong) or rejected would go out untouched
  2  usage or configuration error (no journal or archive, a journal of another schema version, invalid
     master data or mappings, an unknown channel, an --html path that cannot or must not be written), or
     documents that could not be replayed (archive file missing) without --accept-unreplayed"""


def cmd_replay(args: argparse.Namespace) -> int:
    """Exit 1 when the new configuration would send out untouched an order a person had to correct."""
    new = _config(args)
    store = load_config(Path(args.store)) if args.store else new
    configure_logging("warning", "console")
    from gateway.replay.run import Selection, close_replay, replay
    from gateway.replay.report import progress_bar, render_html, render_json, render_text
    documents = None
    if args.documents:
        try:
            documents = Path(args.documents).read_text().split()
        except OSError as exc:
            raise ConfigError(f"{args.documents}: {exc.strerror}") from None
    if args.html:
        check_report_path(Path(args.html), store)
    selection = Selection(since=datetime.now(UTC) - args.since if args.since is not None else None,
                          customer=args.customer, channel=args.channel, documents=documents)

    async def run() -> dict:
        results, totals, ctx = await replay(new, store, selection, progress_bar())
        try:
            sys.stdout.write(render_json(results, totals) + "\n" if args.json else render_text(results, totals))
            if args.html:
                Path(args.html).write_text(await render_html(ctx, results, totals), encoding="utf-8")
        finally:
            await close_replay(ctx)
        return totals
    try:
        totals = asyncio.run(run())
    except ConfigError:
        raise
    except Exception as exc:  # exit 1 means one thing to CI: a corrected order would go out untouched
        print(f"replay failed: {exc}", file=sys.stderr)
        return 2
    for note in totals["selection"]:
        print(f"replay: {note}", file=sys.stderr)
    return replay_exit_code(totals, args.accept_unreplayed)


def check_report_path(path: Path, store: Config) -> None:
    """Raises ConfigError, before anything is replayed, when the report cannot be written to ``path``
    or would land in the store's own folders (where it could overwrite the journal or an archived file)."""
    target = path.resolve()
    folders = [store.gateway.data_dir, store.archive.path]
    if store.journal.backend == "sqlite":
        folders += [store.journal.sqlite_path.parent]
    for folder in (f.resolve() for f in folders):
        if target == folder or target.is_relative_to(folder):
            raise ConfigError(f"--html {path}: inside the store's folder {folder}: write the report elsewhere")
    if not target.parent.is_dir():
        raise ConfigError(f"--html {path}: no folder {target.parent}")
    if target.is_dir():
        raise ConfigError(f"--html {path}: is a folder, expected a file name")
    if not os.access(target.parent, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise ConfigError(f"--html {path}: not writable")


def replay_exit_code(totals: dict, accept_unreplayed: bool) -> int:
    """2 when a document could not be replayed (the gate saw only part of the traffic) unless accepted,
    1 when a corrected or rejected order would go out untouched, else 0."""
    if (unreplayed := totals["could_not_replay"]) and not accept_unreplayed:
        print(f"replay: {len(unreplayed)} document(s) could not be replayed ({', '.join(unreplayed[:10])}"
              f"{', ...' if len(unreplayed) > 10 else ''}); pass --accept-unreplayed to accept", file=sys.stderr)
        return 2
    return 1 if totals["untouched_but_corrected_or_rejected"] else 0


def cmd_plugins(args: argparse.Namespace) -> int:
    """What is installed, with each one's class, config model and origin. No config file is needed; with
    ``--config`` the configuration is validated too (its sources', sink's and transports' sections)."""
    from gateway.registry import build_registry
    if not args.config_given:
        print(json.dumps(build_registry().describe(with_models=True), indent=2))
        return 0
    config = _config(args)
    registry = build_registry(config.gateway.mappings_dir.resolve())
    registry.configured_sources(config)
    registry.check_settings(config)
    print(json.dumps(registry.describe(with_models=True), indent=2))
    print(f"{args.config}: ok", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from gateway.model import order_json_schema
    text = json.dumps(order_json_schema(), indent=2, sort_keys=True) + "\n"
    if args.write:
        Path(args.write).write_text(text)
    else:
        sys.stdout.write(text)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    config = _config(args)
    configure_logging("warning", "console")  # stdout carries the JSON only
    from gateway.status import print_status
    return asyncio.run(print_status(config))


def _date(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (2026-01-31 or 2026-01-31T12:00)") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def cmd_retained(args: argparse.Namespace) -> int:
    """Orders moved out by retention, one JSON object a line (read-only, beside a running gateway)."""
    config = _config(args)
    configure_logging("warning", "console")
    from gateway.replay.snapshot import open_replay_journal

    async def run() -> list[dict]:
        journal = open_replay_journal(config)
        await journal.open()
        try:
            return await journal.retained_orders(customer_id=args.customer, po_number=args.po, since=args.since,
                                                 until=args.until, limit=args.limit)
        finally:
            await journal.close()
    for row in asyncio.run(run()):
        print(json.dumps(row, default=str))
    return 0


def cmd_hash_password(_args: argparse.Namespace) -> int:
    """Print a hash for a ``password_hash`` key (SMTP, SFTP, console); the password is read from the
    terminal (asked twice) or from the first line of standard input."""
    import getpass

    from gateway.passwords import hash_password
    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("passwords differ", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        print("empty password", file=sys.stderr)
        return 1
    print(hash_password(password))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gateway", description="Order-capture and EDI gateway")
    p.add_argument("--config", "-c", default=None, help=f"TOML configuration file (default {DEFAULT_CONFIG})")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start the gateway").set_defaults(fn=cmd_run)
    sub.add_parser("check-config", help="validate the configuration and exit").set_defaults(fn=cmd_check_config)
    ex = sub.add_parser("extract", help="read one file and print its normalized orders (no delivery)")
    ex.add_argument("file")
    ex.add_argument("--channel", default="cli")
    ex.add_argument("--sender")
    ex.add_argument("--partner")
    ex.set_defaults(fn=cmd_extract)
    ing = sub.add_parser("ingest", help="hand one file to a running gateway over HTTP")
    ing.add_argument("file")
    ing.add_argument("--url")
    ing.add_argument("--partner")
    ing.set_defaults(fn=cmd_ingest)
    rp = sub.add_parser("replay", help="run past documents of a store with this config and compare (writes nothing)",
                        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=REPLAY_EXIT_CODES)
    rp.add_argument("--config", "-c", default=argparse.SUPPRESS,
                    help="the changed configuration to replay with (TOML file; default config/gateway.toml)")
    rp.add_argument("--store", help="config whose journal and archive are replayed (default: --config's)")
    rp.add_argument("--since", type=_since, help="documents received in the last 7d, 12h, 30m")
    rp.add_argument("--customer", help="documents of one customer id")
    rp.add_argument("--channel", help="documents of one channel (fax, smtp, http, sftp...)")
    rp.add_argument("--documents", help="file listing the document ids to replay")
    rp.add_argument("--json", action="store_true", help="print the report as JSON")
    rp.add_argument("--html", help="also write an HTML report with page images to this file")
    rp.add_argument("--accept-unreplayed", action="store_true",
                    help="do not fail (exit 2) when some documents could not be replayed (archive file missing)")
    rp.set_defaults(fn=cmd_replay)
    sub.add_parser("plugins", help="list the installed extractors, sources, sinks and acknowledgement transports "
                   "(no config needed; with --config, validate it too)").set_defaults(fn=cmd_plugins)
    sch = sub.add_parser("schema", help="print the normalized order JSON Schema")
    sch.add_argument("--write")
    sch.set_defaults(fn=cmd_schema)
    sub.add_parser("status", help="nodes, leases and work in flight").set_defaults(fn=cmd_status)
    rt = sub.add_parser("retained", help="orders moved out of the hot tables by [retention] (JSON lines)")
    rt.add_argument("--customer", help="one customer id")
    rt.add_argument("--po", help="one PO number (any case and separators)")
    rt.add_argument("--since", type=_date, help="received on or after (ISO date, UTC unless given)")
    rt.add_argument("--until", type=_date, help="received before (ISO date)")
    rt.add_argument("--limit", type=int, default=100)
    rt.set_defaults(fn=cmd_retained)
    sub.add_parser("hash-password", help="print a password hash for the config (read from stdin or asked)"
                   ).set_defaults(fn=cmd_hash_password)
    return p


def _global_config_flag(argv: list[str]) -> list[str]:
    """Accept --config after the sub-command too (``gateway run --config x.toml``)."""
    out, moved = [], []
    i = 0
    while i < len(argv):
        if argv[i] in ("--config", "-c") and i + 1 < len(argv):
            moved += [argv[i], argv[i + 1]]
            i += 2
        elif argv[i].startswith("--config="):
            moved.append(argv[i])
            i += 1
        else:
            out.append(argv[i])
            i += 1
    return moved + out


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(_global_config_flag(list(sys.argv[1:] if argv is None else argv)))
    args.config_given = args.config is not None
    args.config = args.config or str(DEFAULT_CONFIG)
    try:
        return args.fn(args)
    except ConfigError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except GatewayError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
