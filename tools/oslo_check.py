#!/usr/bin/env python3
"""Read config files with the real oslo.config and print what it sees, as JSON.

Used by the Swift tests (UpshiftConfigEditorTests/OsloCrossCheckTests) to prove that Upshift's
lossless editor reads files the way oslo.config does, and that migrated files give the values
the pack says under the new option names.

  oslo_check.py parse FILE...
      For each file, oslo.config's parser view: {"FILE": {"sections": {group: {key: [values]}}}}
      with group names normalised as oslo.config does (DEFAULT kept, others lower-cased), or
      {"FILE": {"error": "..."}} when oslo.config refuses the file.

  oslo_check.py read FILE OPTION...
      Registers each OPTION as a string option on a fresh ConfigOpts, loads FILE as the only
      config file and prints {"OPTION": value-or-null}. OPTION is group/name, optionally followed
      by =oldgroup/oldname to register that deprecated alias (as the target release does), and by
      a trailing * for a multi-valued option.
"""
import json
import logging
import sys

from oslo_config import cfg


def parse(files):
    out = {}
    for path in files:
        sections, normalized = {}, {}
        parser = cfg.ConfigParser(path, sections)
        parser._add_normalized(normalized)
        try:
            parser.parse()
            out[path] = {"sections": normalized}
        except Exception as exc:  # oslo's ParseError and decoding errors alike
            out[path] = {"error": str(exc)}
    return out


def read(path, specs):
    conf = cfg.ConfigOpts()
    wanted = []
    for spec in specs:
        multi = spec.endswith("*")
        spec = spec.rstrip("*")
        name_part, _, old = spec.partition("=")
        group, _, name = name_part.partition("/")
        deprecated = []
        if old:
            old_group, _, old_name = old.partition("/")
            deprecated = [cfg.DeprecatedOpt(old_name, group=old_group)]
        opt_type = cfg.MultiStrOpt if multi else cfg.StrOpt
        conf.register_opt(opt_type(name, deprecated_opts=deprecated), group=None if group == "DEFAULT" else group)
        wanted.append((spec + ("*" if multi else ""), group, name))
    conf(args=[], project="upshift-check", default_config_files=[path], default_config_dirs=[])
    result = {}
    for key, group, name in wanted:
        holder = conf if group == "DEFAULT" else getattr(conf, group)
        result[key] = getattr(holder, name)
    return result


def main(argv):
    logging.disable(logging.CRITICAL)  # deprecation warnings are expected; stdout carries only JSON
    if len(argv) >= 2 and argv[0] == "parse":
        json.dump(parse(argv[1:]), sys.stdout, sort_keys=True)
    elif len(argv) >= 3 and argv[0] == "read":
        json.dump(read(argv[1], argv[2:]), sys.stdout, sort_keys=True)
    else:
        sys.stderr.write(__doc__)
        return 64
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
