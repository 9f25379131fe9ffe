namespace GitOpsAgent.Core.Git;

/// <summary>
/// Recognises a server that will not hand out an object by its id (protocol v0 without
/// <c>uploadpack.allowAnySHA1InWant</c>): a blob-less clone cannot get its missing blobs from it, so the agent falls
/// back to a clone that holds them.
/// </summary>
public static class ObjectsById
{
    public static bool Refused(string? gitError) =>
        gitError is not null
        && (gitError.Contains("not allow request for unadvertised object", StringComparison.OrdinalIgnoreCase)
            || gitError.Contains("not our ref", StringComparison.OrdinalIgnoreCase));

    public const string FallbackNote =
        "the server does not hand out objects by id (git protocol v0 without uploadpack.allowAnySHA1InWant), so a blob-less clone cannot work with it";
}
