"""Numbered SQL migrations (NNNN_name.sql), applied in order; PRAGMA user_version records the last one."""
