"""The configuration: one TOML file, read once at start-up and validated into strict models.

Unknown keys, wrong types and missing files are errors that read ``file: key: reason``; the CLI turns
them into exit code 2. Relative paths are resolved against the directory the gateway is started from.
Secrets are never in the file: the file names an environment variable (``*_env`` keys) and, for the
embedded default only, a file under ``var/secrets`` that the gateway creates on first start.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, ValidationError, ValidationInfo, field_validator,
    model_validator,
)

from gateway.config_decide import DecideSection
from gateway.config_own import OwnCompanySection
from gateway.errors import ConfigError


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


Port = Annotated[int, Field(ge=0, le=65535)]
PositiveInt = Annotated[int, Field(gt=0)]


class GatewaySection(Section):
    node_id: str = ""
    data_dir: Path = Path("var")
    mappings_dir: Path = Path("mappings")
    templates_dir: Path | None = None  # layout templates; default mappings_dir/templates (not its samples/)
    timezone: str = "UTC"
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["json", "console", "auto"] = "auto"
    edi_id: str = "GATEWAY"  # our id in EDI envelopes of acknowledgements
    edi_qualifier: str = "ZZ"
    node_forget_after_s: float = Field(3600.0, gt=0)  # a node silent this long leaves `gateway status`


class JournalSection(Section):
    backend: Literal["sqlite", "postgresql"] = "sqlite"
    sqlite_path: Path = Path("var/journal.sqlite3")
    dsn_env: str = "GATEWAY_PG_DSN"


class ArchiveSection(Section):
    backend: Literal["folder", "database"] = "folder"
    path: Path = Path("var/archive")


class LimitsSection(Section):
    max_document_bytes: PositiveInt = 50 * 1024 * 1024
    max_xml_depth: PositiveInt = 200
    max_xml_nodes: PositiveInt = 2_000_000
    max_pages: PositiveInt = 50
    max_image_pixels: PositiveInt = 60_000_000
    max_zip_members: PositiveInt = 200
    max_zip_total_bytes: PositiveInt = 200 * 1024 * 1024
    max_zip_ratio: PositiveInt = 200
    max_nesting: PositiveInt = 4
    ocr_page_timeout_s: float = Field(120.0, gt=0)


class PipelineSection(Section):
    workers: PositiveInt = 4
    process_pool: PositiveInt = 2
    queue_size: PositiveInt = 256
    lease_seconds: PositiveInt = 300
    max_attempts: PositiveInt = 5
    retry_backoff_s: float = Field(5.0, ge=0)
    review_threshold: float = Field(0.9, ge=0, le=1)
    languages: list[str] = ["eng", "fra", "deu"]
    sla_hours: float = Field(4.0, gt=0)
    backlog_limit: int = Field(0, ge=0)  # documents waiting past which channels say "later" (0: none)
    backlog_retry_after_s: PositiveInt = 10  # the Retry-After a refused sender is given


class MasterDataSection(Section):
    path: Path = Path("mappings/masterdata")
    columns: dict[Literal["customers", "products", "item_xref"], dict[str, str]] = {}


class HttpSection(Section):
    enabled: bool = True
    host: str = "127.0.0.1"
    port: Port = 8080
    max_body_bytes: PositiveInt = 20 * 1024 * 1024
    api_key_env: str = "GATEWAY_API_KEY"
    api_key_file: Path | None = Path("var/secrets/api_key")
    public_url: str | None = None


class FileSinkSection(Section):
    path: Path = Path("var/erp/outbox")


class WebhookSinkSection(Section):
    url: str
    secret_env: str = "GATEWAY_WEBHOOK_SECRET"
    timeout_s: float = Field(10.0, gt=0)
    signature_header: str = "X-Gateway-Signature"


class DeliverySection(Section):
    sink: str = "file"  # a registered sink kind (built-in or entry point), checked by Config
    max_attempts: PositiveInt = 12
    backoff_initial_s: float = Field(1.0, gt=0)
    backoff_max_s: float = Field(300.0, gt=0)
    concurrency: PositiveInt = 4  # orders sent at once to a sink that takes one at a time (webhook)
    batch: int = Field(64, ge=1, le=512)  # orders claimed at once for a sink that takes a batch (file)
    file: FileSinkSection = FileSinkSection()
    webhook: WebhookSinkSection | None = None


class SmtpAuthUser(Section):
    """An SMTP AUTH user. The password is given as a hash made by ``connectors.smtp.hash_password``
    (``scrypt$N$r$p$salt$hash`` or ``pbkdf2_sha256$iterations$salt$hash``), never in plain text."""

    username: str
    password_hash_env: str | None = None  # env var with a scrypt/pbkdf2 hash
    password_hash: str | None = None  # a hash (never a plain password)


HOSTNAME = r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
ADDR_SPEC = r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$"
LOOPBACK = ("127.0.0.1", "::1", "localhost")


class SmtpRelay(Section):
    """The mail server the gateway sends through (EDI acknowledgements, replies to customers).

    Checked strictly at start-up: a host name or address, a plain ``from_address`` (no display name,
    no line breaks), a user only with its password variable and the other way round, and never a
    password over a connection without STARTTLS unless the relay is on this machine."""

    host: str = Field(max_length=253, pattern=HOSTNAME + "|^[0-9A-Fa-f:.]+$")
    port: int = Field(25, ge=1, le=65535)
    # STARTTLS: true always, false never (a relay on this machine), unset (default) whenever the relay offers
    # it, and always when a username is set (a password never goes in clear)
    starttls: bool | None = None
    username: str | None = Field(None, min_length=1, pattern=r"^[^\s]+$")
    password_env: str | None = Field(None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")  # holds the relay password
    from_address: str = Field("orders@gateway.localhost", pattern=ADDR_SPEC)
    timeout_s: float = Field(30.0, gt=0, le=600)

    @model_validator(mode="after")
    def _credentials(self) -> SmtpRelay:
        if bool(self.username) != bool(self.password_env):
            raise ValueError("smtp.relay: username and password_env go together")
        if self.username and self.starttls is False and self.host not in LOOPBACK:
            raise ValueError("smtp.relay: a password is never sent without STARTTLS (starttls = false with "
                             "a username is only allowed for a relay on this machine)")
        return self


class FaxMailbox(Section):
    """A fax server that sends each fax it receives as an e-mail ("Fax from +33 1 45 67 89 10", the fax
    as a PDF or TIFF attached): its messages are faxes of the number its subject names, identified by
    that calling number as a fax-folder fax is (``metadata.fax_number``), never by the server's own
    address. A message is the fax server's when it is sent to ``recipient`` and/or from ``sender`` (at
    least one of them given; both must match when both are). ``subject_pattern`` finds the number (its
    group ``sender``); a message whose subject names none is an ordinary e-mail."""

    recipient: str | None = Field(None, pattern=ADDR_SPEC)  # the mailbox the fax server writes to
    sender: str | None = Field(None, pattern=ADDR_SPEC)  # the fax server's From address
    # The number: digit groups joined by one space, dot, hyphen or slash (a "(0)" allowed), so it ends at
    # " - 2 pages", " / 2 Seiten", "(2 pages)", ", 14:32" or a date typed after it: a group followed by a page
    # word, a time or a date is no part of it (its digits would make another customer's number).
    subject_pattern: str = (r"(?i)\b(?:fax|telefax|t[ée]l[ée]copie)\s+(?:from|von|de|received\s+from|re[çc]ue?\s+de)"
                            r"\s*:?\s*(?P<sender>\+?(?:\(\d{1,5}\)\s?)?\d+(?:(?!\s\d{1,2}[./]\d{1,2}[./]\d{2,4}\b)[ ./-]?(?:\(\d{1,5}\)\s?)?\d+(?!\d)"
                            r"(?!\s*(?:pages?|pp?\.|seiten?|s\.|bl(?:att|\.)|feuilles?|sheets?|p\b)(?![^\W\d_]))"
                            r"(?![:h]\d))*)")

    @model_validator(mode="after")
    def _matches_something(self) -> FaxMailbox:
        if not (self.recipient or self.sender):
            raise ValueError("smtp.fax_mailboxes: give recipient, sender or both")
        try:
            compiled = re.compile(self.subject_pattern)
        except re.error as exc:
            raise ValueError(f"smtp.fax_mailboxes: subject_pattern does not compile: {exc}") from exc
        if "sender" not in compiled.groupindex:
            raise ValueError("smtp.fax_mailboxes: subject_pattern needs a group named sender")
        return self

    def calling_number(self, subject: str | None, sender: str | None, recipients: list[str]) -> str | None:
        """The fax number a message of this fax server is from, or None when the message is not one."""
        if self.recipient and self.recipient.lower() not in {r.lower() for r in recipients}:
            return None
        if self.sender and (sender or "").lower() != self.sender.lower():
            return None
        found = re.search(self.subject_pattern, subject or "")
        return found.group("sender").strip() if found else None


class SmtpSection(Section):
    enabled: bool = True
    host: str = "127.0.0.1"
    port: Port = 2525  # 0 picks a free port (tests)
    hostname: str = "gateway.localhost"
    recipients: list[str] = ["orders@gateway.localhost"]
    recipient_domains: list[str] = []
    max_recipients: PositiveInt = 100  # per message; more get 452
    max_message_bytes: PositiveInt = 30 * 1024 * 1024
    tls_cert: Path | None = Path("var/tls/smtp.crt")
    tls_key: Path | None = Path("var/tls/smtp.key")
    generate_self_signed: bool = True
    require_tls: bool = False
    auth_required: bool = False
    auth_require_tls: bool = True  # AUTH offered only after STARTTLS
    users: list[SmtpAuthUser] = []
    internal_domains: list[str] = []  # sales reps forwarding customer mail
    fax_mailboxes: list[FaxMailbox] = []  # fax servers that e-mail their faxes: identified by the calling number
    relay: SmtpRelay | None = None  # outgoing mail (acknowledgements); none configured by default
    timeout_s: float = Field(300.0, gt=0)  # idle session timeout


class SftpAccount(Section):
    username: str = Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$")  # names its home folder
    partner: str  # partner or customer id the account stands for
    authorized_keys: list[str] = []  # OpenSSH public key lines
    authorized_keys_file: Path | None = None
    password_hash: str | None = None  # pbkdf2/scrypt hash, never a plain password
    password_hash_env: str | None = None
    max_file_bytes: PositiveInt = 50 * 1024 * 1024
    max_files: PositiveInt = 1000


class SftpSection(Section):
    enabled: bool = True
    host: str = "127.0.0.1"
    port: Port = 2222
    root: Path = Path("var/sftp")
    host_key: Path = Path("var/secrets/sftp_host_key")
    accounts: list[SftpAccount] = []
    # uploads under these names are not taken at close, only once renamed to another name in in/
    temp_patterns: list[str] = [".*", "*.part", "*.tmp", "*.filepart"]
    login_timeout_s: float = Field(120.0, gt=0)  # longer than [logins] max_source_delay_s (checked)


class FolderSection(Section):
    name: str
    path: Path
    channel: str | None = None
    processed: Path | None = None
    failed: Path | None = None
    patterns: list[str] = ["*"]
    ignore_patterns: list[str] = [".*", "*.part", "*.tmp", "*.meta"]
    stable_seconds: float = Field(2.0, ge=0)
    poll_seconds: float = Field(1.0, gt=0)
    filename_pattern: str | None = None  # regex with named groups: sender, received, pages
    sidecar: Literal["none", "hylafax", "json"] = "none"
    sidecar_wait_seconds: float = Field(5.0, ge=0)  # how long a ready file waits for its sidecar
    partner: str | None = None
    recursive: bool = True  # also take files in sub-folders (hidden ones are skipped)

    @field_validator("filename_pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        import re
        if value:
            try:
                groups = set(re.compile(value).groupindex)
            except re.error as exc:
                raise ValueError(f"not a regular expression: {exc}") from None
            if unknown := groups - {"sender", "received", "pages"}:
                raise ValueError(f"unknown named group(s): {', '.join(sorted(unknown))}")
        return value


class PartnerAck(Section):
    edifact: Literal["none", "contrl"] = "contrl"
    x12: Literal["none", "997", "999"] = "997"
    via: str = "channel"  # channel, none, or a registered ack transport kind, checked by Config
    callback_url: str | None = None
    email: str | None = None
    order_response: bool = False  # an ORDRSP (EDIFACT) or 855 (X12) once the ERP has taken the order


# The ids a partner's documents carry, each naming that partner alone (``Config._partner_ids_unique``)
PARTNER_ID_LISTS = ("edifact_ids", "x12_ids", "cxml_ids", "ubl_endpoints", "opentrans_ids")
# an openTRANS buyer PARTY_ID: "type:value" as written ("iln:4012345000009", "buyer_specific:K-17"), or the bare
# value of a global id only, a GLN (13 digits) or DUNS (9 digits): a bare "100" would match every buyer's own 100
_OPENTRANS_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*:\S(?:.*\S)?|\d{13}|\d{9}")


class PartnerSection(Section):
    id: str
    customer_id: str
    edifact_ids: list[str] = []
    x12_ids: list[str] = []
    cxml_ids: list[str] = []
    ubl_endpoints: list[str] = []
    opentrans_ids: list[str] = []  # the buyer's PARTY_ID in an openTRANS order: "type:value" as written, or a GLN/DUNS

    @field_validator(*PARTNER_ID_LISTS)
    @classmethod
    def _ids_written_plainly(cls, values: list[str], info: ValidationInfo) -> list[str]:
        for value in values:
            if not value.strip() or value != value.strip():
                raise ValueError(f"{value!r}: an empty id or one with spaces around it matches nothing as written")
            if info.field_name == "opentrans_ids" and (not _OPENTRANS_ID.fullmatch(value)
                                                       or re.search(r"\s:|:\s", value)):
                raise ValueError(f"{value!r}: write an openTRANS buyer id as type:value (\"iln:4012345000009\", "
                                 f"\"buyer_specific:K-17\") or a bare GLN (13 digits) or DUNS (9 digits)")
        return values
    sftp_account: str | None = None
    # the environment variable holding the SharedSecret the partner's cXML Sender credential carries: a cXML whose
    # From credential names this partner's customer is trusted on it only with that secret, or from a channel that
    # proves the customer (its account, its mailbox on file); else the customer is a weak id (CUSTOMER-WEAK-ID)
    cxml_secret_env: str | None = Field(None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    sends_for: list[str] = []  # partner or customer ids this partner may send orders for (a VAN, a buying group)
    languages: list[str] = []
    template: str | None = None
    review_threshold: float | None = Field(None, ge=0, le=1)
    ack: PartnerAck = PartnerAck()


class ConsoleUser(Section):
    """One person who may log in to the operator console."""

    username: str = Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}$")
    password_hash: str  # a gateway.passwords hash (scrypt or pbkdf2-sha256), never plain
    role: Literal["operator", "supervisor", "read-only"] = "operator"

    @field_validator("password_hash")
    @classmethod
    def _looks_hashed(cls, value: str) -> str:
        from gateway.passwords import PasswordHashError, parse_password_hash
        try:
            parse_password_hash(value)
        except PasswordHashError as exc:
            raise ValueError(f"{exc.message}; make one with `gateway hash-password`, never a plain password") \
                from None
        return value


class ConsoleSection(Section):
    users: list[ConsoleUser] = []
    session_ttl_minutes: PositiveInt = 480

    @field_validator("users")
    @classmethod
    def _unique_usernames(cls, users: list[ConsoleUser]) -> list[ConsoleUser]:
        names = [u.username for u in users]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise ValueError(f"duplicate console user(s): {', '.join(sorted(dupes))}")
        return users


class LoginsSection(Section):
    """Backoff for password logins on every channel (SFTP, SMTP AUTH, console): see gateway.login_limits."""

    base_delay_s: float = Field(1.0, gt=0, le=60)  # the pause after a source's first failure
    factor: float = Field(2.0, ge=1, le=10)  # each further failure multiplies it
    max_source_delay_s: float = Field(60.0, gt=0, le=3600)
    max_account_delay_s: float = Field(8.0, ge=0, le=600)  # others' failures never delay a user longer
    forget_after_s: float = Field(900.0, gt=0, le=86400)  # failures older than this are forgotten
    max_checks_per_source: PositiveInt = 30  # password hashes one address may cause per forget_after_s
    max_waiting_per_source: PositiveInt = 4  # attempts from one address waiting at once; more are refused
    max_concurrent_checks: PositiveInt = 2  # password hashes running at once, all addresses together
    trust_after_login_s: float = Field(30 * 86400.0, ge=0)  # an address that logged in is not slowed by
    # failures on that account from elsewhere for this long

    @model_validator(mode="after")
    def _delays_ordered(self) -> LoginsSection:
        if self.max_source_delay_s < self.base_delay_s:
            raise ValueError("max_source_delay_s must be at least base_delay_s")
        return self


class RetentionSection(Section):
    """Concluded documents (processed, duplicate, not an order, split) whose orders are all delivered,
    duplicates or rejected, with nothing of theirs still to send, move with their orders, events and
    deliveries to the ``*_retained`` tables once older than ``after_days`` (received and last changed),
    checked every ``every_s`` seconds, ``batch`` documents per transaction. They stay queryable
    (``gateway retained``, the API's look-ups by id) and dedup still finds them: a resend within the
    dedup window is caught however old the original's move. Strict types: "30" is not a number."""

    enabled: StrictBool = False
    after_days: Annotated[StrictInt, Field(gt=0, le=36500)] = 90
    every_s: Annotated[StrictFloat | StrictInt, Field(gt=0, le=86400)] = 600.0
    batch: Annotated[StrictInt, Field(gt=0, le=10000)] = 1000


class Config(Section):
    gateway: GatewaySection = GatewaySection()
    journal: JournalSection = JournalSection()
    archive: ArchiveSection = ArchiveSection()
    limits: LimitsSection = LimitsSection()
    pipeline: PipelineSection = PipelineSection()
    master_data: MasterDataSection = MasterDataSection()
    http: HttpSection = HttpSection()
    delivery: DeliverySection = DeliverySection()
    smtp: SmtpSection = SmtpSection(enabled=False)
    sftp: SftpSection = SftpSection(enabled=False)
    folders: list[FolderSection] = []
    partners: list[PartnerSection] = []
    decide: DecideSection = DecideSection()
    own_company: OwnCompanySection = OwnCompanySection()
    console: ConsoleSection = ConsoleSection()
    logins: LoginsSection = LoginsSection()
    retention: RetentionSection = RetentionSection()
    extra: dict[str, Any] = Field(default_factory=dict, description="settings owned by plug-ins")

    source_file: Path | None = Field(None, exclude=True)

    @model_validator(mode="after")
    def _login_outlasts_backoff(self) -> Config:
        """A slowed SFTP login must be answered before the connection's login timeout cuts it off."""
        if self.sftp.enabled and self.sftp.login_timeout_s <= self.logins.max_source_delay_s:
            raise ValueError(f"sftp.login_timeout_s ({self.sftp.login_timeout_s:g}) must be longer than "
                             f"logins.max_source_delay_s ({self.logins.max_source_delay_s:g})")
        return self

    @model_validator(mode="after")
    def _partner_ids_unique(self) -> Config:
        """An envelope or buyer id names one partner: listed under two, the first would win silently."""
        owners: dict[tuple[str, str], str] = {}
        problems: list[str] = []
        for partner in self.partners:
            for attr in PARTNER_ID_LISTS:
                for value in getattr(partner, attr):
                    key = (attr, value.upper())
                    if owners.setdefault(key, partner.id) != partner.id:
                        problems.append(f"partners.{attr}: {value!r} is listed under both {owners[key]!r} and "
                                        f"{partner.id!r}; an id names one partner")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @model_validator(mode="after")
    def _registered_kinds(self) -> Config:
        """``[delivery] sink`` and ``[partners.ack] via`` name kinds the registry knows (built-in or plug-in)."""
        from gateway.registry import ACK_VIA_BUILTIN, plugin_names
        problems: list[str] = []
        if self.delivery.sink not in (sinks := plugin_names("sink")):
            problems.append(f"delivery.sink: no sink named {self.delivery.sink!r}; known: {', '.join(sinks)}")
        vias = [*ACK_VIA_BUILTIN, *plugin_names("ack_transport")]
        for i, partner in enumerate(self.partners):
            if partner.ack.via not in vias:
                problems.append(f"partners[{i}].ack.via: no acknowledgement transport named "
                                f"{partner.ack.via!r}; known: {', '.join(vias)}")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @field_validator("folders")
    @classmethod
    def _unique_folder_names(cls, folders: list[FolderSection]) -> list[FolderSection]:
        names = [f.name for f in folders]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            raise ValueError(f"duplicate folder name(s): {', '.join(sorted(dupes))}")
        return folders

    @property
    def node_id(self) -> str:
        return self.gateway.node_id or f"{socket.gethostname()}-{os.getpid()}"

    def partner(self, partner_id: str | None) -> PartnerSection | None:
        return next((p for p in self.partners if p.id == partner_id), None) if partner_id else None


def _format_location(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}[{item}]"] if parts else [f"[{item}]"]
        else:
            parts.append(str(item))
    return ".".join(parts)


def _reason(err: dict[str, Any]) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key"
    if err["type"] == "missing":
        return "required key is missing"
    if err["type"] == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return str(err["msg"])


def parse_config(data: dict[str, Any], source: Path | str = "<config>") -> Config:
    """Validate a parsed TOML document; raises ConfigError listing every problem as file: key: reason."""
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        lines = [f"{source}: {_format_location(e['loc'])}: {_reason(e)}" if e["loc"] else f"{source}: {line}"
                 for e in exc.errors() for line in _reason(e).splitlines()]
        raise ConfigError("\n".join(lines)) from None
    config = config.model_copy(update={"source_file": Path(source)})
    check_files(config)
    return config


def load_config(path: Path) -> Config:
    """Read and validate a TOML configuration file; raises ConfigError."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return parse_config(data, path)


def check_files(config: Config) -> None:
    """Files the config names must exist (the ones the gateway creates itself are exempt)."""
    src = config.source_file
    problems: list[str] = []
    md = config.master_data.path
    if not (md / "customers.csv").is_file() or not (md / "products.csv").is_file():
        problems.append(f"{src}: master_data.path: {md} must hold customers.csv and products.csv")
    if not config.gateway.mappings_dir.is_dir():
        problems.append(f"{src}: gateway.mappings_dir: {config.gateway.mappings_dir} is not a folder")
    smtp = config.smtp
    if smtp.enabled and not smtp.generate_self_signed:
        for key, p in (("tls_cert", smtp.tls_cert), ("tls_key", smtp.tls_key)):
            if p is not None and not p.is_file():
                problems.append(f"{src}: smtp.{key}: file not found: {p}")
    for i, acc in enumerate(config.sftp.accounts):
        if acc.authorized_keys_file and not acc.authorized_keys_file.is_file():
            problems.append(f"{src}: sftp.accounts[{i}].authorized_keys_file: file not found")
    if config.delivery.sink == "webhook" and config.delivery.webhook is None:
        problems.append(f"{src}: delivery.webhook: required when delivery.sink = \"webhook\"")
    if config.journal.backend == "postgresql" and not os.environ.get(config.journal.dsn_env):
        problems.append(f"{src}: journal.dsn_env: environment variable {config.journal.dsn_env} is not set")
    wh = config.delivery.webhook
    if config.delivery.sink == "webhook" and wh and not os.environ.get(wh.secret_env):
        problems.append(f"{src}: delivery.webhook.secret_env: environment variable {wh.secret_env} is not set")
    for i, partner in enumerate(config.partners):
        if partner.cxml_secret_env and not os.environ.get(partner.cxml_secret_env):
            problems.append(f"{src}: partners[{i}].cxml_secret_env: environment variable {partner.cxml_secret_env} "
                            f"is not set")
    relay = config.smtp.relay
    if relay is not None and relay.password_env and not os.environ.get(relay.password_env):
        problems.append(f"{src}: smtp.relay.password_env: environment variable {relay.password_env} is not set")
    if problems:
        raise ConfigError("\n".join(problems))


def resolve_secret(env_name: str, fallback_file: Path | None = None, *, create: bool = False) -> str | None:
    """A secret from the environment variable the config names, else from the fallback file.

    With ``create`` the fallback file is made (mode 0600) holding a random value, so the embedded
    default starts without set-up; the value itself is never logged.
    """
    value = os.environ.get(env_name)
    if value:
        return value
    if fallback_file is None:
        return None
    if fallback_file.is_file():
        return fallback_file.read_text(encoding="utf-8").strip() or None
    if not create:
        return None
    fallback_file.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    fd = os.open(fallback_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(token + "\n")
    return token
