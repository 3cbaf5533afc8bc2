#!/usr/bin/env bash
# Installs what a Native AOT publish needs on Linux, from Debian: clang (the ILCompiler links the
# native binary with it) and zlib's headers and static library. Idempotent.
set -euo pipefail
here="$(dirname "$0")/.."
bash "$here/install-debian-package.sh" clang /usr/bin/clang
bash "$here/install-debian-package.sh" zlib1g-dev /usr/include/zlib.h
