/// `action_plugins/upshift_config_edit.py`, written beside the playbook: a config edit of a plan
/// step by the file protocol of docs/commands.md over Ansible's own connection to the host. It runs
/// on the control node only (the host needs no Python): the read command, then
/// `upshift config edit-step` (the lossless editor and the pack's changes, secrets resolved there
/// from UPSHIFT_SECRET_<NAME> or the answer file), then the write command with the new content on
/// its standard input (never on a command line), then the read again to verify. The result holds
/// the masked diff only.
public enum AnsibleActionPlugin {
    public static let fileName = "upshift_config_edit.py"

    public static let source = #"""
    # Written by `upshift export ansible` (docs/ansible.md). Edits one config file of one plan step on
    # the host exactly as `upshift apply` does: read, edit with upshift's lossless editor on the control
    # node, write with the content on stdin, read back and compare.
    import base64
    import json
    import subprocess

    from ansible.plugins.action import ActionBase


    class ActionModule(ActionBase):
        TRANSFERS_FILES = False
        _VALID_ARGS = frozenset(("upshift", "plan", "step", "file", "read", "answer_file", "variables"))

        def _host(self, command, data=None):
            rc, out, err = self._connection.exec_command(command, in_data=data, sudoable=False)
            return rc, out, err.decode("utf-8", "replace").strip()

        def run(self, tmp=None, task_vars=None):
            result = super(ActionModule, self).run(tmp, task_vars)
            a = self._task.args
            host = task_vars["inventory_hostname"]
            rc, before, err = self._host(a["read"])
            if rc != 0:
                return dict(result, failed=True, msg="%s: %s: reading failed (exit %d): %s" % (host, a["file"], rc, err))
            argv = [a["upshift"], "config", "edit-step", a["plan"], "--step", a["step"], "--host", host, "--file", a["file"]]
            if a.get("answer_file"):
                argv += ["--answer-file", a["answer_file"]]
            for name, value in sorted((a.get("variables") or {}).items()):
                if value != "":
                    argv += ["--var", "%s=%s" % (name, value)]
            edit = subprocess.run(argv, input=before, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            if edit.returncode != 0:
                return dict(result, failed=True, msg=edit.stderr.decode("utf-8", "replace").strip())
            answer = json.loads(edit.stdout)
            result["changed"] = answer["changed"]
            result["diff"] = dict(prepared=answer["diff"])
            if not answer["changed"]:
                return dict(result, msg="%s already as wanted" % a["file"])
            content = base64.b64decode(answer["content"])
            rc, _, err = self._host(answer["write"], content)
            if rc != 0:
                return dict(result, failed=True, msg="%s: %s: writing failed (exit %d): %s; the original file is unchanged" % (host, a["file"], rc, err))
            rc, after, err = self._host(a["read"])
            if rc != 0 or after != content:
                return dict(result, failed=True, msg="%s: %s: the file read back differs from what was written; the original is at %s" % (host, a["file"], answer["backup"]))
            return dict(result, msg="%s changed (backup %s)" % (a["file"], answer["backup"]))

    """#
}
