#!/usr/bin/env bash
# Packs Zask.Zmtp, Zask.Registry.Etcd, Zask, Zask.ZeroRpc, Zask.ZeroRpc.Hosting, Zask.Data, Zask.Testing and the zask tool into a folder, installs the tool from that folder into a
# private tool path and checks that it runs. Prints the folder on the last line for the scripts that use it.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${ZASK_PACKAGES_DIR:-$(mktemp -d /tmp/zask-packages.XXXXXX)}"
# A fresh version each run: NuGet would otherwise reuse a cached package of the same version.
version="${ZASK_PACKAGE_VERSION:-0.1.0-ci.$(date -u +%Y%m%d%H%M%S).$$}"
ZASK_PACKAGE_VERSION="$version" bash ./pack.sh "$out" >&2
tools=$(mktemp -d /tmp/zask-tool.XXXXXX)
dotnet tool install --tool-path "$tools" --add-source "$out" --version "$version" Zask.Cli >&2
"$tools/zask" --help >/dev/null
echo "pack: $(ls "$out" | tr '\n' ' ')and the zask tool installs and runs" >&2
rm -rf "$tools"
echo "$out"
