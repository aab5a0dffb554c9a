import Foundation

/// Glance's notifications, which Icehouse sends through oslo.messaging (reference §12 #6).
///
/// glance@2014.1 `glance/notifier.py:44-50,67-76`: without `notification_driver`, the deprecated
/// `notifier_strategy` picks the driver (`qpid` and `rabbit` → `messaging`, `logging` → `log`,
/// `noop`/`default` → `noop`), and the `messaging` driver's transport is `rpc_backend`, whose default
/// is `rabbit` (oslo.messaging@1.3.0 `transport.py:44-47`; glance maps the old
/// `glance.openstack.common.rpc.impl_*` names to `qpid`/`rabbit`). The rabbit driver reconnects
/// forever by default (`impl_rabbit.py:92-95,428-431`: rabbit_max_retries=0), so a request that sends
/// a notification (an image download sends `image.send`) blocks when that broker is not there
/// [derived]. Havana glance's own qpid notifier uses `qpid_hostname` directly.
enum LabGlanceNotifier {
    /// Why image requests that notify hang (nil: notifications go through, or nowhere).
    static func blocked(_ state: LabState) -> String? {
        guard let (glanceHost, api) = LabMechanisms.running("openstack-glance-api", in: state) else { return nil }
        let c = api.config
        let strategy = (c["DEFAULT/notifier_strategy"] ?? "default").lowercased()
        let driver: String
        if api.code == "icehouse" {
            driver = c["DEFAULT/notification_driver"] ?? ["qpid": "messaging", "rabbit": "messaging", "logging": "log"][strategy] ?? "noop"
        } else {
            driver = ["qpid", "rabbit"].contains(strategy) ? strategy : "noop"
        }
        guard ["messaging", "messagingv2", "qpid", "rabbit"].contains(driver) else { return nil }
        var backend = driver == "qpid" || driver == "rabbit" ? driver : (c["DEFAULT/rpc_backend"] ?? "rabbit").lowercased()
        if backend.hasSuffix("impl_qpid") { backend = "qpid" } else if backend.hasSuffix("impl_kombu") { backend = "rabbit" }
        let (daemon, hostKey) = backend == "qpid" ? ("qpidd", "DEFAULT/qpid_hostname") : ("rabbitmq-server", "DEFAULT/rabbit_host")
        let target = c[hostKey] ?? "localhost"
        let host = ["localhost", "127.0.0.1"].contains(target) ? glanceHost : state.hosts.first { $0.address == target || $0.name == target }
        if let host, host.isUp(daemon) { return nil }
        return "glance-api (\(api.code ?? "?")) sends notifications through \(backend) at \(target): no \(daemon) there, the notifier retries forever and the image request hangs"
    }

    /// Where a compute caches a downloaded image (nova's `_base`), so only the first boot downloads it.
    static func cachePath(_ image: String) -> String { "/var/lib/nova/instances/_base/\(labUUID("image/\(image)"))" }
}
