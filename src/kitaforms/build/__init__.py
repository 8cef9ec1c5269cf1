"""build: the whole of ``exports/`` at NRW scale — incremental, parallel, streamed, releases immutable.

``run`` orchestrates; ``fingerprint`` and ``cache`` decide what is fresh; ``worker`` compiles and
builds a share of the Kommunen; ``releases`` refuses to change a published version; ``commit``
compares with the output folder and writes.
"""
