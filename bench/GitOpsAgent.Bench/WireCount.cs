namespace GitOpsAgent.Bench;

/// <summary>Bytes each way and connections through a <see cref="ByteCountingProxy"/>, at one moment or between two.</summary>
public readonly record struct WireCount(long ToServer, long ToClient, long Connections)
{
    public long Total => ToServer + ToClient;

    public static WireCount operator -(WireCount after, WireCount before) =>
        new(after.ToServer - before.ToServer, after.ToClient - before.ToClient, after.Connections - before.Connections);

    public static WireCount operator +(WireCount left, WireCount right) =>
        new(left.ToServer + right.ToServer, left.ToClient + right.ToClient, left.Connections + right.Connections);

    public static WireCount Subtract(WireCount after, WireCount before) => after - before;

    public static WireCount Add(WireCount left, WireCount right) => left + right;
}
