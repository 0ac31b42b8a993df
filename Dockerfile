# The same server as `make run`, in an image: Debian 12, Python 3.11, Tesseract with eng/fra/deu.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 OMP_THREAD_LIMIT=1
WORKDIR /app

COPY scripts/install-system-deps scripts/install-system-deps
RUN sh scripts/install-system-deps --runtime && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md constraints.txt requirements-nodeps.txt ./
COPY scripts/check_headless.py scripts/check_headless.py
COPY gateway gateway
COPY connectors connectors
COPY extractors extractors
COPY writers writers
RUN pip install --no-cache-dir -c constraints.txt . \
 && pip install --no-cache-dir --no-deps -c constraints.txt -r requirements-nodeps.txt \
 && python scripts/check_headless.py

COPY mappings mappings
COPY config config

# var/ holds the journal, the archive and the outbox: mount a volume there.
VOLUME ["/app/var"]
EXPOSE 8080 2525 2222
# config/docker.toml is the embedded default with the listeners bound to every interface.
# The API key is read from GATEWAY_API_KEY, or created under var/secrets on first start.
CMD ["gateway", "run", "--config", "config/docker.toml"]
