"""Sources (smtp, sftp, folder, http) turn bytes into durable envelopes; sinks deliver orders to the ERP."""
