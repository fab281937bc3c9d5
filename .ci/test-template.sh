#!/usr/bin/env bash
# Tests templates/zask-service end to end, as a user would meet it: packs Zask, Zask.ZeroRpc and Zask.Data into a
# local feed (no Zask package is published), creates a service from the template with `dotnet new`, then builds
# it and runs its tests. Everything happens in a temporary folder that is removed at the end; the template goes
# to a private template hive, so nothing is installed for the machine. dotnet test's own output is printed, so
# .ci/run can count its "Passed!/Failed!" line. Exits non-zero on any failure.
#
# Environment: ZASK_TEMPLATE_VERSION (default 0.1.0-ci) is the version given to the packed packages;
# ZASK_TEMPLATE_KEEP=1 keeps the temporary folder for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

version=${ZASK_TEMPLATE_VERSION:-0.1.0-ci}
work=$(mktemp -d -t zask-template.XXXXXX)
if [ "${ZASK_TEMPLATE_KEEP:-}" = 1 ]; then
  echo "== keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi
feed=$work/feed
hive=$work/hive
out=$work/Orders

echo "== packing Zask $version into $feed (at ${SECONDS}s)"
# One solution of the three packages, so they restore and build in a single dotnet call. A separate artifacts
# path keeps this Release build out of src/*/bin and src/*/obj, which developers' builds use.
src=$(realpath --relative-to="$work" "$repo/src")
cat > "$work/pack.slnx" <<EOF
<Solution>
  <Project Path="$src/Zask/Zask.csproj" />
  <Project Path="$src/Zask.ZeroRpc/Zask.ZeroRpc.csproj" />
  <Project Path="$src/Zask.Data/Zask.Data.csproj" />
</Solution>
EOF
dotnet pack "$work/pack.slnx" -c Release -p:Version="$version" --artifacts-path "$work/artifacts" -o "$feed" -v quiet -nologo
ls "$feed"

# The same version is packed on every run, but NuGet never looks at a source again for a version its global
# packages folder already holds: drop our own packages from it so the feed just packed is the one used.
packages=$(dotnet nuget locals global-packages --list | sed -E 's/^global-packages: *//')
for id in zask zask.zerorpc zask.data; do
  rm -rf "${packages%/}/$id/$version"
done

echo "== dotnet new zask-service -n Orders (at ${SECONDS}s)"
dotnet new install "$repo/templates/zask-service" --debug:custom-hive "$hive" >/dev/null
dotnet new zask-service -n Orders -o "$out" --ZaskVersion "$version" --debug:custom-hive "$hive"

# The local feed for Zask, the machine's own sources for everything else; source mapping sends each package
# to its source, so a same-named package elsewhere can never stand in for the one just packed.
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"zask-local\" value=\"$feed\" />"
  n=0
  while read -r state url; do
    [ "$state" = E ] || continue
    n=$((n + 1))
    echo "    <add key=\"source$n\" value=\"$url\" />"
  done < <(dotnet nuget list source --format short)
  echo '  </packageSources>'
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="zask-local"><package pattern="Zask" /><package pattern="Zask.*" /></packageSource>'
  for i in $(seq 1 "$n"); do
    echo "    <packageSource key=\"source$i\"><package pattern=\"*\" /></packageSource>"
  done
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} > "$out/nuget.config"

cd "$out"
echo "== dotnet build (at ${SECONDS}s)"
dotnet build Orders.slnx -nologo -v quiet
echo "== dotnet test (at ${SECONDS}s)"
dotnet test Orders.slnx --no-build -nologo
echo "== template test done in ${SECONDS}s"
