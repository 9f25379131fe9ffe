namespace GitOpsAgent.Cli.Commands;

/// <summary>A small, strict option parser: unknown options are errors, never silently ignored.</summary>
internal sealed class ArgumentReader
{
    private readonly List<string> _remaining;

    public ArgumentReader(IReadOnlyList<string> arguments)
    {
        _remaining = [.. arguments];
    }

    public bool Flag(string name, string? alias = null)
    {
        var index = _remaining.FindIndex(a => a == name || (alias is not null && a == alias));
        if (index < 0)
        {
            return false;
        }

        _remaining.RemoveAt(index);
        return true;
    }

    public string? Value(string name)
    {
        var values = Values(name);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new CliUsageException($"{name} was given more than once"),
        };
    }

    public IReadOnlyList<string> Values(string name)
    {
        var values = new List<string>();
        for (var i = 0; i < _remaining.Count;)
        {
            var argument = _remaining[i];
            if (argument == name)
            {
                if (i + 1 >= _remaining.Count)
                {
                    throw new CliUsageException($"{name} needs a value");
                }

                values.Add(_remaining[i + 1]);
                _remaining.RemoveRange(i, 2);
            }
            else if (argument.StartsWith(name + "=", StringComparison.Ordinal))
            {
                values.Add(argument[(name.Length + 1)..]);
                _remaining.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }

        return values;
    }

    /// <summary>What is left after the options were taken: positional arguments. Any leftover option is an error.</summary>
    public IReadOnlyList<string> Positionals(int max)
    {
        var unknown = _remaining.FirstOrDefault(a => a.StartsWith('-'));
        if (unknown is not null)
        {
            throw new CliUsageException($"unknown option '{unknown}'");
        }

        if (_remaining.Count > max)
        {
            throw new CliUsageException($"unexpected argument '{_remaining[max]}'");
        }

        return _remaining;
    }
}
