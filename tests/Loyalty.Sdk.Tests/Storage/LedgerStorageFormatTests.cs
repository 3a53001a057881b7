using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using NodaTime;
using Xunit;

namespace Loyalty.Sdk.Tests.Storage;

public sealed class LedgerStorageFormatTests
{
    private static readonly Gen<CounterKey> Keys =
        from kind in Gen.Elements(Enum.GetValues<CounterKind>())
        from subject in Gen.Elements("review", "a:b", "reward-total:x", "😀 \"q\"", "task:t")
        select kind is CounterKind.PointsEarned or CounterKind.PointsCredited ? new CounterKey(kind) : new CounterKey(kind, subject);

    [Fact]
    public void Counters_RoundTrip_ForEveryKindSubjectAndPeriod()
    {
        var counters =
            from key in Keys
            from days in Gen.Choose(-50_000, 50_000)
            from value in Gen.Choose(int.MinValue, int.MaxValue)
            select new PeriodCounter(key, key.IsLifetime ? null : new LocalDate(2000, 1, 1).PlusDays(days), value * 3L);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true), Prop.ForAll(
            Gen.ArrayOf(counters, 8).ToArbitrary(),
            written => Assert.Equal(written, LedgerStorageFormat.ReadCounters(LedgerStorageFormat.WriteCounters(written)))));
    }

    [Fact]
    public void Counters_WrittenBeforeVersion1_ReadLifetimeDatesAsNoPeriod()
    {
        var counters = LedgerStorageFormat.ReadCounters("""[["credited","2000-01-01",7],["reward-total:bag","2000-01-01",1],["reward:bag","2026-03-01",1]]""");

        Assert.Equal(
            [new PeriodCounter(new CounterKey(CounterKind.PointsCredited), null, 7), new PeriodCounter(new CounterKey(CounterKind.RewardClaims, "bag"), null, 1),
             new PeriodCounter(new CounterKey(CounterKind.RewardClaimsInPeriod, "bag"), new LocalDate(2026, 3, 1), 1)],
            counters.ToArray());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""[["unknown-kind","2026-01-01",1]]""")]
    [InlineData("""[["earned","2026-13-01",1]]""")]
    [InlineData("""[["earned","2026-01-01"]]""")]
    [InlineData("""{"tier":1}""")]
    public void Counters_Malformed_AreAFormatException(string text) =>
        Assert.Throws<FormatException>(() => LedgerStorageFormat.ReadCounters(text));

    [Theory]
    [InlineData("2026-01-01|1")]
    [InlineData("2026-01-01|x|1|1")]
    public void Qualifying_Malformed_IsAFormatException(string text) =>
        Assert.Throws<FormatException>(() => LedgerStorageFormat.ReadQualifying(text));

    [Fact]
    public void EmptyText_IsNone()
    {
        Assert.Empty(LedgerStorageFormat.ReadCounters(""));
        Assert.Null(LedgerStorageFormat.ReadTier(""));
        Assert.Null(LedgerStorageFormat.ReadProfile(null));
        Assert.Null(LedgerStorageFormat.ReadQualifying(""));
        Assert.Equal("", LedgerStorageFormat.WriteTier(null));
        Assert.Equal("", LedgerStorageFormat.WriteQualifying(null));
    }
}
