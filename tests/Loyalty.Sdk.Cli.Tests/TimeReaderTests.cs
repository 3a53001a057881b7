using System;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Xunit;

namespace Loyalty.Sdk.Cli.Tests;

/// <summary>
/// The fast time reader gives what NodaTime's patterns give (the tool's reference parser), for every shape it reads in
/// place and every zone, including days of a zone's transitions (gaps, overlaps, a skipped day), and refuses what
/// NodaTime refuses (and dates before year 1 or after 9999, which day numbers cannot hold: a bad row, not a crash).
/// </summary>
public sealed class TimeReaderTests
{
    private static readonly string[] Zones = ["Etc/UTC", "Europe/London", "America/Santiago", "Pacific/Apia", "Asia/Kolkata", "America/St_Johns", "Australia/Lord_Howe"];

    [Fact]
    public void Law_SameDayAndInstantAsNodaTime()
    {
        var scenario = from zone in Gen.Elements(Zones)
                       from days in Gen.Choose(-40_000, 60_000)
                       from seconds in Gen.Choose(0, 86_399)
                       from shape in Gen.Choose(0, 4)
                       select (zone, days, seconds, shape);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000).WithQuietOnSuccess(true), Prop.ForAll(scenario.ToArbitrary(), s =>
        {
            var zone = DateTimeZoneProviders.Tzdb[s.zone];
            var local = new LocalDate(2000, 1, 1).PlusDays(s.days).AtMidnight().PlusSeconds(s.seconds);
            var (format, text) = s.shape switch
            {
                0 => ("uuuu-MM-dd HH:mm:ss", local.ToString("uuuu-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                1 => ((string?)null, local.ToString("uuuu-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
                2 => (null, local.ToString("uuuu-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "Z"),
                3 => (null, local.Date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)),
                _ => ("dd/MM/uuuu HH:mm", local.ToString("dd/MM/uuuu HH:mm", CultureInfo.InvariantCulture)),
            };
            AssertSame(format, zone, text);
        }));
    }

    [Theory]
    [InlineData("Pacific/Apia", "2011-12-30 10:00:00")] // a day Samoa skipped
    [InlineData("Europe/London", "2024-03-31 01:30:00")] // in the spring gap
    [InlineData("Europe/London", "2024-10-27 01:30:00")] // in the autumn overlap
    [InlineData("America/Santiago", "2024-09-08 00:30:00")] // a gap at midnight
    [InlineData("Etc/UTC", "2023-02-29 10:00:00")] // no such date
    [InlineData("Etc/UTC", "2023-13-01 10:00:00")]
    [InlineData("Etc/UTC", "2023-01-01 24:00:00")]
    [InlineData("Etc/UTC", "2023-01-01 10:00")]
    [InlineData("Etc/UTC", "0000-01-01 10:00:00")]
    [InlineData("Etc/UTC", "2023-1-01 10:00:00")]
    public void EdgeCases_AsNodaTime(string zone, string text) => AssertSame("uuuu-MM-dd HH:mm:ss", DateTimeZoneProviders.Tzdb[zone], text);

    [Theory]
    [InlineData("2024-03-31T01:30:00")]
    [InlineData("2024-03-31T00:30:00Z")]
    [InlineData("2024-02-30")]
    [InlineData("2024-03-31T01:30:00+02:00")]
    [InlineData("2024-03-31T01:30:00.5Z")]
    public void IsoEdgeCases_AsNodaTime(string text) => AssertSame(null, DateTimeZoneProviders.Tzdb["Europe/London"], text);

    private static void AssertSame(string? format, DateTimeZone zone, string text)
    {
        var expected = PurchaseFile.TimeParser(format, zone)(text) is { } parsed && parsed.InZone(zone).Year is >= 1 and <= 9999 ? parsed : (Instant?)null;
        var reader = new TimeReader(format, zone);
        var read = reader.TryRead(text, out var day, out var instant);
        Assert.Equal(expected is not null, read);
        if (expected is { } e)
        {
            Assert.Equal(e, instant);
            Assert.Equal(e.InZone(zone).Date.ToDateOnly().DayNumber, day);
        }
    }
}
