# Driftwatch: one binary serving the HTTP API on an embedded SQLite store kept in /data.
#
#   docker build -t driftwatch .
#   docker run -p 127.0.0.1:8080:8080 -v driftwatch-data:/data \
#     -v "$PWD/driftwatch.yaml:/etc/driftwatch/driftwatch.yaml:ro" \
#     driftwatch serve --config /etc/driftwatch/driftwatch.yaml
#
# The default command listens on 0.0.0.0:8080, which the server refuses without auth.tokens in a
# configuration file, unless DRIFTWATCH_ALLOW_UNAUTHENTICATED=true is set (docs/deploying.md).

# --- build: a release binary with the Swift runtime linked in statically -------------------------
FROM swift:6.2-bookworm AS build
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product driftwatch --static-swift-stdlib \
 && install -D -m 0755 "$(swift build -c release --show-bin-path)/driftwatch" /out/bin/driftwatch

# --- runtime: slim Debian with the shared libraries the binary still loads ----------------------
FROM debian:bookworm-slim
# libsqlite3-0: the store; libcurl4: Foundation's networking; ca-certificates: https webhooks;
# curl: the HEALTHCHECK. Versions follow the Debian release the image is built from.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl libcurl4 libsqlite3-0 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 driftwatch \
 && useradd --system --uid 10001 --gid driftwatch --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin driftwatch \
 && mkdir -p /data \
 && chown driftwatch:driftwatch /data
# The dashboards' templates sit where `driftwatch render` and dashboards.out look for them:
# dashboards/templates above the executable.
COPY --from=build /out/bin/driftwatch /opt/driftwatch/bin/driftwatch
COPY dashboards/templates /opt/driftwatch/dashboards/templates
ENV PATH=/opt/driftwatch/bin:$PATH
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["curl", "--fail", "--silent", "--show-error", "--output", "/dev/null", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["driftwatch"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--db", "/data/driftwatch.sqlite"]
