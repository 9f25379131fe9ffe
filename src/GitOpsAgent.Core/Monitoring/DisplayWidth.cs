namespace GitOpsAgent.Core.Monitoring;

/// <summary>Terminal columns a string takes: the status emoji take two, variation selectors none.</summary>
internal static class DisplayWidth
{
    public static int Of(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += rune.Value switch
            {
                0xFE0F or 0xFE0E or 0x200D => 0,
                >= 0x2300 and <= 0x2BFF => 2,
                >= 0x1F000 => 2,
                _ => 1,
            };
        }

        return width;
    }

    public static string PadRight(string text, int width) => text + new string(' ', Math.Max(0, width - Of(text)));
}
