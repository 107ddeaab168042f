# Sourced by run.sh and test.sh: installs Debian packages when missing, on a machine that has only the .NET SDK.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()

# Face detection: the Haar cascades, and GTK 3, which OpenCvSharp's prebuilt native library links against.
need_face_detection() {
  [ -f /usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml ] || missing+=(opencv-data)
  compgen -G "/usr/lib/*-linux-gnu/libgtk-3.so.0" >/dev/null || missing+=(libgtk-3-0)
}

install_missing() {
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} from Debian…"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}
