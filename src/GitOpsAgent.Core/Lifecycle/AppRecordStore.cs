using System.Text.Json;
using GitOpsAgent.Core.Configuration;
using GitOpsAgent.Core.State;

namespace GitOpsAgent.Core.Lifecycle;

/// <summary>
/// Keeps each app's <see cref="AppRecord"/> as <c>state/apps/&lt;app&gt;.json</c> (written atomically, only when it
/// changes) and the config file contents of its last healthy state under <c>state/last-good/&lt;app&gt;/</c>.
/// </summary>
public sealed class AppRecordStore(AgentPaths paths)
{
    public IReadOnlyList<string> Names()
    {
        if (!Directory.Exists(paths.AppRecords))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(paths.AppRecords, "*.json")
            .Select(file => Uri.UnescapeDataString(Path.GetFileNameWithoutExtension(file)))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The app's record, or null when there is none; an unreadable one is an <see cref="InvalidDataException"/>.</summary>
    public AppRecord? Read(string appName)
    {
        var file = FileFor(appName);
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            return AppRecordJson.Read(File.ReadAllText(file));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file}: the app's saved state cannot be read ({ex.Message}); it was set aside as {file}.unreadable and the app starts without it (no rollback target, no failed state remembered).", ex);
        }
    }

    /// <summary>Like <see cref="Read"/>, but an unreadable record is moved aside and the reason returned instead.</summary>
    public (AppRecord? Record, string? Problem) ReadOrSetAside(string appName)
    {
        try
        {
            return (Read(appName), null);
        }
        catch (InvalidDataException ex)
        {
            var file = FileFor(appName);
            File.Move(file, file + ".unreadable", overwrite: true);
            return (null, ex.Message);
        }
    }

    public void Write(AppRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = AppRecordJson.Write(Redacted(record));
        var file = FileFor(record.Name);
        if (File.Exists(file) && File.ReadAllText(file) == text)
        {
            return;
        }

        AtomicFile.WriteAllText(file, text);
    }

    public void Delete(string appName)
    {
        if (File.Exists(FileFor(appName)))
        {
            File.Delete(FileFor(appName));
        }

        var files = FilesFolder(appName);
        if (Directory.Exists(files))
        {
            Directory.Delete(files, recursive: true);
        }
    }

    /// <summary>Keeps <paramref name="content"/> in the last-good store and returns its SHA-256.</summary>
    public string KeepFile(string appName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var sha = Sha256.HexOf(content);
        var file = Path.Combine(FilesFolder(appName), sha);
        if (!File.Exists(file))
        {
            AtomicFile.WriteAllBytes(file, content, UnixFileMode.UserRead | UnixFileMode.UserWrite, owner: null);
        }

        return sha;
    }

    /// <summary>The kept content with this SHA-256, or null when it is gone.</summary>
    public byte[]? KeptFile(string appName, string sha)
    {
        var file = Path.Combine(FilesFolder(appName), sha);
        return File.Exists(file) ? File.ReadAllBytes(file) : null;
    }

    /// <summary>Removes kept contents no longer referenced by the last healthy state.</summary>
    public void PruneFiles(string appName, IEnumerable<string> keep)
    {
        var folder = FilesFolder(appName);
        if (!Directory.Exists(folder))
        {
            return;
        }

        var wanted = keep.ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder).Where(file => !wanted.Contains(Path.GetFileName(file))))
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// The record as it may be stored: URL credentials and the operator's redact patterns masked in every text, like in
    /// every other artefact of a pass. The unmasked declaration stays where the operator put it: the config repo.
    /// </summary>
    private static AppRecord Redacted(AppRecord record) => record with
    {
        ConfigSource = Reports.SecretRedactor.RedactOrNull(record.ConfigSource),
        Declared = Redacted(record.Declared),
        LastGood = record.LastGood is { } good ? good with { App = Redacted(good.App)! } : null,
        Failure = record.Failure is { } failure ? failure with { Error = Reports.SecretRedactor.RedactOrNull(failure.Error), Status = Reports.SecretRedactor.Redact(failure.Status) } : null,
    };

    private static DesiredApp? Redacted(DesiredApp? app) => app is null ? null : app with
    {
        CodeUrl = Reports.SecretRedactor.Redact(app.CodeUrl),
        PreUpdationCommand = Reports.SecretRedactor.RedactOrNull(app.PreUpdationCommand),
        PostUpdationCommand = Reports.SecretRedactor.RedactOrNull(app.PostUpdationCommand),
        HealthCheckCommand = Reports.SecretRedactor.RedactOrNull(app.HealthCheckCommand),
        RemovalCommand = Reports.SecretRedactor.RedactOrNull(app.RemovalCommand),
        SuspendReason = Reports.SecretRedactor.RedactOrNull(app.SuspendReason),
    };

    private string FileFor(string appName) => Path.Combine(paths.AppRecords, Uri.EscapeDataString(appName) + ".json");

    private string FilesFolder(string appName) => Path.Combine(paths.LastGoodFiles, Uri.EscapeDataString(appName));
}
