#!/usr/bin/env bash
# The executive cockpit in a real browser: installs Debian's Chromium and chromedriver if they are missing (as root,
# with apt-get; otherwise it says what to install), builds Throughline, and runs CockpitBrowserIT, which starts the
# platform with the demo data and signs in as the CFO and as the CIO through Keycloak's form. Screenshots go to
# launcher/target/cockpit-screenshots. The test command (./mvnw verify) does not need a browser: it reads the page in
# HtmlUnit (CockpitIT).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's ${missing[*]} ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing: ${missing[*]} (Debian packages giving /usr/bin/chromium and /usr/bin/chromedriver)." >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 2
  fi
fi
echo "$(/usr/bin/chromium --version 2>/dev/null); $(/usr/bin/chromedriver --version 2>/dev/null | cut -d' ' -f1-2)"

mkdir -p .run-data
echo "Building Throughline (the whole log goes to .run-data/cockpit-check-build.log) ..."
if ! ./mvnw -B install -DskipTests >.run-data/cockpit-check-build.log 2>&1; then
  echo "The build failed; its log ends:" >&2
  tail -n 40 .run-data/cockpit-check-build.log >&2
  exit 1
fi
./mvnw -B -pl launcher verify -Dit.test=CockpitBrowserIT -Dthroughline.cockpit.browser=true
echo "Screenshots: $(ls launcher/target/cockpit-screenshots/*.png | tr '\n' ' ')"
