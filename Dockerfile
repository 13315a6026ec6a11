# The supplynet API, for use with the Neo4j service of docker-compose.yml.
# Not built or run in this repository's CI (no container engine there).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY graphmodel ./graphmodel
COPY api ./api
COPY cypher ./cypher
RUN pip install . \
    && useradd --create-home --uid 10001 supplynet \
    && mkdir -p /data && chown supplynet /data

# The named statements are read from here (a wheel does not carry cypher/).
ENV SUPPLYNET_CYPHER_DIR=/app/cypher \
    SUPPLYNET_DATA_DIR=/data

USER supplynet
EXPOSE 8000
CMD ["supplynet", "serve", "--host", "0.0.0.0", "--port", "8000"]
