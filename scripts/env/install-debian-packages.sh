#!/usr/bin/env bash
# Installs the Debian packages the test layers need: Chromium (browser tests and code-server),
# gssapi headers (code-server's kerberos module compiles from source), Go + etcd + vendored-lib
# replacements (the kube-apiserver is built from Debian's kubernetes source package), kubectl
# (kubernetes-client, the benchmark's baseline, when no kubectl is present), dockerd + sshd +
# busybox-static (the Linux hosts of the docker layer, and their locally built test images).
set -euo pipefail
PKGS=(chromium libkrb5-dev golang-1.19-go etcd-server golang-github-modern-go-reflect2-dev
      golang-github-json-iterator-go-dev openssl ca-certificates
      docker.io openssh-server openssh-client busybox-static iproute2)
# kubectl is only the benchmark's baseline; some images already ship one from another package.
command -v kubectl >/dev/null || PKGS+=(kubernetes-client)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then echo "debian packages: all present"; exit 0; fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
