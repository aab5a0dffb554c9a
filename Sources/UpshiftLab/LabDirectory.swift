import Foundation
import UpshiftModel
import Yams
#if canImport(Glibc)
import Glibc
#endif

/// A lab directory without sshd: the cloud state, inventory.yaml and answers.txt, for in-process
/// use (`LabTransport(store: FileLabStore(directory:))`), e.g. a demo that needs no ssh.
public enum LabDirectory {
    /// Creates a fresh cloud in `directory` and writes its inventory; returns the store.
    @discardableResult
    public static func create(_ topology: LabTopology, at directory: String) throws(LabError) -> FileLabStore {
        let dir = URL(fileURLWithPath: directory).standardizedFileURL.path
        let store = FileLabStore(directory: URL(fileURLWithPath: dir))
        let state = LabBuilder.makeState(topology)
        try store.create(state)
        try writeInventory(state, dir: dir)
        return store
    }

    /// Writes `inventory.yaml` (hosts addressed by name) and `answers.txt` (mode 0600) for a state.
    public static func writeInventory(_ state: LabState, dir: String) throws(LabError) {
        var inventory = LabBuilder.inventory(state, answerFile: dir + "/answers.txt")
        // The sshd lab writes ssh_config beside it: `apply`, `discover` and `probe` need no --ssh-config.
        inventory.ssh = SSHSettings(config: "ssh_config")
        do {
            try YAMLEncoder().encode(inventory).write(toFile: dir + "/inventory.yaml", atomically: true, encoding: .utf8)
            try LabBuilder.answerFile(state).write(toFile: dir + "/answers.txt", atomically: true, encoding: .utf8)
            chmod(dir + "/answers.txt", 0o600)
        } catch { throw LabError("cannot write the inventory in \(dir): \(error)") }
    }
}
