using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using FsCheck;
using FsCheck.Fluent;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Rules;
using Loyalty.Sdk.Storage;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests.Rules;

public sealed class PeriodCapsTests
{
    private static EarningRules Caps(long memberCap = 100, int reviewsPerMonth = 2) => new(
        maxPointsPerMemberPerPeriod: P(memberCap),
        memberCapPeriod: CapPeriod.Month,
        activities: [new ActivityRule("review", P(25), reviewsPerMonth, CapPeriod.Month), new ActivityRule("birthday", P(50), 1, CapPeriod.Year)]);

    [Fact]
    public async Task MemberCap_LimitsEarningsPerMonth_AllocatedToLines_AndResetsNextMonth()
    {
        var (engine, clock, _) = Engine(b => b.Earning = Caps());
        Assert.Equal(P(70), (await engine.ExecuteAsync(Order("o-1", Line("a", 1, 70m)))).Entries[0].Amount);
        var capped = await engine.ExecuteAsync(Order("o-2", Line("a", 1, 20m), Line("b", 1, 40m)));
        Assert.Equal(P(30), capped.Entries[0].Amount);
        Assert.Equal(new[] { 10L, 20L }, capped.Accrual!.Lines.Select(l => l.Points.Value));
        Assert.Contains(capped.Accrual.Lines[0].Rules, r => r.StartsWith("member-cap:100 per month of 2026-01-01", StringComparison.Ordinal));
        Assert.Equal(P(0), (await engine.ExecuteAsync(Order("o-3", Line("a", 1, 10m)))).Entries[0].Amount);
        Assert.Equal(RejectionReason.PeriodCapReached, (await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("rv"), "review"))).Rejection!.Reason);

        clock.Advance(Duration.FromDays(20)); // February
        Assert.Equal(P(40), (await engine.ExecuteAsync(Order("o-4", Line("a", 1, 40m)))).Entries[0].Amount);
    }

    [Fact]
    public async Task ActivityRules_GiveFixedPoints_WithinTheirPerPeriodLimit()
    {
        var (engine, clock, _) = Engine(b => b.Earning = Caps(memberCap: 10_000));
        Assert.Equal(P(25), (await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("r1"), "review"))).Entries[0].Amount);
        Assert.True((await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("r2"), "review"))).IsSuccess);
        var third = await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("r3"), "review"));
        Assert.Equal(RejectionReason.ActivityCapReached, third.Rejection!.Reason);
        Assert.Equal(RejectionReason.UnknownActivity, (await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("x"), "share"))).Rejection!.Reason);
        Assert.Equal(P(7), (await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("s"), "share", P(7)))).Entries[0].Amount);

        Assert.True((await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("b1"), "birthday"))).IsSuccess);
        clock.Advance(Duration.FromDays(40)); // late February: reviews reset, the yearly birthday does not
        Assert.True((await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("r4"), "review"))).IsSuccess);
        Assert.Equal(RejectionReason.ActivityCapReached, (await engine.ExecuteAsync(new EarnActivityCommand(Member(), Key("b2"), "birthday"))).Rejection!.Reason);
        Assert.Throws<ArgumentException>(() => new EarningRules(activities: [new ActivityRule("a", P(1)), new ActivityRule("a", P(2))]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ActivityRule("a", P(1), 0));
    }

    [Fact]
    public void MemberCap_IsNeverExceeded_InAnyPeriod_UnderAnySequence() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true), Prop.ForAll(
            Gen.ArrayOf(
                from kind in Gen.Choose(0, 3)
                from amount in Gen.Choose(1, 120)
                from hours in Gen.Choose(0, 24 * 12)
                select (kind, amount, hours),
                60).ToArbitrary(),
            Gen.Elements(CapPeriod.Day, CapPeriod.Month, CapPeriod.Year).ToArbitrary(),
            (steps, period) =>
            {
                var rules = new EarningRules(maxPointsPerMemberPerPeriod: P(150), memberCapPeriod: period, activities: [new ActivityRule("review", P(30), 3, period)]);
                var (engine, clock, store) = Engine(b => b.Earning = rules);
                var i = 0;
                foreach (var (kind, amount, hours) in steps)
                {
                    clock.Advance(Duration.FromHours(hours));
                    LedgerCommand command = kind switch
                    {
                        0 => new EarnActivityCommand(Member(), Key($"k{i}"), "review"),
                        1 => new EarnActivityCommand(Member(), Key($"k{i}"), "custom", P(amount)),
                        _ => new EarnCommand(Member(), Key($"k{i}"), $"o{i}", clock.GetCurrentInstant(), [Line("a", 1, amount), Line("b", 2, amount / 3m + 1)]),
                    };
                    engine.ExecuteAsync(command).AsTask().GetAwaiter().GetResult();
                    i++;
                }

                var entries = store.ReadEntriesUpToAsync(engine.Program.Id, Member(), Instant.MaxValue).AsTask().GetAwaiter().GetResult();
                var byPeriod = entries.Where(e => e.Kind == LedgerEntryKind.Earn)
                    .GroupBy(e => PeriodKey(e.At.InZone(engine.Program.TimeZone).Date, period));
                Assert.All(byPeriod, g => Assert.True(g.Sum(e => e.Amount.Value) <= 150, $"{g.Key}: {g.Sum(e => e.Amount.Value)}"));
                var reviews = entries.Where(e => e.ActivityType == "review").GroupBy(e => PeriodKey(e.At.InZone(engine.Program.TimeZone).Date, period));
                Assert.All(reviews, g => Assert.True(g.Count() <= 3));
            }));

    private static string PeriodKey(LocalDate date, CapPeriod period) => period switch
    {
        CapPeriod.Day => date.ToString(),
        CapPeriod.Month => $"{date.Year}-{date.Month}",
        _ => date.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
