"""Hash banks: lists of known photo hashes (PDQ, MD5, SHA-256) as platforms and hotlines share
them, matched against every screened or stored image. Pure logic: reading the formats, the
PDQ index and the matcher. Their storage is `evidence/banks.py`; the command is `cli/banks.py`."""
