// The command runs on Linux (and other Unix) hosts: it sets file modes and stops hooks by process group.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
