using System;
using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Sdk.Cli;

/// <summary>
/// Reads a time field into its local day in the analysis zone (and its instant when asked), fast for the fixed-width
/// shapes exports use (a <c>--time-format</c> of <c>uuuu</c>/<c>yyyy</c>, <c>MM</c>, <c>dd</c>, <c>HH</c>, <c>mm</c>,
/// <c>ss</c> and separators; by default ISO <c>uuuu-MM-dd</c>, <c>uuuu-MM-ddTHH:mm:ss</c> and the same with <c>Z</c>):
/// digits are read in place, and a day on which the zone's offset does not change maps to the instant by arithmetic.
/// Any other text goes through NodaTime (<see cref="PurchaseFile.TimeParser"/>), so results never differ.
/// </summary>
internal sealed class TimeReader
{
    private const long TicksPerDay = TimeSpan.TicksPerDay;
    private static readonly int UnixEpochDay = new DateOnly(1970, 1, 1).DayNumber;
    private readonly DateTimeZone _zone;
    private readonly Func<string, Instant?> _slow;
    private readonly Field[]? _template; // null: no fast shape for the format (ISO shapes are tried when the format is null)
    private readonly bool _iso;
    private readonly bool _spaced; // the format is uuuu-MM-dd HH:mm:ss (or yyyy): read without the template
    private readonly Dictionary<int, long?> _steadyOffset = []; // per local day: the zone's offset in ticks when it is the same from the day before to the day after
    private int _lastDay = int.MinValue;
    private long? _lastOffset;

    public TimeReader(string? format, DateTimeZone zone)
    {
        _zone = zone;
        _slow = PurchaseFile.TimeParser(format, zone);
        _iso = format is null;
        _template = format is null ? null : Compile(format);
        _spaced = format is "uuuu-MM-dd HH:mm:ss" or "yyyy-MM-dd HH:mm:ss";
    }

    private enum Kind
    {
        Year,
        Month,
        Day,
        Hour,
        Minute,
        Second,
        Literal,
    }

    /// <summary>Reads a trimmed time; false when it is not a time, or its local date is outside years 1 to 9999.</summary>
    public bool TryRead(ReadOnlySpan<char> text, out int day, out Instant instant)
    {
        if ((_iso ? TryIso(text, out day, out instant) : _template is not null && TryTemplate(text, out day, out instant)))
        {
            return true;
        }

        if (_slow(text.ToString()) is { } parsed && parsed.InZone(_zone).Year is >= 1 and <= 9999)
        {
            instant = parsed;
            day = DayOf(parsed);
            return true;
        }

        (day, instant) = (0, default);
        return false;
    }

    private int DayOf(Instant instant) => instant.InZone(_zone).Date.ToDateOnly().DayNumber;

    private bool TryIso(ReadOnlySpan<char> text, out int day, out Instant instant)
    {
        (day, instant) = (0, default);
        var time = 0L;
        if (text.Length is not (10 or 19 or 20) || !Date(text, 0, '-', out var date) || (text.Length > 10 && (text[10] != 'T' || !Clock(text, 11, out time))))
        {
            return false;
        }

        if (text.Length == 20)
        {
            if (text[19] != 'Z')
            {
                return false;
            }

            // An instant: its day is the local day in the zone, by arithmetic when the offset holds around it.
            instant = Instant.FromUnixTimeTicks(((date - UnixEpochDay) * TicksPerDay) + time);
            day = Steady(date) is { } offset ? date + Floor(time + offset) : DayOf(instant);
            return true;
        }

        return Local(date, time, out day, out instant);
    }

