# Each host's own files: sshd, supervisord and its programs, nova.conf, placement.conf (sourced).
# Written once: a later `up` keeps what an upgrade changed (nova.conf, the active venv).

write_once() { if [ -e "$1" ]; then cat >/dev/null; else cat > "$1"; fi; }

host_files() {
  local h=$1 hd="$DIR/hosts/$1"
  mkdir -p "$hd"/{ssh,log,etc/nova,etc/placement,etc/supervisor/conf.d,etc/rabbitmq,etc/upshift,lib/nova/tmp,lib/mysql,lib/rabbitmq,run,run-mysqld,openstack/venvs}
  mkdir -p "$DIR/share"; cp "$LIB"/*.py "$DIR/share/"
  [ -f "$hd/ssh/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -f "$hd/ssh/ssh_host_ed25519_key"
  cat > "$hd/sshd_config" <<EOF
ListenAddress ${ADDR[$h]}:22
HostKey $hd/ssh/ssh_host_ed25519_key
PidFile /run/openstack/sshd.pid
AuthorizedKeysFile $DIR/ssh/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxSessions 64
MaxStartups 64:30:128
LogLevel ERROR
Subsystem sftp internal-sftp
# pip on this host installs from the local wheel repository (as OpenStack-Ansible's repo server)
SetEnv PIP_CONFIG_FILE=/etc/upshift/pip.conf
EOF
  # The layout of Upshift's venv-supervisord platform: /openstack/venvs/{service}-{release}, and
  # {service}-current, the code the daemons run (switching it switches the code at the next start).
  local svc o="$hd/openstack"
  [ -e "$o/wheels" ] || ln -s "$DIR/wheels" "$o/wheels"
  for svc in nova placement; do
    [ -e "$o/venvs/$svc-2024.2" ] || ln -s "$(venv_dir 2024.2)" "$o/venvs/$svc-2024.2"
    [ -e "$o/venvs/$svc-current" ] || ln -s "/openstack/venvs/$svc-2024.2" "$o/venvs/$svc-current"
  done
  local rel
  for rel in 2024.2 2025.1; do cp "$DIR/venvs/${CONSTRAINTS[$rel]}" "$hd/etc/upshift/pip-constraints-$rel.txt"; done
  printf '[global]\nno-index = true\nfind-links = /openstack/wheels/2024.2 /openstack/wheels/2025.1\n' > "$hd/etc/upshift/pip.conf"
  if [ "$h" = ctl-01 ]; then
    printf '[client]\nhost = %s\nport = %s\nuser = upshift\npassword = %s\n' "$CTL_ADDR" "$DB_PORT" "$SECRET" > "$hd/etc/upshift/mysql.cnf"
    chmod 600 "$hd/etc/upshift/mysql.cnf"
  fi
  supervisord_conf > "$hd/etc/supervisor/supervisord.conf"
  if [ "$h" = ctl-01 ]; then
    infra_programs > "$hd/etc/supervisor/conf.d/infra.conf"
    nova_conf "$h" controller | write_once "$hd/etc/nova/nova.conf"
    api_paste | write_once "$hd/etc/nova/api-paste.ini"
    placement_conf | write_once "$hd/etc/placement/placement.conf"
    printf '[].\n' > "$hd/etc/rabbitmq/enabled_plugins"
    printf 'loopback_users = none\ndefault_user = openstack\ndefault_pass = %s\n' "$SECRET" > "$hd/etc/rabbitmq/rabbitmq.conf"
  else
    nova_conf "$h" compute | write_once "$hd/etc/nova/nova.conf"
    compute_programs > "$hd/etc/supervisor/conf.d/nova.conf"
  fi
}

supervisord_conf() {
  cat <<'EOF'
[unix_http_server]
file=/run/openstack/supervisor.sock
chmod=0700
[supervisord]
logfile=/var/log/openstack/supervisord.log
pidfile=/run/openstack/supervisord.pid
childlogdir=/var/log/openstack
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix:///run/openstack/supervisor.sock
[include]
files = /etc/supervisor/conf.d/*.conf
EOF
}

# program NAME PRIORITY STOPWAIT COMMAND [ENVIRONMENT]
program() {
  cat <<EOF
[program:$1]
command=$4
priority=$2
autostart=true
autorestart=unexpected
startsecs=2
stopwaitsecs=$3
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile=/var/log/openstack/$1.log
stdout_logfile_maxbytes=20MB
stdout_logfile_backups=1
EOF
  [ -n "${5:-}" ] && echo "environment=$5"
  echo
}

infra_programs() {
  program epmd 10 10 "/usr/bin/epmd -port $EPMD_PORT -address 127.0.0.1"
  program mariadb 10 60 "/usr/sbin/mariadbd --no-defaults --user=root --datadir=/var/lib/mysql --socket=/run/mysqld/mysqld.sock --port=$DB_PORT --bind-address=$CTL_ADDR --pid-file=/run/mysqld/mysqld.pid --innodb-buffer-pool-size=64M --max-connections=400 --skip-name-resolve --log-error=/var/log/openstack/mariadb-error.log"
  program rabbitmq 20 60 /usr/lib/rabbitmq/bin/rabbitmq-server \
    "HOME=\"/var/lib/rabbitmq\",RABBITMQ_NODENAME=\"rabbit@localhost\",ERL_EPMD_PORT=\"$EPMD_PORT\",RABBITMQ_NODE_PORT=\"$AMQP_PORT\",RABBITMQ_NODE_IP_ADDRESS=\"$CTL_ADDR\",RABBITMQ_MNESIA_BASE=\"/var/lib/rabbitmq/mnesia\",RABBITMQ_LOG_BASE=\"/var/log/openstack/rabbitmq\",RABBITMQ_CONFIG_FILE=\"/etc/rabbitmq/rabbitmq\",RABBITMQ_ENABLED_PLUGINS_FILE=\"/etc/rabbitmq/enabled_plugins\",RABBITMQ_PID_FILE=\"/run/openstack/rabbitmq.pid\""
  program stub 20 5 "/usr/bin/python3 $DIR/share/stub.py $CTL_ADDR $GLANCE_PORT $NEUTRON_PORT"
}

# Written after the databases exist (controller_bootstrap), so their first start finds a schema.
controller_programs() {
  program placement-api 30 15 "/openstack/venvs/placement-current/bin/gunicorn --workers 1 --timeout 120 --bind 0.0.0.0:$PLACEMENT_PORT --pythonpath $DIR/share wsgi_placement:application"
  program nova-api 30 15 "/openstack/venvs/nova-current/bin/gunicorn --workers 2 --timeout 120 --bind 0.0.0.0:$NOVA_PORT --pythonpath $DIR/share wsgi_nova_api:application"
  program nova-conductor 40 15 "/openstack/venvs/nova-current/bin/nova-conductor --config-file /etc/nova/nova.conf"
  program nova-scheduler 40 15 "/openstack/venvs/nova-current/bin/nova-scheduler --config-file /etc/nova/nova.conf"
}

compute_programs() {
  program nova-compute 40 15 "/openstack/venvs/nova-current/bin/nova-compute --config-file /etc/nova/nova.conf"
}

db_url() { echo "mysql+pymysql://$1:$SECRET@$CTL_ADDR:$DB_PORT/$2?charset=utf8"; }

# nova_conf HOST controller|compute
nova_conf() {
  local h=$1 role=$2
  cat <<EOF
[DEFAULT]
host = $h
my_ip = ${ADDR[$h]}
state_path = /var/lib/nova
transport_url = rabbit://openstack:$SECRET@$CTL_ADDR:$AMQP_PORT/
compute_driver = fake.FakeDriverWithoutFakeNodes
use_stderr = true
[api]
auth_strategy = noauth2
[wsgi]
api_paste_config = /etc/nova/api-paste.ini
[oslo_policy]
enforce_new_defaults = False
enforce_scope = False
[oslo_concurrency]
lock_path = /var/lib/nova/tmp
[conductor]
workers = 1
[scheduler]
workers = 1
[glance]
endpoint_override = http://$CTL_ADDR:$GLANCE_PORT
[neutron]
auth_type = none
endpoint_override = http://$CTL_ADDR:$NEUTRON_PORT
[placement]
auth_type = admin_token
endpoint = http://$CTL_ADDR:$PLACEMENT_PORT
token = admin
[service_user]
send_service_user_token = True
auth_type = admin_token
endpoint = http://$CTL_ADDR:$NOVA_PORT
token = admin
[upgrade_levels]
compute = auto
EOF
  if [ "$role" = controller ]; then
    printf '[api_database]\nconnection = %s\n[database]\nconnection = %s\n' "$(db_url nova nova_api)" "$(db_url nova nova)"
  fi
}

# Nova's noauth2 pipeline with the token filter right after noauth2 (§11.3 trap 2).
api_paste() {
  cat <<'EOF'
[composite:osapi_compute]
use = call:nova.api.openstack.urlmap:urlmap_factory
/: oscomputeversions
/v2.1: openstack_compute_api_v21
[composite:openstack_compute_api_v21]
use = call:nova.api.auth:pipeline_factory_v21
keystone = cors http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit osprofiler authtoken keystonecontext osapi_compute_app_v21
noauth2 = cors http_proxy_to_wsgi compute_req_id faultwrap request_log sizelimit osprofiler noauth2 rctoken osapi_compute_app_v21
[filter:request_log]
paste.filter_factory = nova.api.openstack.requestlog:RequestLog.factory
[filter:compute_req_id]
paste.filter_factory = nova.api.compute_req_id:ComputeReqIdMiddleware.factory
[filter:faultwrap]
paste.filter_factory = nova.api.openstack:FaultWrapper.factory
[filter:noauth2]
paste.filter_factory = nova.api.openstack.auth:NoAuthMiddleware.factory
[filter:rctoken]
paste.filter_factory = rc_token:filter_factory
[filter:osprofiler]
paste.filter_factory = nova.profiler:WsgiMiddleware.factory
[filter:sizelimit]
paste.filter_factory = oslo_middleware:RequestBodySizeLimiter.factory
[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory
[app:osapi_compute_app_v21]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory
[pipeline:oscomputeversions]
pipeline = cors faultwrap request_log http_proxy_to_wsgi oscomputeversionapp
[app:oscomputeversionapp]
paste.app_factory = nova.api.openstack.compute.versions:Versions.factory
[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = nova
[filter:keystonecontext]
paste.filter_factory = nova.api.auth:NovaKeystoneContext.factory
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
EOF
}

placement_conf() {
  cat <<EOF
[DEFAULT]
use_stderr = true
[api]
auth_strategy = noauth2
[placement_database]
connection = $(db_url placement placement)
[oslo_policy]
enforce_new_defaults = False
enforce_scope = False
EOF
}
