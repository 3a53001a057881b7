using System;
using Loyalty.Sdk.Expiry;
using NodaTime;
using Xunit;

namespace Loyalty.Sdk.Tests.Expiry;

public sealed class ExpiryPolicyTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    [Fact]
    public void Never_ReturnsNull() => Assert.Null(ExpiryPolicy.Never.ExpiresAt(Instant.FromUtc(2026, 1, 1, 0, 0), Berlin));

    [Fact]
    public void AfterDays_ValidThroughDueDate_ExpiresAtNextLocalMidnight()
    {
        // Earned 15 Jan 11:00 in Berlin; valid through 14 Feb; expires 15 Feb 00:00 CET = 14 Feb 23:00 UTC.
        var expires = ExpiryPolicy.AfterDays(30).ExpiresAt(Instant.FromUtc(2026, 1, 15, 10, 0), Berlin);
        Assert.Equal(Instant.FromUtc(2026, 2, 14, 23, 0), expires);
    }

    [Fact]
    public void AfterMonths_FromMonthEnd_ClampsToShorterMonth()
    {
        // 31 Jan + 1 month = 28 Feb 2026 (not a leap year): expires 1 Mar 00:00 CET.
        var expires = ExpiryPolicy.AfterMonths(1).ExpiresAt(Instant.FromUtc(2026, 1, 31, 10, 0), Berlin);
        Assert.Equal(Instant.FromUtc(2026, 2, 28, 23, 0), expires);
    }

    [Fact]
    public void AfterMonths_FromLeapDay_ClampsToTwentyEighth()
    {
        var utc = DateTimeZone.Utc;
        Assert.Equal(Instant.FromUtc(2025, 3, 1, 0, 0), ExpiryPolicy.AfterMonths(12).ExpiresAt(Instant.FromUtc(2024, 2, 29, 12, 0), utc));
        Assert.Equal(Instant.FromUtc(2024, 3, 1, 0, 0), ExpiryPolicy.AfterMonths(1).ExpiresAt(Instant.FromUtc(2024, 1, 31, 12, 0), utc));
        Assert.Equal(Instant.FromUtc(2028, 3, 1, 0, 0), ExpiryPolicy.AfterMonths(48).ExpiresAt(Instant.FromUtc(2024, 2, 29, 12, 0), utc));
    }

    [Theory]
    [InlineData(ExpiryRounding.EndOfMonth, 12, 2027, 1, 31, 23)] // due 15 Jan 2027 → valid through 31 Jan → 1 Feb 00:00 CET
    [InlineData(ExpiryRounding.EndOfQuarter, 1, 2026, 3, 31, 22)] // due 15 Feb → valid through 31 Mar → 1 Apr 00:00 CEST (after DST)
    [InlineData(ExpiryRounding.EndOfYear, 1, 2026, 12, 31, 23)] // due 15 Feb → valid through 31 Dec → 1 Jan 00:00 CET
    public void AfterMonths_Rounded_ExpiresAfterPeriodEndInProgramZone(ExpiryRounding rounding, int months, int y, int m, int d, int h)
    {
        var expires = ExpiryPolicy.AfterMonths(months, rounding).ExpiresAt(Instant.FromUtc(2026, 1, 15, 10, 0), Berlin);
        Assert.Equal(Instant.FromUtc(y, m, d, h, 0), expires);
    }

    [Fact]
    public void AfterDays_DueDayStartsInDstGap_ExpiresAtFirstInstantOfThatDay()
    {
        // São Paulo skipped midnight on 4 Nov 2018 (00:00 → 01:00, UTC−3 → UTC−2): the day starts at 01:00 local = 03:00 UTC.
        var saoPaulo = DateTimeZoneProviders.Tzdb["America/Sao_Paulo"];
        var expires = ExpiryPolicy.AfterDays(29).ExpiresAt(Instant.FromUtc(2018, 10, 5, 15, 0), saoPaulo);
        Assert.Equal(Instant.FromUtc(2018, 11, 4, 3, 0), expires);
    }

    [Fact]
    public void ExpiresAt_UsesLocalDateOfProgramZone()
    {
        // 23:30 UTC on 31 Jan is already 1 Feb in Berlin: the same instant expires a day later there.
        var instant = Instant.FromUtc(2026, 1, 31, 23, 30);
        Assert.Equal(Instant.FromUtc(2026, 2, 2, 23, 0), ExpiryPolicy.AfterDays(1).ExpiresAt(instant, Berlin));
        Assert.Equal(Instant.FromUtc(2026, 2, 2, 0, 0), ExpiryPolicy.AfterDays(1).ExpiresAt(instant, DateTimeZone.Utc));
    }

    [Fact]
    public void Factories_OutOfRange_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpiryPolicy.AfterDays(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpiryPolicy.AfterMonths(ExpiryPolicy.MaxMonths + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpiryPolicy.AfterInactivity(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpiryPolicy.AfterDays(1, (ExpiryRounding)9));
    }

    [Fact]
    public void Equality_IsByValue()
    {
        Assert.Equal(ExpiryPolicy.AfterMonths(3, ExpiryRounding.EndOfMonth), ExpiryPolicy.AfterMonths(3, ExpiryRounding.EndOfMonth));
        Assert.NotEqual(ExpiryPolicy.AfterMonths(3), ExpiryPolicy.AfterDays(3));
    }
}
