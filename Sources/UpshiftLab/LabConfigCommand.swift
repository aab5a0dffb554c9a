/// `openstack-config --set|--get|--del FILE SECTION [KEY [VALUE]]` (openstack-utils, a crudini wrapper).
extension LabSession {
    func openstackConfig(_ args: [String]) -> Int32 {
        guard args.count >= 3, ["--set", "--get", "--del"].contains(args[0]) else {
            io.error("Usage: openstack-config --set|--get|--del config_file section [parameter] [value]\n"); return 1
        }
        let (path, section) = (args[1], args[2])
        let key = args.count > 3 ? args[3] : nil
        if args[0] == "--get" {
            guard let f = snapshot()?.host(host)?.file(at: path) else { io.error("Error: \(path): No such file\n"); return 1 }
            guard let key else { return 0 }
            guard let v = LabINI.values(f.content)["\(section)/\(key)"] else { io.error("Parameter not found: \(key)\n"); return 1 }
            io.print(v + "\n"); return 0
        }
        let r = withHost { (s: inout LabState, i: Int) throws(LabError) -> Bool in
            let path = s.hosts[i].resolve(path) ?? path
            var f = s.hosts[i].files[path] ?? LabFile("", mode: "0640")
            if args[0] == "--set", let key { f.content = LabINI.set(f.content, section: section, key: key, value: args.count > 4 ? args[4] : "") }
            else if let key { f.content = LabINI.delete(f.content, section: section, key: key) }
            s.hosts[i].files[path] = f
            return true
        }
        return r == true ? 0 : 1
    }
}
