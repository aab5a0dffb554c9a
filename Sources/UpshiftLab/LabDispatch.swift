import Foundation

/// Maps a command name to its emulation. Anything else fails like bash: status 127.
extension LabSession {
    func dispatch(_ name: String, _ args: [String], env: inout [String: String]) async -> Int32 {
        switch name {
        case "true", ":": return 0
        case "false": return 1
        case "echo": io.print(echo(args)); return 0
        case "hostname": io.print((snapshot()?.host(host)?.hostname ?? host) + "\n"); return 0
        case "umask": return umaskCommand(args)
        case "export": for a in args { if let eq = a.firstIndex(of: "=") { env[String(a[..<eq])] = String(a[a.index(after: eq)...]) } }; return 0
        case ".", "source": return await source(args, env: &env)
        case "runuser", "su": return await runuser(args, env: &env)
        case "sleep": await clock.sleep((Double(args.first ?? "0") ?? 0)); return 0
        case "cat": return cat(args)
        case "test", "[": return test(name == "[" ? Array(args.dropLast()) : args)
        case "mkdir": return mkdir(args)
        case "rmdir": return rmdir(args)
        case "cp": return cp(args)
        case "mv": return mv(args)
        case "rm": return rm(args)
        case "ln": return ln(args)
        case "readlink": return readlink(args)
        case "xargs": return await xargs(args, env: &env)
        case "chmod", "chown": return chattr(name, args)
        case "grep": return grep(args)
        case "head": return head(args)
        case "wc": return wc(args)
        case "sort": io.print(lines(readStdin()).sorted().map { $0 + "\n" }.joined()); return 0
        case "find": return find(args)
        case "yum": return await yum(args)
        case "rpm": return rpm(args)
        case "service": return await service(args)
        case "chkconfig": return chkconfig(args)
        case "systemctl": return await systemctl(args)
        case "timeout": return await timeout(args, env: &env)
        case "openstack-service": return await openstackService(args)
        case "openstack-status": return openstackStatus()
        case "openstack-config": return openstackConfig(args)
        case "openstack-db": return await openstackDB(args)
        case "nova-manage", "keystone-manage", "glance-manage", "cinder-manage", "neutron-db-manage":
            return await manage(name, args)
        case "mysqldump": return mysqldump(args)
        case "mysql": return mysql(args)
        case "nova": return await nova(args, env: env)
        case "neutron", "glance", "keystone", "cinder": return clientCommand(name, args, env: env)
        default:
            io.error("sh: \(name): command not found\n"); return 127
        }
    }

    func echo(_ args: [String]) -> String {
        var a = args
        var newline = true
        if a.first == "-n" { newline = false; a.removeFirst() }
        return a.joined(separator: " ") + (newline ? "\n" : "")
    }

    func umaskCommand(_ args: [String]) -> Int32 {
        guard let a = args.first else { io.print(String(format: "%04o\n", umask)); return 0 }
        guard let v = Int(a, radix: 8) else { io.error("sh: umask: \(a): octal number out of range\n"); return 1 }
        umask = v; return 0
    }

    /// `. FILE`: runs the file's lines (keystonerc's exports) in this shell.
    func source(_ args: [String], env: inout [String: String]) async -> Int32 {
        guard let path = args.first else { io.error("sh: .: filename argument required\n"); return 2 }
        guard let f = snapshot()?.host(host)?.file(at: path) else { io.error("sh: \(path): No such file or directory\n"); return 1 }
        return await runScript(f.content, env: &env)
    }

    /// `runuser -s /bin/sh USER -c 'COMMAND'`: COMMAND runs as USER (interpreted recursively).
    func runuser(_ args: [String], env: inout [String: String]) async -> Int32 {
        var rest = args[...]
        var target: String?
        var command: String?
        while let a = rest.popFirst() {
            switch a {
            case "-s", "--shell", "-g", "-G": _ = rest.popFirst()
            case "-c", "--command": command = rest.popFirst()
            case "-l", "-", "--login", "-m", "-p": continue
            default: if target == nil { target = a }
            }
        }
        guard let target, let command else { io.error("runuser: usage: runuser [options] -u USER COMMAND\n"); return 1 }
        let saved = user
        user = target
        defer { user = saved }
        var childEnv = env
        return await runScript(command, env: &childEnv)
    }
}
