#!/usr/bin/env bash
# `npm test`: lint, typecheck, unit tests, Playwright. On Linux the tests run inside a private
# D-Bus session with a throw-away gnome-keyring and HOME, so the developer's own keychain is
# never touched (recipe in docs/keychain.md#keytar-on-linux).
set -euo pipefail
cd "$(dirname "$0")/.."

node scripts/setup-native.mjs
echo "== lint";      npx eslint . && npx prettier --check . >/dev/null && echo "eslint + prettier: clean"
echo "== typecheck"; npm run --silent typecheck && echo "tsc (node + web + shared): clean"
echo "== build";     npm run --silent build >/dev/null

reports=$(mktemp -d)
suite="npx vitest run --reporter=default --reporter=json --outputFile.json=$reports/vitest.json \
  && PLAYWRIGHT_JSON_OUTPUT_NAME=$reports/playwright.json npx playwright test --reporter=list,json"
summary() { node scripts/test-summary.mjs "$reports/vitest.json" "$reports/playwright.json"; rm -rf "$reports"; }
if [ "$(uname)" = Linux ] && [ -z "${CLAWBAR_TEST_IN_KEYRING:-}" ]; then
  if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
    echo "npm test on Linux needs dbus-run-session and gnome-keyring (apt-get install dbus-x11 gnome-keyring libsecret-1-dev)" >&2
    exit 1
  fi
  scratch_home=$(mktemp -d)
  trap 'summary; rm -rf "$scratch_home"' EXIT
  # Playwright keeps its browser registry under HOME; point it at the real one explicitly.
  export PLAYWRIGHT_BROWSERS_PATH="${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"
  export npm_config_cache="${npm_config_cache:-$HOME/.npm}"
  HOME="$scratch_home" CLAWBAR_TEST_IN_KEYRING=1 dbus-run-session -- bash -c "
    printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    printf pw | gnome-keyring-daemon --unlock --replace --components=secrets >/dev/null 2>&1
    $suite"
else
  trap summary EXIT
  bash -c "$suite"
fi
