#!/usr/bin/env bash
# Writes the Ansible side of bench/fanout.sh into DIR: ansible.cfg (forks, pipelining,
# ControlPersist, the lab's ssh_config), an inventory of the lab hosts and two 3-task playbooks:
#   playbook.yaml          `raw` tasks: Ansible's cheapest path (no module, no Python on the host, so
#                          pipelining does not apply); the only one the lab kind can run (its hosts
#                          interpret commands in the lab shell and have no Python).
#   playbook-command.yaml  `ansible.builtin.command` tasks: how a playbook runs a command (Ansible's
#                          docs keep `raw` for hosts without Python), and the path pipelining speeds
#                          up: the module runs in the host's Python, fed through the ssh session's stdin.
#                          The interpreter is given (`ansible_python_interpreter=/usr/bin/python3`), so
#                          no discovery round trip is timed. For the plain kind only.
# Usage: fanout-ansible.sh DIR SSH_CONFIG FORKS CMD
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
  echo "[lab:vars]"; echo "ansible_ssh_common_args='-F $cfg'"
  echo "ansible_python_interpreter=/usr/bin/python3"; } >"$dir/ansible-hosts.ini"
cat >"$dir/playbook.yaml" <<YAML
- hosts: lab
  gather_facts: false
  strategy: free
  tasks:
    - raw: $cmd
    - raw: $cmd
    - raw: $cmd
YAML
cat >"$dir/playbook-command.yaml" <<YAML
- hosts: lab
  gather_facts: false
  strategy: free
  tasks:
    - ansible.builtin.command: $cmd
    - ansible.builtin.command: $cmd
    - ansible.builtin.command: $cmd
YAML
