#!/usr/bin/env bash
# Installs what Chartroom needs on Debian 12 when it is missing: Tesseract 5
# with English and orientation (OSD) data, the Tesseract/Leptonica headers
# gosseract compiles against, and the PDF tools the tests check with.
# As root it installs them; otherwise it prints the exact command to run.
set -euo pipefail

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in curl tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libtesseract-dev libleptonica-dev g++ pkg-config poppler-utils qpdf; do
  have_pkg "$pkg" || need+=("$pkg")
done
for extra in "$@"; do
  have_pkg "$extra" || need+=("$extra")
done

if ((${#need[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "installing: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Chartroom needs these Debian packages. Install them with:" >&2
    echo "  sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

if ! command -v go >/dev/null; then
  echo "Go 1.26 or newer is required (https://go.dev/dl/); /usr/local/go/bin must be on PATH." >&2
  exit 1
fi
