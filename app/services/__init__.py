"""Qt-free services shared by the CLI and the GUI."""
