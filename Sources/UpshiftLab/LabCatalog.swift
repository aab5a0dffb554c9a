/// What RDO installs where, and which versions the Havana and Icehouse repositories carry
/// (reference versions-and-services.md §1, §2.2). The lab's only source of package knowledge.
public enum LabCatalog {
    /// A package and the versions each repository offers (`nil` icehouse: not updated by RDO).
    public struct Package: Sendable {
        public var name: String
        public var havana: String
        public var icehouse: String?
    }

    /// A daemon: the package whose code it runs, the service (DB) it belongs to, its config file.
    public struct Daemon: Sendable {
        public var name: String
        public var package: String
        /// The database it uses directly (`nil`: none, e.g. nova-compute goes through the conductor).
        public var database: String?
        public var configFile: String?
        /// The service (openstack-db / pack component) it belongs to.
        public var service: String
    }

    static func p(_ name: String, _ h: String, _ i: String?) -> Package { Package(name: name, havana: h, icehouse: i) }

    /// Every package the lab knows. Havana is 2013.2.3 (the live path's minimum, §4.5) unless the lab says otherwise.
    public static let packages: [Package] = [
        p("openstack-keystone", "2013.2.3-3", "2014.1.1-1"), p("python-keystone", "2013.2.3-3", "2014.1.1-1"),
        p("python-keystoneclient", "0.4.1-3", "0.9.0-1"),
        p("openstack-glance", "2013.2.3-2", "2014.1.1-1"), p("python-glance", "2013.2.3-2", "2014.1.1-1"),
        p("python-glanceclient", "0.12.0-1", "0.12.0-2"),
        p("openstack-cinder", "2013.2.3-1", "2014.1.1-1"), p("python-cinder", "2013.2.3-1", "2014.1.1-1"),
        p("python-cinderclient", "1.0.7-2", "1.0.9-1"),
        p("openstack-nova-common", "2013.2.3-1", "2014.1.1-3"), p("openstack-nova-api", "2013.2.3-1", "2014.1.1-3"),
        p("openstack-nova-scheduler", "2013.2.3-1", "2014.1.1-3"), p("openstack-nova-conductor", "2013.2.3-1", "2014.1.1-3"),
        p("openstack-nova-cert", "2013.2.3-1", "2014.1.1-3"), p("openstack-nova-console", "2013.2.3-1", "2014.1.1-3"),
        p("openstack-nova-novncproxy", "2013.2.3-1", "2014.1.1-3"), p("openstack-nova-compute", "2013.2.3-1", "2014.1.1-3"),
        p("python-nova", "2013.2.3-1", "2014.1.1-3"), p("python-novaclient", "2.15.0-4", "2.17.0-2"),
        p("openstack-neutron", "2013.2.3-7", "2014.1.1-8"), p("python-neutron", "2013.2.3-7", "2014.1.1-8"),
        p("openstack-neutron-openvswitch", "2013.2.3-7", "2014.1.1-8"), p("openstack-neutron-ml2", "", "2014.1.1-8"),
        p("python-neutronclient", "2.3.1-3", "2.3.4-1"),
        p("openstack-dashboard", "2013.2.3-1", "2014.1.1-1"), p("python-django-horizon", "2013.2.3-1", "2014.1.1-1"),
        p("openstack-utils", "2013.2-8", "2014.1-3"), p("rdo-release-havana", "7-1", nil),
        p("rdo-release-icehouse", "", "3-1"),
        p("openstack-ceilometer-notification", "", "2014.1.1-1"),
        p("mysql-server", "5.1.73-3", nil), p("qpid-cpp-server", "0.18-18", nil),
        p("openvswitch", "1.11.0-1", nil), p("libvirt", "0.10.2-29", nil), p("httpd", "2.2.15-30", nil),
        // EL6's base repository; EL7 and Fedora have --downloadonly in yum itself.
        p("yum-plugin-downloadonly", "1.1.30-17", nil),
    ]

    /// Looks a package up by name.
    public static func package(_ name: String) -> Package? { packages.first { $0.name == name } }

    static func d(_ n: String, _ pkg: String, _ db: String?, _ conf: String?, _ svc: String) -> Daemon {
        Daemon(name: n, package: pkg, database: db, configFile: conf, service: svc)
    }
    static let novaConf = "/etc/nova/nova.conf", neutronConf = "/etc/neutron/neutron.conf"

