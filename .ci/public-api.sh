#!/usr/bin/env bash
# Records the public API of every packed library in its PublicAPI.Unshipped.txt (the analyzers' RS0016/RS0017 fix),
# after a change to the public surface made the build fail with RS0016 ("not part of the declared public API") or
# RS0017 ("declared but not found"). Review the diff of the .txt files like code: it is the API change.
#   .ci/public-api.sh          record additions/removals in PublicAPI.Unshipped.txt
#   .ci/public-api.sh --ship   at a release: move every Unshipped entry into PublicAPI.Shipped.txt
# See docs/design/public-api.md.
set -euo pipefail
cd "$(dirname "$0")/.."

projects=()
for shipped in src/*/PublicAPI.Shipped.txt; do
  projects+=("$(dirname "$shipped")")
done

if [[ "${1:-}" == "--ship" ]]; then
  for dir in "${projects[@]}"; do
    unshipped="$dir/PublicAPI.Unshipped.txt"
    # Removals are recorded as *REMOVED* lines: they take their entry out of Shipped.
    grep -v '^#nullable' "$unshipped" | while IFS= read -r line; do
      if [[ "$line" == '*REMOVED*'* ]]; then
        grep -vxF -- "${line#\*REMOVED\*}" "$dir/PublicAPI.Shipped.txt" > "$dir/PublicAPI.Shipped.tmp" || true
        mv "$dir/PublicAPI.Shipped.tmp" "$dir/PublicAPI.Shipped.txt"
      elif [[ -n "$line" ]]; then
        echo "$line" >> "$dir/PublicAPI.Shipped.txt"
      fi
    done
    { echo '#nullable enable'; grep -v '^#nullable' "$dir/PublicAPI.Shipped.txt" | LC_ALL=C sort -u; } > "$dir/PublicAPI.Shipped.tmp"
    mv "$dir/PublicAPI.Shipped.tmp" "$dir/PublicAPI.Shipped.txt"
    echo '#nullable enable' > "$unshipped"
  done
  exit 0
fi

for dir in "${projects[@]}"; do
  echo "== $dir"
  dotnet format analyzers "$dir" --diagnostics RS0016 RS0017 --severity warn -v q
done
git status --short -- 'src/*/PublicAPI.*.txt'
