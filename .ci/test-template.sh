#!/usr/bin/env bash
# Tests templates/zask-service end to end, as a user would meet it: takes Zask, Zask.ZeroRpc.Hosting, Zask.Data and Zask.Testing as
# packages from a local feed (no Zask package is published) through the nuget.config the template generates,
# creates a service from the template with `dotnet new`, then builds it and runs its tests. Everything happens in a temporary folder that is removed at the
# end; the template goes to a private template hive, so nothing is installed for the machine. dotnet test's own
# output is printed, so .ci/run can count its "Passed!/Failed!" line. Exits non-zero on any failure.
#
# Environment:
#   ZASK_PACKAGES_DIR      a folder already holding the packages (as .ci/pack.sh makes it); the version is read
#                          from their file names. Without it, this script packs src/ itself.
#   ZASK_TEMPLATE_VERSION  the version to pack (default 0.1.0-ci.<time>.<pid>), or to pick in ZASK_PACKAGES_DIR.
#   ZASK_TEMPLATE_KEEP=1   keeps the temporary folder for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d -t zask-template.XXXXXX)
hive=$work/hive
out=$work/Orders
packages=$(dotnet nuget locals global-packages --list | sed -E 's/^global-packages: *//')

# NuGet never looks at a source again for a version its global packages folder already holds: an earlier run's
# packages of the same version would be tested instead of these. So this run's version is dropped from that
# folder before the restore, and again at the end so that nothing is left behind.
forget_packed() {
  local id
  for id in zask.zmtp zask.registry.etcd zask zask.zerorpc zask.zerorpc.hosting zask.data zask.testing; do
    rm -rf "${packages%/}/$id/$version"
    rmdir "${packages%/}/$id" 2>/dev/null || true  # only when no other version is left in it
  done
}
version=""
cleanup() {
  if [ -n "$version" ]; then forget_packed; fi
  if [ "${ZASK_TEMPLATE_KEEP:-}" = 1 ]; then
    echo "== kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

if [ -n "${ZASK_PACKAGES_DIR:-}" ]; then
  feed=$(realpath "$ZASK_PACKAGES_DIR")
  if [ -n "${ZASK_TEMPLATE_VERSION:-}" ]; then
    version=$ZASK_TEMPLATE_VERSION
  else
    # Zask.Data.<version>.nupkg: a package name no other Zask package name starts with.
    versions=$(cd "$feed" && { ls Zask.Data.*.nupkg 2>/dev/null || true; } | sed -E 's/^Zask\.Data\.(.*)\.nupkg$/\1/')
    if [ "$(printf '%s\n' "$versions" | grep -c .)" -ne 1 ]; then
      echo "expected one Zask.Data package in $feed, found: ${versions:-none} (set ZASK_TEMPLATE_VERSION)" >&2
      exit 1
    fi
    version=$versions
  fi
  for id in Zask.Zmtp Zask.Registry.Etcd Zask Zask.ZeroRpc Zask.ZeroRpc.Hosting Zask.Data Zask.Testing; do
    [ -f "$feed/$id.$version.nupkg" ] || { echo "$feed has no $id.$version.nupkg" >&2; exit 1; }
  done
  echo "== using Zask $version from $feed (at ${SECONDS}s)"
else
  # A version of its own for every run, so a run going on beside this one never shares its packages.
  version=${ZASK_TEMPLATE_VERSION:-0.1.0-ci.$(date -u +%Y%m%d%H%M%S).$$}
  feed=$work/feed
  echo "== packing Zask $version into $feed (at ${SECONDS}s)"
  # One solution of the packages, so they restore and build in a single dotnet call. A separate artifacts
  # path keeps this Release build out of src/*/bin and src/*/obj, which developers' builds use.
  src=$(realpath --relative-to="$work" "$repo/src")
  cat > "$work/pack.slnx" <<EOF
<Solution>
  <Project Path="$src/Zask/Zask.csproj" />
  <Project Path="$src/Zask.ZeroRpc/Zask.ZeroRpc.csproj" />
  <Project Path="$src/Zask.ZeroRpc.Hosting/Zask.ZeroRpc.Hosting.csproj" />
  <Project Path="$src/Zask.Data/Zask.Data.csproj" />
  <Project Path="$src/Zask.Zmtp/Zask.Zmtp.csproj" />
  <Project Path="$src/Zask.Registry.Etcd/Zask.Registry.Etcd.csproj" />
  <Project Path="$src/Zask.Testing/Zask.Testing.csproj" />
</Solution>
EOF
  dotnet pack "$work/pack.slnx" -c Release -p:Version="$version" --artifacts-path "$work/artifacts" -o "$feed" -v quiet -nologo
fi
ls "$feed"
forget_packed

echo "== dotnet new zask-service -n Orders (at ${SECONDS}s)"
dotnet new install "$repo/templates/zask-service" --debug:custom-hive "$hive" >/dev/null
dotnet new zask-service -n Orders -o "$out" --ZaskVersion "$version" --debug:custom-hive "$hive"

# The generated nuget.config is used as a user gets it: its zask-local source, %HOME%/.zask/packages, where
# ./pack.sh puts the packages, is this run's feed, through a home folder of this run's own. The machine's NuGet
# settings are copied into it, and the global packages folder stays the machine's, so nothing is downloaded again.
grep -q '%HOME%/.zask/packages' "$out/nuget.config" || { echo "the generated nuget.config does not name %HOME%/.zask/packages" >&2; exit 1; }
home=$work/home
mkdir -p "$home/.zask" "$home/.nuget/NuGet"
ln -s "$feed" "$home/.zask/packages"
if [ -f "$HOME/.nuget/NuGet/NuGet.Config" ]; then cp "$HOME/.nuget/NuGet/NuGet.Config" "$home/.nuget/NuGet/"; fi
export NUGET_PACKAGES="$packages"

cd "$out"
echo "== dotnet build (at ${SECONDS}s)"
HOME=$home dotnet build Orders.slnx -nologo -v quiet
echo "== dotnet test (at ${SECONDS}s)"
HOME=$home dotnet test Orders.slnx --no-build -nologo
# ZASK0001 must reach a project that references Zask.Testing alone, as a tests project may: a token passed as a
# call argument there fails the build, naming the rule.
echo "== ZASK0001 in a project referencing only Zask.Testing (at ${SECONDS}s)"
bare=$work/TestingOnly
mkdir -p "$bare"
cp Directory.Build.props Directory.Packages.props nuget.config "$bare/"
cat > "$bare/TestingOnly.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <PackageReference Include="Zask.Testing" />
  </ItemGroup>
</Project>
EOF
cat > "$bare/Misplaced.cs" <<'EOF'
namespace TestingOnly;

public static class Misplaced
{
    public static Task<string> Call(Zask.ZeroRpc.Client.ZeroRpcClient client, CancellationToken token) =>
        client.CallAsync<string>("hello", token);
}
EOF
if HOME=$home dotnet build "$bare" -nologo -v quiet > "$work/zask0001.log" 2>&1; then
  echo "a project referencing only Zask.Testing built with a token passed as a call argument: ZASK0001 did not reach it" >&2
  exit 1
fi
grep -q 'error ZASK0001' "$work/zask0001.log" || { cat "$work/zask0001.log" >&2; echo "that build failed, but not with ZASK0001" >&2; exit 1; }
echo "== template test done in ${SECONDS}s"
