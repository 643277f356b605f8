#!/usr/bin/env bash
# Put Leaflet and Leaflet.markercluster into ./static/vendor/ so the Map page draws with no
# internet: Streamlit serves ./static/ at /app/static/ (enableStaticServing). The files come
# from a package registry, never from the repository (static/vendor/ is git-ignored):
# Debian's libjs-leaflet and libjs-leaflet.markercluster first, npm second.
#
# Idempotent, and it never fails: when nothing can be installed the page falls back to the
# public CDN, so `make run` must still start.
set -u
cd "$(dirname "$0")/.."

DEST=static/vendor
LEAFLET=(leaflet/leaflet.js leaflet/leaflet.css leaflet/images/layers.png)
CLUSTER=(leaflet.markercluster/leaflet.markercluster.js leaflet.markercluster/MarkerCluster.css
    leaflet.markercluster/MarkerCluster.Default.css)
DEBIAN_SRC=/usr/share/javascript/leaflet
APT_PACKAGES=(libjs-leaflet libjs-leaflet.markercluster)
NPM_PACKAGES=(leaflet@1.9.4 leaflet.markercluster@1.5.3)

log() { echo "install_static_assets: $*" >&2; }

complete() {
    local f
    for f in "${LEAFLET[@]}" "${CLUSTER[@]}"; do
        [ -s "$DEST/$f" ] || return 1
    done
}

# copy_set SRC_DIR IMAGES_DIR CLUSTER_DIR -> fills a temp tree, then swaps it in whole, so an
# interrupted copy never leaves a half-installed folder that looks complete.
copy_set() {
    local leaflet_dir=$1 cluster_dir=$2 tmp
    tmp=$(mktemp -d) || return 1
    mkdir -p "$tmp/leaflet/images" "$tmp/leaflet.markercluster" &&
        cp -L "$leaflet_dir/leaflet.js" "$leaflet_dir/leaflet.css" "$tmp/leaflet/" &&
        cp -L "$leaflet_dir"/images/*.png "$tmp/leaflet/images/" &&
        cp -L "$cluster_dir/leaflet.markercluster.js" "$cluster_dir/MarkerCluster.css" \
            "$cluster_dir/MarkerCluster.Default.css" "$tmp/leaflet.markercluster/" || {
        rm -rf "$tmp"
        return 1
    }
    mkdir -p "$DEST"
    rm -rf "$DEST/leaflet" "$DEST/leaflet.markercluster"
    mv "$tmp/leaflet" "$tmp/leaflet.markercluster" "$DEST/"
    rm -rf "$tmp"
}

apt_install() {
    local sudo=()
    command -v apt-get >/dev/null 2>&1 || return 1
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || return 1
        sudo=(sudo -n)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null 2>&1 && return 0
    # the package lists may be missing or stale on a fresh machine: refresh once, retry
    "${sudo[@]}" apt-get update -q >/dev/null 2>&1 &&
        "${sudo[@]}" apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null 2>&1
}

from_debian() {
    if [ ! -f "$DEBIAN_SRC/leaflet.markercluster.js" ] || [ ! -f "$DEBIAN_SRC/leaflet.js" ]; then
        apt_install || return 1
    fi
    copy_set "$DEBIAN_SRC" "$DEBIAN_SRC"
}

from_npm() {
    local tmp ok=1
    command -v npm >/dev/null 2>&1 || return 1
    tmp=$(mktemp -d) || return 1
    if (cd "$tmp" && npm pack --silent "${NPM_PACKAGES[@]}" >/dev/null 2>&1); then
        mkdir -p "$tmp/leaflet" "$tmp/cluster" &&
            tar -xzf "$tmp"/leaflet-1*.tgz -C "$tmp/leaflet" &&
            tar -xzf "$tmp"/leaflet.markercluster-*.tgz -C "$tmp/cluster" &&
            copy_set "$tmp/leaflet/package/dist" "$tmp/cluster/package/dist" && ok=0
    fi
    rm -rf "$tmp"
    return $ok
}

if complete; then
    log "already in $DEST"
elif from_debian; then
    log "copied from Debian packages into $DEST"
elif from_npm; then
    log "copied from npm packages into $DEST"
else
    log "could not install Leaflet locally; the map will load it from the public CDN"
fi
exit 0
