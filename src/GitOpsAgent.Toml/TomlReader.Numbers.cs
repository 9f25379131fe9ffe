using System.Globalization;

namespace GitOpsAgent.Toml;

/// <summary>Integers (decimal, hex, octal, binary) and floats, with TOML's underscore and leading-zero rules.</summary>
internal sealed partial class TomlReader
{
    private object ReadNumber()
    {
        var text = _text;
        var start = _pos;
        var pos = start;
        var negative = false;
        if (text[pos] is '+' or '-')
        {
            negative = text[pos] == '-';
            pos++;
        }

        var c = pos < text.Length ? text[pos] : '\0';
        if (c is 'i' or 'n')
        {
            var word = c == 'i' ? "inf" : "nan";
            if (string.CompareOrdinal(text, pos, word, 0, 3) != 0)
            {
                throw ErrorAt(start, $"expected a value, found {DescribeAt(start)} (strings need quotes)");
            }

            _pos = pos + 3;
            return c == 'n' ? double.NaN : negative ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (c == '0' && pos + 1 < text.Length && text[pos + 1] is 'x' or 'o' or 'b')
        {
            if (pos != start)
            {
                throw ErrorAt(start, "hexadecimal, octal and binary integers cannot have a sign");
            }

            return ReadRadixInteger(pos);
        }

        if (c < '0' || c > '9')
        {
            throw ErrorAt(pos, $"expected a digit, found {DescribeAt(pos)}");
        }

        var integerStart = pos;
        pos = SkipDigits(pos, 10, "number");
        if (text[integerStart] == '0' && pos - integerStart > 1)
        {
            throw ErrorAt(integerStart, "leading zeros are not allowed in numbers");
        }

        var isFloat = false;
        if (pos < text.Length && text[pos] == '.')
        {
            isFloat = true;
            pos++;
            if (pos >= text.Length || text[pos] < '0' || text[pos] > '9')
            {
                throw ErrorAt(pos, $"expected a digit after the decimal point, found {DescribeAt(pos)}");
            }

            pos = SkipDigits(pos, 10, "float");
        }

        if (pos < text.Length && text[pos] is 'e' or 'E')
        {
            isFloat = true;
            pos++;
            if (pos < text.Length && text[pos] is '+' or '-')
            {
                pos++;
            }

            if (pos >= text.Length || text[pos] < '0' || text[pos] > '9')
            {
                throw ErrorAt(pos, $"expected a digit in the exponent, found {DescribeAt(pos)}");
            }

            pos = SkipDigits(pos, 10, "exponent");
        }

        _pos = pos;
        return isFloat ? ParseFloat(start, pos) : (object)ParseDecimalInteger(start, pos, negative);
    }

    /// <summary>Skips digits of the given radix with single underscores between them; returns the end index.</summary>
    private int SkipDigits(int pos, int radix, string what)
    {
        var text = _text;
        while (pos < text.Length)
        {
            var c = text[pos];
            if (DigitValue(c, radix) >= 0)
            {
                pos++;
            }
            else if (c == '_')
            {
                if (pos + 1 >= text.Length || DigitValue(text[pos + 1], radix) < 0)
                {
                    throw ErrorAt(pos, $"an underscore in a {what} must be between two digits");
                }

                pos++;
            }
            else
            {
                break;
            }
        }

        return pos;
    }

    private static int DigitValue(char c, int radix)
    {
        var value = radix == 16 ? HexValue(c) : (uint)(c - '0') <= 9 ? c - '0' : -1;
        return value < radix ? value : -1;
    }

    private long ParseDecimalInteger(int start, int end, bool negative)
    {
        var text = _text;
        var pos = start;
        if (text[pos] is '+' or '-')
        {
            pos++;
        }

        // Accumulate the magnitude unsigned so that -9223372036854775808 fits.
        ulong magnitude = 0;
        for (; pos < end; pos++)
        {
            var c = text[pos];
            if (c == '_')
            {
                continue;
            }

            var digit = (ulong)(c - '0');
            if (magnitude > (ulong.MaxValue - digit) / 10)
            {
                throw ErrorAt(start, "integer out of 64-bit range");
            }

            magnitude = (magnitude * 10) + digit;
        }

        if (negative)
        {
            return magnitude <= (ulong)long.MaxValue + 1 ? (long)(0 - magnitude) : throw ErrorAt(start, "integer out of 64-bit range");
        }

        return magnitude <= long.MaxValue ? (long)magnitude : throw ErrorAt(start, "integer out of 64-bit range");
    }

    private long ReadRadixInteger(int zero)
    {
        var text = _text;
        var (radix, shift, name) = text[zero + 1] switch
        {
            'x' => (16, 4, "hexadecimal"),
            'o' => (8, 3, "octal"),
            _ => (2, 1, "binary"),
        };
        var digitsStart = zero + 2;
        if (digitsStart >= text.Length || DigitValue(text[digitsStart], radix) < 0)
        {
            throw ErrorAt(digitsStart, $"expected a {name} digit, found {DescribeAt(digitsStart)}");
        }

        var end = SkipDigits(digitsStart, radix, $"{name} integer");
        ulong value = 0;
        for (var pos = digitsStart; pos < end; pos++)
        {
            var c = text[pos];
            if (c == '_')
            {
                continue;
            }

            if (value >> (63 - shift) != 0)
            {
                throw ErrorAt(zero, "integer out of 64-bit range");
            }

            value = (value << shift) | (uint)DigitValue(c, radix);
        }

        if (value > long.MaxValue)
        {
            throw ErrorAt(zero, "integer out of 64-bit range");
        }

        _pos = end;
        return (long)value;
    }

    private double ParseFloat(int start, int end)
    {
        var length = end - start;
        Span<char> digits = length <= 128 ? stackalloc char[length] : new char[length];
        var count = 0;
        for (var pos = start; pos < end; pos++)
        {
            var c = _text[pos];
            if (c != '_')
            {
                digits[count++] = c;
            }
        }

        return double.Parse(digits[..count], NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
