#!/usr/bin/env bash
# Install reveal.js (the slide decks of the instructor pack) from the npm registry into
# tools/reveal/node_modules, at the exact version pinned in tools/reveal/package-lock.json.
# tools/build_handouts.py copies it into the build, so the decks work without internet.
# Without npm the build still runs, and says loudly that its decks load reveal.js from the web.
exec bash "$(dirname "$0")/ensure_npm_package.sh" reveal node_modules/reveal.js/dist/reveal.js \
  reveal.js "the slide decks will need internet" ensure_reveal
