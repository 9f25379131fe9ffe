#!/usr/bin/env bash
# Installs GitOps Agent on Debian or Ubuntu: the PowerShell module, the gitops-agent command, the pwsh loop, the
# systemd units and, when there is none yet, /etc/gitops-agent/config.toml from the commented template. Then it
# enables and starts the service. Safe to run again (an upgrade); --uninstall removes what it installed and keeps
# the config and the agent home. Every prerequisite is checked before anything is changed.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: install.sh [--from DIR] [--root DIR] [--service pwsh|cli|timer] [--no-start]
       install.sh --uninstall [--root DIR]

  --from DIR       the build output holding GitOpsAgent/ (the module) and gitops-agent/ (the command);
                   default: out/ of this repository (pwsh ./build.ps1 -Task Package makes both; with
                   -NativeAot the command is one executable that needs no .NET runtime)
  --root DIR       install under DIR instead of / (a staging root: no root privileges needed, no systemctl)
  --service KIND   which unit to enable: pwsh (the pwsh loop, gitops-agent.service), cli
                   (gitops-agent run, gitops-agent-cli.service) or timer (gitops-agent.timer: one
                   'gitops-agent run --once' every 5 minutes, nothing resident in between); default: pwsh
                   when pwsh and the module are present, else cli
  --no-start       install and enable nothing in systemd; just put the files in place
  --uninstall      stop and disable the service, remove what the installer put in place; keeps
                   /etc/gitops-agent/ and the agent home /opt/gitops-agent/
USAGE
}

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(dirname "$script_dir")

root=""
from="$repo_dir/out"
service="auto"
start=1
uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --from) [ $# -ge 2 ] || { echo "install.sh: --from needs a directory" >&2; exit 2; }; from=$2; shift 2 ;;
    --root) [ $# -ge 2 ] || { echo "install.sh: --root needs a directory" >&2; exit 2; }; root=$2; shift 2 ;;
    --service) [ $# -ge 2 ] || { echo "install.sh: --service needs pwsh, cli or timer" >&2; exit 2; }; service=$2; shift 2 ;;
    --no-start) start=0; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case "$service" in auto|pwsh|cli|timer) ;; *) echo "install.sh: --service must be pwsh, cli or timer, not '$service'" >&2; exit 2 ;; esac
if [ -n "$root" ]; then
  root=$(realpath -m "$root")
fi

# Where things go, as seen on the target system; staged under $root when --root is given.
module_dir=/usr/local/share/powershell/Modules/GitOpsAgent
lib_dir=/usr/local/lib/gitops-agent
share_dir=/usr/local/share/gitops-agent
man_file=/usr/local/share/man/man1/gitops-agent.1
completion_file=/usr/share/bash-completion/completions/gitops-agent
bin_file=/usr/local/bin/gitops-agent
unit_dir=/etc/systemd/system
units=(gitops-agent.service gitops-agent-cli.service gitops-agent-oneshot.service gitops-agent.timer)
config_dir=/etc/gitops-agent
config_file=$config_dir/config.toml
home_dir=/opt/gitops-agent

staged() { printf '%s%s' "$root" "$1"; }
say() { printf '%s\n' "$*"; }

# ---- prerequisites: all checked, all reported, before anything changes ----------------------------------------
missing=()

check_os() {
  local id="" id_like=""
  if [ -r /etc/os-release ]; then
    id=$(. /etc/os-release && printf '%s' "${ID:-}")
    id_like=$(. /etc/os-release && printf '%s' "${ID_LIKE:-}")
  fi
  case " $id $id_like " in
    *" debian "*|*" ubuntu "*) ;;
    *) missing+=("a Debian or Ubuntu system: /etc/os-release says ID='${id:-unknown}'. On another distribution, copy the files by hand (see this script).") ;;
  esac
}

check_privileges() {
  if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
    missing+=("root privileges: run it with sudo (or use --root DIR to stage the files without them)")
  fi
}

