namespace GitOpsAgent.Toml;

/// <summary>RFC 3339 dates and times as TOML 1.0 restricts them (seconds are required, a space may replace the T).</summary>
internal sealed partial class TomlReader
{
    private bool LooksLikeDate() =>
        _pos + 4 < _text.Length && IsDigit(_pos + 1) && IsDigit(_pos + 2) && IsDigit(_pos + 3) && _text[_pos + 4] == '-';

    private bool LooksLikeTime() => _pos + 2 < _text.Length && IsDigit(_pos + 1) && _text[_pos + 2] == ':';

    private bool IsDigit(int index) => index < _text.Length && (uint)(_text[index] - '0') <= 9;

    private object ReadDateOrDateTime()
    {
        var start = _pos;
        var year = ReadFixedDigits(4, "year");
        Expect('-', "in date");
        var month = ReadFixedDigits(2, "month");
        Expect('-', "in date");
        var day = ReadFixedDigits(2, "day");
        if (year < 1)
        {
            throw ErrorAt(start, "year 0000 is not supported");
        }

        if (month is < 1 or > 12)
        {
            throw ErrorAt(start + 5, $"month {month:00} is out of range (01-12)");
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw ErrorAt(start + 8, $"day {day:00} is out of range for {year:0000}-{month:00}");
        }

        var date = new DateOnly(year, month, day);
        var c = Current;
        var hasTime = !AtEnd && (c is 'T' or 't' || (c == ' ' && IsDigit(_pos + 1)));
        if (!hasTime)
        {
            return new TomlLocalDate(date);
        }

        _pos++;
        var time = ReadTimeOfDay();
        var local = date.ToDateTime(time);
        c = Current;
        if (AtEnd || c is not ('Z' or 'z' or '+' or '-'))
        {
            return new TomlLocalDateTime(local);
        }

        var offset = ReadOffset();
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            throw ErrorAt(start, "date-time is out of the supported range");
        }

        return new DateTimeOffset(local, offset);
    }

    private TomlLocalTime ReadLocalTime() => new(ReadTimeOfDay());

    private TimeOnly ReadTimeOfDay()
    {
        var start = _pos;
        var hour = ReadFixedDigits(2, "hour");
        Expect(':', "in time");
        var minute = ReadFixedDigits(2, "minute");
        if (Current != ':')
        {
            throw ErrorAt(_pos, $"expected ':' and seconds in time, found {DescribeAt(_pos)} (TOML 1.0 requires seconds)");
        }

        _pos++;
        var second = ReadFixedDigits(2, "second");
        if (hour > 23)
        {
            throw ErrorAt(start, $"hour {hour:00} is out of range (00-23)");
        }

        if (minute > 59)
        {
            throw ErrorAt(start + 3, $"minute {minute:00} is out of range (00-59)");
        }

        if (second > 59)
        {
            throw ErrorAt(start + 6, $"second {second:00} is out of range (00-59)");
        }

        long ticks = (((hour * 60L) + minute) * 60L + second) * TimeSpan.TicksPerSecond;
        if (Current == '.' && !AtEnd)
        {
            _pos++;
            if (!IsDigit(_pos))
            {
                throw ErrorAt(_pos, $"expected a digit after '.' in time, found {DescribeAt(_pos)}");
            }

            // Ticks hold 7 fractional digits; further digits are below what DateTime can represent and are dropped.
            long fraction = 0;
            var digits = 0;
            while (IsDigit(_pos))
            {
                if (digits < 7)
                {
                    fraction = (fraction * 10) + (_text[_pos] - '0');
                    digits++;
                }

                _pos++;
            }

            for (; digits < 7; digits++)
            {
                fraction *= 10;
            }

            ticks += fraction;
        }

        return new TimeOnly(ticks);
    }

    private TimeSpan ReadOffset()
    {
        var start = _pos;
        var c = _text[_pos++];
        if (c is 'Z' or 'z')
        {
            return TimeSpan.Zero;
        }

        var hours = ReadFixedDigits(2, "offset hour");
        Expect(':', "in time offset");
        var minutes = ReadFixedDigits(2, "offset minute");
        if (hours > 23 || minutes > 59)
        {
            throw ErrorAt(start, $"time offset {c}{hours:00}:{minutes:00} is out of range");
        }

        if (hours > 14 || (hours == 14 && minutes > 0))
        {
            throw ErrorAt(start, $"time offset {c}{hours:00}:{minutes:00} is beyond the supported ±14:00");
        }

        var offset = new TimeSpan(hours, minutes, 0);
        return c == '-' ? -offset : offset;
    }

    private int ReadFixedDigits(int count, string what)
    {
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            if (!IsDigit(_pos))
            {
                throw ErrorAt(_pos, $"expected {count} digits for the {what}, found {DescribeAt(_pos)}");
            }

            value = (value * 10) + (_text[_pos] - '0');
            _pos++;
        }

        return value;
    }

    private void Expect(char expected, string where)
    {
        if (Current != expected || AtEnd)
        {
            throw ErrorAt(_pos, $"expected '{expected}' {where}, found {DescribeAt(_pos)}");
        }

        _pos++;
    }
}
