"""Run-time support of compiled code: trusted builtins and guard counters (``prelude``)."""
