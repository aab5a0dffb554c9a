#!/usr/bin/env bash
# Writes the Ansible side of bench/fanout.sh into DIR: ansible.cfg (forks, pipelining,
# ControlPersist, the lab's ssh_config), an inventory of the lab hosts and a 3-task playbook.
# The lab hosts run no Python (each command is interpreted by the lab shell), so the tasks use the
# `raw` module, Ansible's cheapest path (no module upload). Usage: fanout-ansible.sh DIR SSH_CONFIG FORKS CMD
set -euo pipefail
dir=$1; cfg=$2; forks=$3; cmd=$4
cat >"$dir/ansible.cfg" <<CFG
[defaults]
forks = $forks
host_key_checking = True
gathering = explicit
stdout_callback = default
interpreter_python = auto_silent
retry_files_enabled = False
[ssh_connection]
pipelining = True
ssh_args = -o ControlMaster=auto -o ControlPersist=600s -o BatchMode=yes
control_path_dir = $dir/ansible-cp
CFG
{ echo "[lab]"; awk '{print $1, "ansible_host=" $1}' "$dir/hosts"
  echo "[lab:vars]"; echo "ansible_ssh_common_args='-F $cfg'"; } >"$dir/ansible-hosts.ini"
cat >"$dir/playbook.yaml" <<YAML
- hosts: lab
  gather_facts: false
  strategy: free
  tasks:
    - raw: $cmd
    - raw: $cmd
    - raw: $cmd
YAML
