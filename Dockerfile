# syntax=docker/dockerfile:1
# The single-file sigkit binary in a slim image; by default it serves the mock platform on port 8080.
# Build the binary first, on linux/amd64, then the image:
#   pnpm build:binary && docker build -t sigkit .
#   docker run --rm -p 8080:8080 -e SIGKIT_ADMIN_TOKEN=choose-a-token sigkit
# Bound to 0.0.0.0, the mock's admin API (/__sigkit) wants a token: without SIGKIT_ADMIN_TOKEN it
# generates one at each start and prints it; with it, tools that read the variable send it.
#   docker run --rm sigkit sign xconnect GET /devices

# glibc and libstdc++ (the Node runtime inside the binary links against both): Debian, not Alpine.
FROM debian:bookworm-slim

LABEL org.opencontainers.image.title="sigkit" \
      org.opencontainers.image.description="Conformance kit and mock platform for the xConnect and KX Connect HMAC request-signing schemes" \
      org.opencontainers.image.licenses="MIT"

# A fixed, unprivileged user; its home holds the cache the test vectors are unpacked into for `sigkit check`.
RUN groupadd --system --gid 10001 sigkit \
 && useradd --system --no-log-init --uid 10001 --gid sigkit --create-home --home-dir /home/sigkit --shell /usr/sbin/nologin sigkit

COPY --chmod=0755 dist/sigkit-linux-x64 /usr/local/bin/sigkit

USER sigkit
WORKDIR /home/sigkit
EXPOSE 8080

# Exec form: sigkit is PID 1 and gets docker stop's SIGTERM itself (the mock stops cleanly on it).
ENTRYPOINT ["/usr/local/bin/sigkit"]
CMD ["mock", "--host", "0.0.0.0"]
