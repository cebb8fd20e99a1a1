"""The citizen certificate card at the kiosk: APDUs, the card conversation, the PC/SC reader, the service.

``CardService`` (service.py) is the entry point; the pyscard adapter (reader.py) is imported only by
whoever builds the real reader, so this package's pure parts work without pyscard.
"""