check_git() {
  if ! command -v git >/dev/null 2>&1; then
    missing+=("git 2.30 or later: install it with 'apt-get install git'")
    return
  fi
  local version major minor
  version=$(git --version | sed -nE 's/^git version ([0-9]+)\.([0-9]+).*/\1 \2/p')
  read -r major minor <<<"${version:-0 0}"
  if [ "$major" -lt 2 ] || { [ "$major" -eq 2 ] && [ "$minor" -lt 30 ]; }; then
    missing+=("git 2.30 or later: found $(git --version); upgrade it with 'apt-get install git'")
  fi
}

# The command is a JIT build (gitops-agent.dll, run by the host's dotnet) or a NativeAOT build (one self-contained
# executable and no gitops-agent.dll; no .NET runtime needed, and the smallest footprint).
native_build() { [ -x "$from/gitops-agent/gitops-agent" ] && [ ! -f "$from/gitops-agent/gitops-agent.dll" ]; }

check_dotnet() {
  native_build && return
  if ! command -v dotnet >/dev/null 2>&1; then
    missing+=("the .NET runtime 8 or later for the gitops-agent command: 'dotnet' is not on PATH (package dotnet-runtime-8.0), or install a NativeAOT build, which needs none (pwsh ./build.ps1 -Task Package -NativeAot)")
    return
  fi
  if ! dotnet --list-runtimes 2>/dev/null | grep -Eq '^Microsoft\.NETCore\.App ([89]|[1-9][0-9])\.'; then
    missing+=("the .NET runtime 8 or later for the gitops-agent command: 'dotnet --list-runtimes' shows none (package dotnet-runtime-8.0), or install a NativeAOT build, which needs none (pwsh ./build.ps1 -Task Package -NativeAot)")
  fi
}

check_build_output() {
  if [ ! -f "$from/gitops-agent/gitops-agent.dll" ] && ! native_build; then
    missing+=("the built gitops-agent command: neither $from/gitops-agent/gitops-agent.dll nor a NativeAOT executable $from/gitops-agent/gitops-agent exists. Build it with 'pwsh ./build.ps1 -Task Package' (add -NativeAot for the smallest footprint) or 'dotnet publish src/GitOpsAgent.Cli -c Release -o out/gitops-agent', or point --from at a build")
  fi
  local file
  for file in "$script_dir/gitops-agent-loop.ps1" "$script_dir/config.template.toml" "$script_dir/gitops-agent" \
              "$repo_dir/systemd/gitops-agent.service" "$repo_dir/systemd/gitops-agent-cli.service" \
              "$repo_dir/systemd/gitops-agent-oneshot.service" "$repo_dir/systemd/gitops-agent.timer"; do
    [ -f "$file" ] || missing+=("$file, which ships with this installer: use a complete checkout or release")
  done
}

module_available() { [ -f "$from/GitOpsAgent/GitOpsAgent.psd1" ]; }

choose_service() {
  case "$service" in
    pwsh)
      command -v pwsh >/dev/null 2>&1 || missing+=("pwsh for --service pwsh: install PowerShell 7.4 or later, or use --service cli")
      module_available || missing+=("the built module for --service pwsh: $from/GitOpsAgent/GitOpsAgent.psd1 does not exist (pwsh ./build.ps1 -Task Build)")
      ;;
    auto)
      if command -v pwsh >/dev/null 2>&1 && module_available; then service=pwsh; else service=cli; fi
      ;;
  esac
}

check_privileges
if [ "$uninstall" -eq 0 ]; then
  check_os
  check_git
  check_dotnet
  check_build_output
  choose_service
