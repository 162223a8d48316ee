#!/usr/bin/env bash
# Regenerates tokenmeter's bundled price catalog from catalog-tool/sources/ (LiteLLM's and Langfuse's price tables
# and the curated overrides.json), printing the models per provider, what changed, and where the sources disagree.
# No network: the sources are files in the repo. To refresh them, replace the dated snapshots in
# catalog-tool/sources/ (and the file names below), run this, review the report, and commit both.
set -euo pipefail
cd "$(dirname "$0")/.."

LITELLM=catalog-tool/sources/litellm-model_prices_and_context_window-2026-07-24.json
LANGFUSE=catalog-tool/sources/langfuse-default-model-prices-2026-08-22.json
OVERRIDES=catalog-tool/sources/overrides.json
CATALOG=autoconfigure/src/main/resources/io/tokenmeter/pricing/price-catalog.yml

./mvnw -B -q -ntp -pl catalog-tool -am package -DskipTests
JAR=$(ls catalog-tool/target/tokenmeter-catalog-tool-*.jar | grep -v original | head -1)

OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
java -jar "$JAR" --litellm "$LITELLM" --langfuse "$LANGFUSE" --overrides "$OVERRIDES" \
  --current "$CATALOG" --out "$OUT" "$@"
cp "$OUT" "$CATALOG"
echo "updated $CATALOG (review with: git diff -- $CATALOG)"
