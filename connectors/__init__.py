"""Connectors move bytes. Sources (smtp, sftp, sftp_poll, folder, http) hand documents to durable intake;
sinks (file_sink, webhook_sink) deliver orders to the ERP; ``ack_out`` holds the acknowledgement
transports (sftp, http_callback, email). Helpers: ``sftp_auth``, ``sftp_fs``, ``smtp_security``,
``fax_metadata``. All are found through ``gateway.registry``."""
