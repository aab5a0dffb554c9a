/// Havana-era config files as packstack (PS-H) writes them, with the lab's marker secrets, so the
/// upgrade has real files to edit and tests can prove secrets never leak.
enum LabConfigs {
    struct Context {
        var controller: String
        var secrets: [String: String]
        var host: String
        var hostAddress: String
        func s(_ name: String) -> String { secrets[name] ?? "" }
    }

    static func novaConf(_ c: Context, compute: Bool) -> String {
        var text = """
        [DEFAULT]
        state_path=/var/lib/nova
        enabled_apis=ec2,osapi_compute,metadata
        rpc_backend=nova.openstack.common.rpc.impl_qpid
        qpid_hostname=\(c.controller)
        qpid_port=5672
        sql_connection=mysql://nova:\(c.s("nova_db"))@\(c.controller)/nova
        glance_api_servers=\(c.controller):9292
        auth_strategy=keystone
        network_api_class=nova.network.neutronv2.api.API
        neutron_url=http://\(c.controller):9696
        neutron_admin_username=neutron
        neutron_admin_password=\(c.s("neutron_ks"))
        neutron_admin_tenant_name=services
        neutron_admin_auth_url=http://\(c.controller):35357/v2.0
        neutron_auth_strategy=keystone
        security_group_api=neutron
        firewall_driver=nova.virt.firewall.NoopFirewallDriver
        libvirt_vif_driver=nova.virt.libvirt.vif.LibvirtHybridOVSBridgeDriver
        compute_driver=libvirt.LibvirtDriver
        libvirt_type=kvm
        libvirt_inject_partition=-1
        novncproxy_base_url=http://\(c.controller):6080/vnc_auto.html
        vncserver_listen=\(c.hostAddress)
        vncserver_proxyclient_address=\(c.hostAddress)
        metadata_host=\(c.controller)
        service_neutron_metadata_proxy=True
        neutron_metadata_proxy_shared_secret=\(c.s("metadata"))
        verbose=True
        logdir=/var/log/nova

        [conductor]
        use_local=False

        [keystone_authtoken]
        admin_tenant_name=services
        admin_user=nova
        admin_password=\(c.s("nova_ks"))
        auth_host=\(c.controller)
        auth_port=35357
        auth_protocol=http

        """
        if compute { text += "[libvirt]\n\n" }
        return text
    }

    static func neutronConf(_ c: Context) -> String {
        """
        [DEFAULT]
        verbose = True
        core_plugin = neutron.plugins.openvswitch.ovs_neutron_plugin.OVSNeutronPluginV2
        auth_strategy = keystone
        allow_overlapping_ips = True
        rpc_backend = neutron.openstack.common.rpc.impl_qpid
        qpid_hostname = \(c.controller)
        qpid_port = 5672
        dhcp_agent_notification = True

        [agent]
        root_helper = sudo neutron-rootwrap /etc/neutron/rootwrap.conf

        [keystone_authtoken]
        auth_host = \(c.controller)
        auth_port = 35357
        auth_protocol = http
        admin_tenant_name = services
        admin_user = neutron
        admin_password = \(c.s("neutron_ks"))

        [database]
        connection = mysql://neutron:\(c.s("neutron_db"))@\(c.controller)/ovs_neutron

        """
    }

    static func ovsPlugin(_ c: Context) -> String {
        """
        [ovs]
        tenant_network_type = vxlan
        tunnel_id_ranges = 1:1000
        enable_tunneling = True
        local_ip = \(c.hostAddress)
        integration_bridge = br-int
        tunnel_bridge = br-tun

        [agent]
        polling_interval = 2
        tunnel_types = vxlan

        [securitygroup]
        firewall_driver = neutron.agent.linux.iptables_firewall.OVSHybridIptablesFirewallDriver

        """
    }

    /// glance-api.conf as Packstack Havana writes it with Ceilometer (the default): notifications go
    /// through Havana glance's own qpid notifier (packstack@havana-eol glance_ceilometer.pp,
    /// `glance::notify::qpid`); there is no rpc_backend, which Havana glance does not read.
    static func glanceAPIConf(_ c: Context) -> String {
        """
        [DEFAULT]
        verbose = True
        notifier_strategy = qpid
        qpid_hostname = \(c.controller)
        qpid_port = 5672
        qpid_protocol = tcp

        [database]
        sql_connection = mysql://glance:\(c.s("glance_db"))@\(c.controller)/glance

        [keystone_authtoken]
        admin_tenant_name = services
        admin_user = glance
        admin_password = \(c.s("glance_ks"))
        auth_host = \(c.controller)

        """
    }

    static func simpleConf(_ service: String, _ c: Context, connectionKey: String = "connection",
                           section: String = "DEFAULT") -> String {
        """
        [DEFAULT]
        verbose = True
        rpc_backend = \(service).openstack.common.rpc.impl_qpid
        qpid_hostname = \(c.controller)

        [\(section == "DEFAULT" ? "database" : section)]
        \(connectionKey) = mysql://\(service):\(c.s("\(service)_db"))@\(c.controller)/\(service)

        [keystone_authtoken]
        admin_tenant_name = services
        admin_user = \(service)
        admin_password = \(c.s("\(service)_ks"))
        auth_host = \(c.controller)

        """
    }

    static func agentConfs(_ c: Context) -> [String: String] {
        [
            "/etc/neutron/dhcp_agent.ini": """
            [DEFAULT]
            interface_driver = neutron.agent.linux.interface.OVSInterfaceDriver
            dhcp_driver = neutron.agent.linux.dhcp.Dnsmasq
            use_namespaces = True

            """,
            "/etc/neutron/l3_agent.ini": """
            [DEFAULT]
            interface_driver = neutron.agent.linux.interface.OVSInterfaceDriver
            use_namespaces = True
            external_network_bridge = br-ex

            """,
            "/etc/neutron/metadata_agent.ini": """
            [DEFAULT]
            auth_url = http://\(c.controller):35357/v2.0
            auth_region = RegionOne
            admin_tenant_name = services
            admin_user = neutron
            admin_password = \(c.s("neutron_ks"))
            nova_metadata_ip = \(c.controller)
            metadata_proxy_shared_secret = \(c.s("metadata"))

            """,
        ]
    }

    static func keystoneConf(_ c: Context) -> String {
        """
        [DEFAULT]
        admin_token = \(c.s("keystone_admin_token"))
        verbose = True

        [sql]
        connection = mysql://keystone_admin:\(c.s("keystone_db"))@\(c.controller)/keystone

        [token]
        expiration = 3600

        """
    }

    static func keystonerc(_ c: Context) -> String {
        """
        export OS_USERNAME=admin
        export OS_TENANT_NAME=admin
        export OS_PASSWORD=\(c.s("admin"))
        export OS_AUTH_URL=http://\(c.controller):35357/v2.0/
        export PS1='[\\u@\\h \\W(keystone_admin)]\\$ '

        """
    }

    static func redhatRelease(_ os: String) -> String {
        os == "el7" ? "CentOS Linux release 7.0.1406 (Core) \n" : "CentOS release 6.5 (Final)\n"
    }
}
