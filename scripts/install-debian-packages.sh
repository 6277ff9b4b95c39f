#!/usr/bin/env bash
# The Debian packages Podium's tests use: Chromium (end-to-end tests), and the real
# network tools the integration tests run against (exporters, collectors, dissectors), and
# a C compiler for the flow collector's batched receiver (built by `npm run build`).
# Run as root (or with sudo). `npm start` itself needs none of them.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  chromium xvfb \
  softflowd pmacct nfdump nfdump-sflow tshark tcpdump tcpreplay \
  gcc libc6-dev \
  iproute2 nftables openssh-client procps ca-certificates >/dev/null
echo "Debian packages for Podium's tests are installed."