fi
if [ ${#missing[@]} -gt 0 ]; then
  say "install.sh: nothing was changed; these prerequisites are missing:" >&2
  for item in "${missing[@]}"; do say "  - $item" >&2; done
  exit 1
fi

use_systemctl=1
if [ -n "$root" ]; then
  use_systemctl=0
  systemctl_note="--root was given, so systemd was left alone"
elif ! command -v systemctl >/dev/null 2>&1 || [ ! -d /run/systemd/system ]; then
  use_systemctl=0
  systemctl_note="systemd is not running here (no systemctl or /run/systemd/system)"
fi

# ---- helpers that make a second run a no-op ---------------------------------------------------------------------
changed=0

# put_file SOURCE DEST MODE: copies unless DEST already has the same content; replaces by rename, never in place.
put_file() {
  local source=$1 dest=$2 mode=$3
  if [ -f "$dest" ] && cmp -s "$source" "$dest"; then
    chmod "$mode" "$dest"
    say "unchanged  ${dest#"$root"}"
    return
  fi
  mkdir -p "$(dirname "$dest")"
  install -m "$mode" "$source" "$dest.new.$$"
  mv -f "$dest.new.$$" "$dest"
  changed=1
  say "installed  ${dest#"$root"}"
}

# put_dir SOURCE DEST: makes DEST a copy of SOURCE, swapped in whole so a running agent never sees a mix.
put_dir() {
  local source=$1 dest=$2
  if [ -d "$dest" ] && diff -rq "$source" "$dest" >/dev/null 2>&1; then
    say "unchanged  ${dest#"$root"}/"
    return
  fi
  mkdir -p "$(dirname "$dest")"
  rm -rf "$dest.new.$$"
  cp -R "$source" "$dest.new.$$"
  chmod -R u+rwX,go+rX,go-w "$dest.new.$$"
  rm -rf "$dest.old.$$"
  if [ -e "$dest" ]; then mv "$dest" "$dest.old.$$"; fi
  mv "$dest.new.$$" "$dest"
  rm -rf "$dest.old.$$"
  changed=1
  say "installed  ${dest#"$root"}/"
}

remove_path() {
  local path=$1
  if [ -e "$path" ] || [ -L "$path" ]; then
    rm -rf "$path"
    say "removed    ${path#"$root"}"
  else
    say "absent     ${path#"$root"}"
  fi
}

# ---- uninstall --------------------------------------------------------------------------------------------------
if [ "$uninstall" -eq 1 ]; then
  if [ "$use_systemctl" -eq 1 ]; then
    for unit in "${units[@]}"; do
      if systemctl cat "$unit" >/dev/null 2>&1; then
        systemctl disable --now "$unit" >/dev/null 2>&1 || true
        say "stopped and disabled $unit"
      fi
    done
  else
    say "note: $systemctl_note."
  fi
  for unit in "${units[@]}"; do remove_path "$(staged "$unit_dir/$unit")"; done
  remove_path "$(staged "$bin_file")"
  remove_path "$(staged "$lib_dir")"
  remove_path "$(staged "$share_dir")"
  remove_path "$(staged "$man_file")"
  remove_path "$(staged "$completion_file")"
  if [ -f "$(staged "$module_dir")/GitOpsAgent.psd1" ] || [ ! -e "$(staged "$module_dir")" ]; then
    remove_path "$(staged "$module_dir")"
  else
    say "kept       $module_dir (it does not hold a GitOpsAgent module this installer put there)"
  fi
  if [ "$use_systemctl" -eq 1 ]; then systemctl daemon-reload; fi
  say ""
  say "GitOps Agent is uninstalled. Kept, because they hold your settings and the agent's clones and history:"
  say "  $config_dir/ (the agent config)"
  say "  $home_dir/ (the agent home)"
  say "Remove them by hand when you no longer need them: rm -rf $config_dir $home_dir"
  exit 0
fi

# ---- install ----------------------------------------------------------------------------------------------------
if module_available; then
  put_dir "$from/GitOpsAgent" "$(staged "$module_dir")"
else
  say "skipped    $module_dir: no module in $from/GitOpsAgent (build it with 'pwsh ./build.ps1 -Task Build' for the cmdlets and the pwsh loop)"
fi
put_dir "$from/gitops-agent" "$(staged "$lib_dir/bin")"
put_file "$script_dir/gitops-agent-loop.ps1" "$(staged "$lib_dir/gitops-agent-loop.ps1")" 0644
put_file "$script_dir/config.template.toml" "$(staged "$lib_dir/config.template.toml")" 0644
# JSON Schemas for editors; the config template's first line names the agent config's.
for schema in "$repo_dir"/schema/*.schema.json; do
  [ -f "$schema" ] && put_file "$schema" "$(staged "$share_dir/schema/$(basename "$schema")")" 0644
done
if [ -f "$repo_dir/README.md" ]; then
  put_file "$repo_dir/README.md" "$(staged "$lib_dir/README.md")" 0644
fi
put_file "$script_dir/gitops-agent" "$(staged "$bin_file")" 0755
# Written by build.ps1 -Task Package from the command's own definition (gitops-agent man-page / completion bash).
if [ -f "$from/gitops-agent/gitops-agent.1" ]; then
  put_file "$from/gitops-agent/gitops-agent.1" "$(staged "$man_file")" 0644
else
  say "skipped    $man_file: no gitops-agent.1 in $from/gitops-agent (build it with 'pwsh ./build.ps1 -Task Package')"
fi
if [ -f "$from/gitops-agent/gitops-agent.bash-completion" ]; then
  put_file "$from/gitops-agent/gitops-agent.bash-completion" "$(staged "$completion_file")" 0644
else
  say "skipped    $completion_file: no gitops-agent.bash-completion in $from/gitops-agent (build it with 'pwsh ./build.ps1 -Task Package')"
fi
for unit in "${units[@]}"; do
  put_file "$repo_dir/systemd/$unit" "$(staged "$unit_dir/$unit")" 0644
done

if [ -e "$(staged "$config_file")" ]; then
  say "kept       $config_file (an existing config is never overwritten)"
else
  mkdir -p "$(staged "$config_dir")"
  install -m 0640 "$script_dir/config.template.toml" "$(staged "$config_file").new.$$"
  mv "$(staged "$config_file").new.$$" "$(staged "$config_file")"
  say "installed  $config_file (the commented template: set infra_name and [applications], e.g. with 'gitops-agent configure')"
fi
mkdir -p "$(staged "$home_dir")"
chmod 0750 "$(staged "$home_dir")"

# Exactly one way of running is enabled: the pwsh loop, the gitops-agent loop, or the timer.
case "$service" in
  pwsh) enabled=gitops-agent.service; others=(gitops-agent-cli.service gitops-agent.timer) ;;
  timer) enabled=gitops-agent.timer; others=(gitops-agent.service gitops-agent-cli.service) ;;
  *) enabled=gitops-agent-cli.service; others=(gitops-agent.service gitops-agent.timer) ;;
esac

say ""
if [ "$start" -eq 0 ]; then
  say "--no-start: the service was not enabled. Later: systemctl daemon-reload && systemctl enable --now $enabled"
elif [ "$use_systemctl" -eq 0 ]; then
  say "Not enabling the service: $systemctl_note. On the target: systemctl daemon-reload && systemctl enable --now $enabled"
else
  systemctl daemon-reload
  for other in "${others[@]}"; do
    if systemctl is-enabled --quiet "$other" 2>/dev/null; then
      systemctl disable --now "$other"
      say "disabled   $other (only one way of running the agent is enabled)"
    fi
  done
  systemctl enable --now "$enabled"
  if [ "$changed" -eq 1 ]; then
    # An upgrade: a running agent keeps the old files open until restarted.
    systemctl try-restart "$enabled"
  fi
  journal_unit=${enabled%.service}
  [ "$enabled" = gitops-agent.timer ] && journal_unit=gitops-agent-oneshot
  say "enabled and started $enabled. Follow it: journalctl -fu $journal_unit; problems only: journalctl -p warning -u $journal_unit"
fi
say "GitOps Agent is installed${root:+ under $root}. Configure it: gitops-agent configure (config: $config_file, home: $home_dir)."
