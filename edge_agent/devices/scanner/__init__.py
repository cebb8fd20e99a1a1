"""Document scanner: pure page processing (QR, compression, hashing, chunks), SANE driver, local store, service."""
