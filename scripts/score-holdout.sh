#!/bin/sh
# Scores the current build against the red-team holdout (test/fixtures/holdout) and the
# shared samples. Usage: scripts/score-holdout.sh [-v]   (set FAIL_UNDER=97 to gate on it)
set -e
cd "$(dirname "$0")/.."
npm run build >/dev/null
python3 ../shared/samples/score.py test/fixtures/holdout ${FAIL_UNDER:+--fail-under "$FAIL_UNDER"} "$@" -- node dist/cli/main.js extract --json
python3 ../shared/samples/score.py ../shared/samples -- node dist/cli/main.js extract --json
