#!/usr/bin/env bash
# Runs Rounds on a machine that has only the .NET SDK: installs what face detection needs from Debian when missing
# (opencv-data's Haar cascades, and GTK 3, which OpenCvSharp's native library links), then starts the app.
# Without them the app still runs, but no image can be checked for faces (each counts as possibly showing one).
set -euo pipefail
cd "$(dirname "$0")"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
[ -f /usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml ] || missing+=(opencv-data)
compgen -G "/usr/lib/*-linux-gnu/libgtk-3.so.0" >/dev/null || missing+=(libgtk-3-0)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian…"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
exec dotnet run --project src/Rounds.Web "$@"
