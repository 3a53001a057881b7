using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Events;
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
    public void AccrualLines_RoundTrip_WithEveryDecimalScaleAndRule()
    {
        var decimals = from units in Gen.Choose(0, 1_000_000) from scale in Gen.Choose(0, 6) select new decimal(units, 0, 0, false, (byte)scale);
        var lines =
            from id in Gen.Elements("1", "a\"b", "😀", "x y")
            from units in Gen.Choose(1, 10_000)
            from price in decimals
            from multiplier in decimals
            from points in Gen.Choose(0, int.MaxValue)
            from returned in Gen.Choose(0, 10)
            from rules in Gen.ArrayOf(Gen.Elements("excluded:tax", "category:books×2", "campaign:bf×3"), 3)
            select new AccrualLine
            {
                LineId = id, Sku = "sku-" + id, Category = "c", Units = units, UnitPrice = price, BaseAmount = price * units,
                PointsPerCurrencyUnit = 1.5m, Multiplier = multiplier, Points = Points.FromInt64(points), ReturnedUnits = Math.Min(returned, units),
                ReversedPoints = Points.FromInt64(points / 2), Rules = rules,
            };
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true), Prop.ForAll(Gen.ArrayOf(lines, 5).ToArbitrary(), written =>
        {
            var text = LedgerStorageFormat.WriteAccrualLines(written);
            var read = LedgerStorageFormat.ReadAccrualLines(text);
            Assert.Equal(text, LedgerStorageFormat.WriteAccrualLines(read));
            Assert.Equal(written.Select(l => (l.LineId, l.UnitPrice.Scale, l.UnitPrice, l.Multiplier.Scale, l.Points, string.Join("|", l.Rules))),
                read.Select(l => (l.LineId, l.UnitPrice.Scale, l.UnitPrice, l.Multiplier.Scale, l.Points, string.Join("|", l.Rules))));
        }));
    }

    [Theory]
    [InlineData("[[\"1\",\"s\",\"c\",1,\"1\",\"1\",\"1\",\"1\"]]")]
    [InlineData("[[\"1\",\"s\",\"c\",1,1,1,1,true,1]]")]
    [InlineData("[[\"1\",\"s\",\"c\",1,1,1,1,1,1,0,0,[],7]]")]
    [InlineData("[[\"1\",\"s\",\"c\",1,\"x\",\"1\",\"1\",\"1\",1,0,0,[]]]")]
    [InlineData("[[\"1\",\"s\",\"c\",1,\"1\",\"1\",\"1\",\"1\",1,0,0,[1]]]")]
    [InlineData("{}")]
    public void AccrualLines_Malformed_AreAFormatException(string text) =>
        Assert.Throws<FormatException>(() => LedgerStorageFormat.ReadAccrualLines(text));

    [Fact]
    public void AccrualLines_AreWrittenCompactly_AndTheQuotedFormStillReads()
    {
        // Before 1.1 decimals were quoted and every element was written; both forms read to the same lines.
        const string Old = """[["1","SKU-0","books",2,"9.90","19.80","1","1.5",29,0,0,[]],["2","s","c",1,"5","5","1","1",5,1,5,["excluded:tax"]]]""";
        var lines = LedgerStorageFormat.ReadAccrualLines(Old);
        var written = LedgerStorageFormat.WriteAccrualLines(lines);

        Assert.Equal("""[["1","SKU-0","books",2,9.90,19.80,1,1.5,29],["2","s","c",1,5,5,1,1,5,1,5,["excluded:tax"]]]""", written);
        Assert.Equal(9.90m.Scale, lines[0].UnitPrice.Scale);
        Assert.Equal(written, LedgerStorageFormat.WriteAccrualLines(LedgerStorageFormat.ReadAccrualLines(written)));
        var partly = LedgerStorageFormat.ReadAccrualLines("""[["3","s","c",4,1,4,1,1,4,2]]""")[0];
        Assert.Equal((2, 0L, 0), (partly.ReturnedUnits, partly.ReversedPoints.Value, partly.Rules.Count));
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

    [Fact]
    public void Events_AreStoredWithoutWhatTheRowAndTheirIdSay_AndReadBackWhole()
    {
        var at = Instant.FromUtc(2026, 3, 1, 9, 0);
        LoyaltyEvent[] events =
        [
            new PointsEarned { EventId = "3:ana/order:1#0", ProgramId = "shop", MemberId = "ana", OccurredAt = at, CommandKey = "order:1", Points = 5, Sequence = 1, OrderId = "o" },
            new PointsRedeemed { EventId = "3:a/b/k#x#1", ProgramId = "shop", MemberId = "a/b", OccurredAt = at, CommandKey = "k#x", Points = 5, Sequence = 2, RewardId = "mug" },
            new PointsExpired { EventId = "1:m/job:expiry:2026-03-01#2", ProgramId = "shop", MemberId = "m", CommandKey = "job:expiry:2026-03-01", Points = 5, Sequence = 3 },
            new PointsExpiringSoon { EventId = "2:mm/r#3", ProgramId = "shop", MemberId = "mm", CommandKey = "r", Points = 9, FirstExpiresAt = at, PointsAtFirstExpiry = 4 },
            new TierChanged { EventId = "1:m/k#4", ProgramId = "shop", MemberId = "m", CommandKey = "k", FromTier = null, ToTier = "gold", Reason = "why" },
            new RewardRedeemed { EventId = "1:m/k#5", ProgramId = "shop", MemberId = "m", CommandKey = "k", RewardId = "mug", ClaimKey = "k", Points = 100, Status = "Reserved", VoucherExpiresAt = at },
            new TaskCompleted { EventId = "1:m/k#6", ProgramId = "shop", MemberId = "m", CommandKey = "k", TaskId = "t", PeriodStart = "2026-03-01", Points = 50 },
            new WinBackTriggered { EventId = "1:m/k#7", ProgramId = "shop", MemberId = "m", CommandKey = "k", RuleId = "r", PeriodStart = "2026-03-01", Action = "EmitEvent", Reasons = ["a", "b"] },

            // An id that does not name the member and key (none the engine writes): they are kept in the text.
            new PointsEarned { EventId = "custom-7", ProgramId = "shop", MemberId = "m", CommandKey = "k", Points = 1, Sequence = 9 },
        ];
        foreach (var e in events)
        {
            var stored = LedgerStorageFormat.WriteEvent(e);
            Assert.DoesNotContain("\"programId\"", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("null", stored, StringComparison.Ordinal);
            Assert.Equal(e.EventId.StartsWith("custom", StringComparison.Ordinal), stored.Contains("\"memberId\"", StringComparison.Ordinal));
            Assert.True(stored.Length < e.ToJson().Length);
            Assert.Equal(e.ToJson(), LedgerStorageFormat.ReadEvent(ProgramId.From("shop"), stored).ToJson());

            // The full form stores wrote before this one still reads.
            Assert.Equal(e.ToJson(), LedgerStorageFormat.ReadEvent(ProgramId.From("shop"), e.ToJson()).ToJson());
        }

        Assert.Throws<System.Text.Json.JsonException>(() => LedgerStorageFormat.ReadEvent(ProgramId.From("shop"), "{\"type\":\"PointsEarned\",\"eventId\":\"no-member\"}"));
    }
}
