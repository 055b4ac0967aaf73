#!/usr/bin/env bash
# A self-signed certificate for a first try of the production profile, written
# beside this script as fullchain.pem and privkey.pem (what nginx reads).
# Browsers will warn: replace it with a real certificate before going live
# (README.md in this folder).
#
#   bash docker/production/nginx/certs/make-self-signed.sh [NAME] [--force]
#
# NAME: the host name users type (default: localhost). An existing pair is
# kept unless --force is given.
set -euo pipefail

NAME=localhost
FORCE=no
for arg in "$@"; do
    case "$arg" in
        --force) FORCE=yes ;;
        *) NAME=$arg ;;
    esac
done
DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ -e "$DIR/privkey.pem" ] && [ "$FORCE" != yes ]; then
    echo "$DIR/privkey.pem exists; add --force to replace it" >&2
    exit 1
fi
umask 077
openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 30 \
    -subj "/CN=$NAME" -addext "subjectAltName=DNS:$NAME" \
    -keyout "$DIR/privkey.pem" -out "$DIR/fullchain.pem"
chmod 644 "$DIR/fullchain.pem"
echo "Self-signed certificate for $NAME (30 days) in $DIR"
