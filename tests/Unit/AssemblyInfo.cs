// The agent and its tests run on Linux devices; file modes and process groups are part of what is tested.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
