#!/usr/bin/env python3
"""A sigkit adapter for an xConnect signer with a deliberate mistake: CRLF query lines.

It is examples/adapters/xconnect_adapter.py except that each canonical query line ends with
"\\r\\n" instead of "\\n" — a mistake seen in published clients (docs/spec/xconnect.md §4,
`CrlfQueryLines`). `sigkit check` fails it, shrinks the failure to a request with one query
parameter, and names the deviation:

    sigkit check --scheme xconnect --adapter "python3 examples/adapters/xconnect_adapter_crlf.py"
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xconnect_adapter  # noqa: E402  (the correct adapter, beside this file)


def sign_with_crlf_query_lines(*args):
    return xconnect_adapter.sign(*args, line_end="\r\n")


if __name__ == "__main__":
    xconnect_adapter.main(sign_with_crlf_query_lines)
