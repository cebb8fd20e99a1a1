# The hub image: docker build -f deploy/hub.Dockerfile -t onestop-hub .
FROM python:3.11-slim
WORKDIR /opt/onestop
COPY pyproject.toml README.md ./
COPY wire wire
COPY hub hub
COPY edge_agent edge_agent
COPY firmware_config firmware_config
COPY kiosk kiosk
COPY onestop onestop
RUN pip install --no-cache-dir ".[hub]" && useradd --system --uid 1883 onestop
USER onestop
EXPOSE 8000
# Write the broker's logins from the database (the hub's own included), then serve.
CMD ["sh", "-c", "onestop hub broker-auth && exec onestop hub serve"]
