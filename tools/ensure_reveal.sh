#!/usr/bin/env bash
# Install reveal.js (the slide decks of the instructor pack) from the npm registry into
# tools/reveal/node_modules, at the exact version pinned in tools/reveal/package-lock.json.
# tools/build_handouts.py copies it into the build, so the decks work without internet.
# Without npm the build still runs, and says loudly that its decks load reveal.js from the web.
set -u
cd "$(dirname "$0")/reveal" || exit 1
if [ -f node_modules/reveal.js/dist/reveal.js ]; then
  exit 0
fi
if command -v npm >/dev/null 2>&1; then
  echo "ensure_reveal: installing reveal.js from the npm registry (pinned by package-lock.json) ..."
  if npm ci --no-audit --no-fund --silent; then
    exit 0
  fi
fi
echo "################################################################################"
echo "ensure_reveal: reveal.js is NOT installed; the slide decks will need internet."
echo "Install Node.js/npm (sudo apt-get install npm), then run: bash tools/ensure_reveal.sh"
echo "################################################################################"
exit 0
