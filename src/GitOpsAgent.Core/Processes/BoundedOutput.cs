using System.Text;

namespace GitOpsAgent.Core.Processes;

/// <summary>
/// Collects a process's output but keeps only the last <see cref="Limit"/> characters, so a chatty hook
/// cannot exhaust memory or bloat the health report.
/// </summary>
public sealed class BoundedOutput
{
    private readonly object _gate = new();
    private readonly StringBuilder _buffer = new();
    private long _dropped;

    public BoundedOutput(int limit = DefaultLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        Limit = limit;
    }

    public const int DefaultLimit = 64 * 1024;

    public int Limit { get; }

    /// <summary>Characters discarded from the start because the output exceeded the limit.</summary>
    public long DroppedCharacters
    {
        get
        {
            lock (_gate)
            {
                return _dropped;
            }
        }
    }

    public void AppendLine(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (_gate)
        {
            _buffer.Append(line).Append('\n');
            var excess = _buffer.Length - Limit;
            if (excess > 0)
            {
                // Trim in chunks so a flood of short lines does not cost a copy per line.
                var cut = Math.Min(_buffer.Length, excess + (Limit / 8));
                _buffer.Remove(0, cut);
                _dropped += cut;
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            var text = AnsiText.Strip(_buffer.ToString());
            return _dropped > 0 ? $"[… {_dropped} earlier characters omitted …]\n{text}" : text;
        }
    }
}
