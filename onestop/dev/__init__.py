"""Developer tools: the test PKI, the virtual citizen card for pcscd's vpcd reader, a private pcscd."""
