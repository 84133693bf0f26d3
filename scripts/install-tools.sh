#!/usr/bin/env bash
# The ecosystem tools the tests check generated output with: promtool
# (Debian's prometheus) and amtool (prometheus-alertmanager). Installed
# only when missing.
set -euo pipefail

if command -v promtool >/dev/null && command -v amtool >/dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends prometheus prometheus-alertmanager
