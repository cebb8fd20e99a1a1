"""The `onestop` umbrella: the command line, the one-machine demo and process helpers shared by tools."""
