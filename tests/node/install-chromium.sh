#!/usr/bin/env bash
# Installs Debian's Chromium for the browser e2e tests (Playwright drives it; browser downloads are
# not possible here). Idempotent.
exec bash "$(dirname "$0")/../install-debian-package.sh" chromium /usr/bin/chromium