    private bool TryTemplate(ReadOnlySpan<char> text, out int day, out Instant instant)
    {
        (day, instant) = (0, default);
        if (_spaced)
        {
            return text.Length == 19 && text[10] == ' ' && Date(text, 0, '-', out var localDate) && Clock(text, 11, out var clock) && Local(localDate, clock, out day, out instant);
        }

        int year = 0, month = 0, dayOfMonth = 0, hour = 0, minute = 0, second = 0, at = 0;
        foreach (var field in _template!)
        {
            if (at + field.Width > text.Length)
            {
                return false;
            }

            if (field.Kind == Kind.Literal)
            {
                if (text[at] != field.Literal)
                {
                    return false;
                }

                at++;
                continue;
            }

            if (!Digits(text.Slice(at, field.Width), out var value))
            {
                return false;
            }

            at += field.Width;
            switch (field.Kind)
            {
                case Kind.Year: year = value; break;
                case Kind.Month: month = value; break;
                case Kind.Day: dayOfMonth = value; break;
                case Kind.Hour: hour = value; break;
                case Kind.Minute: minute = value; break;
                default: second = value; break;
            }
        }

        if (at != text.Length || year < 1 || month is < 1 or > 12 || dayOfMonth < 1 || dayOfMonth > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var date = new DateOnly(year, month, dayOfMonth).DayNumber;
        return Local(date, (((hour * 60L) + minute) * 60 + second) * TimeSpan.TicksPerSecond, out day, out instant);
    }

    /// <summary>A local date and time in the zone: by arithmetic on a day the offset holds, else NodaTime's lenient mapping.</summary>
    private bool Local(int date, long time, out int day, out Instant instant)
    {
        if (Steady(date) is { } offset)
        {
            day = date;
            instant = Instant.FromUnixTimeTicks(((date - UnixEpochDay) * TicksPerDay) + time - offset);
            return true;
        }

        var local = LocalDate.FromDateOnly(DateOnly.FromDayNumber(date)).AtMidnight().PlusTicks(time);
        var zoned = local.InZoneLeniently(_zone);
        (day, instant) = (zoned.Date.ToDateOnly().DayNumber, zoned.ToInstant());
        return true;
    }

    /// <summary>The zone's offset on a local day, when it is the same from the day before to the day after; else null.</summary>
    private long? Steady(int date)
    {
        if (date == _lastDay)
        {
            return _lastOffset;
        }

        if (!_steadyOffset.TryGetValue(date, out var offset))
        {
            var from = Instant.FromUnixTimeTicks((date - 2 - UnixEpochDay) * TicksPerDay);
            var interval = _zone.GetZoneInterval(from);
            var to = Instant.FromUnixTimeTicks((date + 3 - UnixEpochDay) * TicksPerDay);
            offset = !interval.HasEnd || interval.End >= to ? interval.WallOffset.Ticks : null;
            _steadyOffset[date] = offset;
        }

        (_lastDay, _lastOffset) = (date, offset);
        return offset;
    }

    private static int Floor(long ticks) => (int)Math.Floor((double)ticks / TicksPerDay);

    private static bool Date(ReadOnlySpan<char> text, int at, char separator, out int dayNumber)
    {
        dayNumber = 0;
        if (text[at + 4] != separator || text[at + 7] != separator || !Digits(text.Slice(at, 4), out var year) || !Digits(text.Slice(at + 5, 2), out var month) || !Digits(text.Slice(at + 8, 2), out var day))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        dayNumber = new DateOnly(year, month, day).DayNumber;
        return true;
    }

    private static bool Clock(ReadOnlySpan<char> text, int at, out long ticks)
    {
        ticks = 0;
        if (text[at + 2] != ':' || text[at + 5] != ':' || !Digits(text.Slice(at, 2), out var hour) || !Digits(text.Slice(at + 3, 2), out var minute) || !Digits(text.Slice(at + 6, 2), out var second) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        ticks = (((hour * 60L) + minute) * 60 + second) * TimeSpan.TicksPerSecond;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>The fixed-width fields of a NodaTime pattern, or null when it has anything else.</summary>
    private static Field[]? Compile(string format)
    {
        var fields = new List<Field>();
        for (var i = 0; i < format.Length;)
        {
            var c = format[i];
            var run = 1;
            while (i + run < format.Length && format[i + run] == c)
            {
                run++;
            }

            Field? field = (c, run) switch
            {
                ('u' or 'y', 4) => new Field(Kind.Year, 4, default),
                ('M', 2) => new Field(Kind.Month, 2, default),
                ('d', 2) => new Field(Kind.Day, 2, default),
                ('H', 2) => new Field(Kind.Hour, 2, default),
                ('m', 2) => new Field(Kind.Minute, 2, default),
                ('s', 2) => new Field(Kind.Second, 2, default),
                _ => null,
            };
            if (field is not null)
            {
                fields.Add(field);
                i += run;
            }
            else if (c is '-' or '/' or ':' or ' ' or '.' or ',' or '_')
            {
                fields.Add(new Field(Kind.Literal, 1, c));
                i++;
            }
            else if (c == '\'' && format.IndexOf('\'', i + 1) is var close and > 0 && close > i + 1)
            {
                foreach (var literal in format.AsSpan(i + 1, close - i - 1))
                {
                    fields.Add(new Field(Kind.Literal, 1, literal));
                }

                i = close + 1;
            }
            else
            {
                return null;
            }
        }

        return [.. fields];
    }

    private sealed record Field(Kind Kind, int Width, char Literal);
}
