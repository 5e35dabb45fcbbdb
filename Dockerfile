# The image the GitLab component runs by default: Node.js 24 and the dotstat-action command line,
# as a non-root user. Built by this project's own pipeline (.gitlab-ci.yml) from the package that
# `npm pack` made of the same commit, so nothing is downloaded from a registry at build or run
# time except the Node.js base image.
#
#   npm pack && docker build -t dotstat-action .
#
# Pin the base image by digest when building a release: --build-arg NODE_IMAGE=node:24-alpine@sha256:…
ARG NODE_IMAGE=node:24-alpine
FROM ${NODE_IMAGE}

ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="dotstat-action" \
      org.opencontainers.image.description="Get a .Stat Suite access token from Keycloak in CI, upload SDMX data to the Transfer service and wait for the outcome." \
      org.opencontainers.image.source="https://gitlab.com/sis-cc/dotstat-action" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="MIT"

# The tarball holds dist/ only (no runtime dependency): --offline proves nothing else is fetched.
COPY dotstat-action-${VERSION}.tgz /tmp/dotstat-action.tgz
RUN npm install --global --offline --no-audit --no-fund /tmp/dotstat-action.tgz \
 && rm /tmp/dotstat-action.tgz \
 && npm cache clean --force \
 && dotstat-action --version

# GitLab runs the job's script through a shell: no entrypoint of the base image in between.
ENTRYPOINT []
USER node
WORKDIR /home/node
CMD ["dotstat-action", "--help"]