    /// Every daemon the lab knows.
    public static let daemons: [Daemon] = [
        d("openstack-keystone", "openstack-keystone", "keystone", "/etc/keystone/keystone.conf", "keystone"),
        d("openstack-glance-api", "openstack-glance", "glance", "/etc/glance/glance-api.conf", "glance"),
        d("openstack-glance-registry", "openstack-glance", "glance", "/etc/glance/glance-registry.conf", "glance"),
        d("openstack-cinder-api", "openstack-cinder", "cinder", "/etc/cinder/cinder.conf", "cinder"),
        d("openstack-cinder-scheduler", "openstack-cinder", "cinder", "/etc/cinder/cinder.conf", "cinder"),
        d("openstack-cinder-volume", "openstack-cinder", "cinder", "/etc/cinder/cinder.conf", "cinder"),
        d("openstack-nova-api", "openstack-nova-api", "nova", novaConf, "nova"),
        d("openstack-nova-scheduler", "openstack-nova-scheduler", "nova", novaConf, "nova"),
        d("openstack-nova-conductor", "openstack-nova-conductor", "nova", novaConf, "nova"),
        d("openstack-nova-cert", "openstack-nova-cert", "nova", novaConf, "nova"),
        d("openstack-nova-consoleauth", "openstack-nova-console", "nova", novaConf, "nova"),
        d("openstack-nova-novncproxy", "openstack-nova-novncproxy", nil, novaConf, "nova"),
        d("openstack-nova-compute", "openstack-nova-compute", nil, novaConf, "nova"),
        d("neutron-server", "openstack-neutron", "neutron", neutronConf, "neutron"),
        d("neutron-l3-agent", "openstack-neutron", nil, neutronConf, "neutron"),
        d("neutron-dhcp-agent", "openstack-neutron", nil, neutronConf, "neutron"),
        d("neutron-metadata-agent", "openstack-neutron", nil, neutronConf, "neutron"),
        d("neutron-openvswitch-agent", "openstack-neutron-openvswitch", nil, neutronConf, "neutron"),
        d("httpd", "openstack-dashboard", nil, nil, "horizon"),
        d("mysqld", "mysql-server", nil, nil, "mysql"), d("qpidd", "qpid-cpp-server", nil, nil, "qpid"),
        d("openvswitch", "openvswitch", nil, nil, "openvswitch"), d("libvirtd", "libvirt", nil, nil, "libvirt"),
    ]

    /// Looks a daemon up by name.
    public static func daemon(_ name: String) -> Daemon? { daemons.first { $0.name == name } }

    /// Packages installed per role (packstack Havana placement, §2.2).
    public static func packages(for role: String) -> [String] {
        let common = ["openstack-utils", "rdo-release-havana"]
        switch role {
        case "controller":
            return common + ["openstack-keystone", "python-keystone", "python-keystoneclient", "openstack-glance",
                "python-glance", "python-glanceclient", "openstack-cinder", "python-cinder", "python-cinderclient",
                "openstack-nova-common", "openstack-nova-api", "openstack-nova-scheduler", "openstack-nova-conductor",
                "openstack-nova-cert", "openstack-nova-console", "openstack-nova-novncproxy", "python-nova",
                "python-novaclient", "openstack-neutron", "python-neutron", "openstack-neutron-openvswitch",
                "python-neutronclient", "openstack-dashboard", "python-django-horizon", "mysql-server",
                "qpid-cpp-server", "httpd"]
        case "network":
            return common + ["openstack-neutron", "python-neutron", "openstack-neutron-openvswitch",
                             "python-neutronclient", "openvswitch"]
        default:
            return common + ["openstack-nova-common", "openstack-nova-compute", "python-nova", "python-novaclient",
                             "openstack-neutron", "python-neutron", "openstack-neutron-openvswitch",
                             "python-neutronclient", "openvswitch", "libvirt"]
        }
    }

    /// Daemons per role.
    public static func daemons(for role: String) -> [String] {
        switch role {
        case "controller":
            return ["mysqld", "qpidd", "openstack-keystone", "openstack-glance-api", "openstack-glance-registry",
                    "openstack-cinder-api", "openstack-cinder-scheduler", "openstack-cinder-volume",
                    "openstack-nova-api", "openstack-nova-scheduler", "openstack-nova-conductor", "openstack-nova-cert",
                    "openstack-nova-consoleauth", "openstack-nova-novncproxy", "neutron-server", "httpd"]
        case "network":
            return ["openvswitch", "neutron-openvswitch-agent", "neutron-l3-agent", "neutron-dhcp-agent",
                    "neutron-metadata-agent"]
        default:
            return ["libvirtd", "openvswitch", "neutron-openvswitch-agent", "openstack-nova-compute"]
        }
    }

    /// Schema heads (§1.1) as the version commands print them (integers: sqlalchemy-migrate's
    /// `db_version`, e.g. keystone@2014.1 keystone/common/sql/migration_helpers.py:157-160): Havana at lab
    /// creation (2013.2.3: keystone 36 from 2013.2.2, cinder 20 up to 2013.2.3, §12 #9), Icehouse after a sync.
    public static let havanaSchema = ["nova": "216", "glance": "29", "cinder": "20", "keystone": "36", "neutron": "havana"]
    /// Icehouse schema heads (§1.1, 2014.1).
    public static let icehouseSchema = ["nova": "233", "glance": "34", "cinder": "22", "keystone": "44", "neutron": "icehouse"]

    /// `havana` or `icehouse` for a `VERSION-RELEASE` string.
    public static func release(ofVersion v: String) -> String { v.hasPrefix("2014.1") ? "icehouse" : "havana" }

    /// The `VERSION-RELEASE` a repository installs on an OS (`.el6`/`.el7` dist tag appended).
    public static func versionString(_ base: String, os: String) -> String { "\(base).\(os == "el7" ? "el7" : "el6")" }
}
