#!/usr/bin/env bash
# Runs Rounds on a machine that has only the .NET SDK: installs what face detection needs from Debian when missing
# (opencv-data's Haar cascades, and GTK 3, which OpenCvSharp's native library links), then starts the app.
# Without them the app still runs, but no image can be checked for faces (each counts as possibly showing one).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/debian.sh
need_face_detection
install_missing
exec dotnet run --project src/Rounds.Web "$@"
