using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Rules;
using Loyalty.Sdk.Storage;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests.Rules;

public sealed class EarningRulesTests
{
    // Friday 2026-01-16 23:30 UTC is already Saturday 00:30 in Berlin, the program's zone.
    private static readonly Instant FridayNightUtc = Instant.FromUtc(2026, 1, 16, 23, 30);

    [Fact]
    public async Task Earn_CategoryAndSkuMultipliersMultiply_ExclusionsEarnNothing_AndEveryLineExplainsItself()
    {
        var (engine, _, _) = Engine(b => b.Earning = new EarningRules(
            excludedCategories: ["shipping"],
            categoryMultipliers: new Dictionary<string, decimal> { ["books"] = 2m },
            skuMultipliers: new Dictionary<string, decimal> { ["sku-a"] = 1.5m }));

        var result = await engine.ExecuteAsync(Order("o-1", Line("a", 1, 10m), Line("b", 1, 10m), Line("s", 1, 4.99m, category: "shipping")));
        var accrual = (await engine.Reports.GetAccrualAsync(Member(), "o-1"))!;
        Assert.Equal(accrual, result.Accrual! with { Lines = accrual.Lines });
        Assert.Equal(accrual.Lines.Select(l => (l.LineId, l.Points, string.Join(",", l.Rules))), result.Accrual!.Lines.Select(l => (l.LineId, l.Points, string.Join(",", l.Rules))));
        var replay = await engine.ExecuteAsync(Order("o-1", Line("a", 1, 10m), Line("b", 1, 10m), Line("s", 1, 4.99m, category: "shipping")));
        Assert.Equal(LedgerOutcome.Replayed, replay.Outcome);
        Assert.Equal(accrual.TotalPoints, replay.Accrual!.TotalPoints);
        Assert.Null((await engine.ExecuteAsync(Redeem("r", 5))).Accrual);

        Assert.Equal(new[] { 30L, 20L, 0L }, accrual.Lines.Select(l => l.Points.Value));
        Assert.Equal(new[] { "category:books×2", "sku:sku-a×1.5" }, accrual.Lines[0].Rules);
        Assert.Equal(new[] { "category:books×2" }, accrual.Lines[1].Rules);
        Assert.Equal(new[] { "excluded:shipping" }, accrual.Lines[2].Rules);
        Assert.Equal(3m, accrual.Lines[0].Multiplier);
        Assert.Equal(P(50), accrual.TotalPoints);
    }

    [Fact]
    public async Task Campaign_OnWeekdaysInTheProgramZone_UsesTheLocalDateOfTheOrder()
    {
        var weekend = new Campaign("weekend-double", 2m, weekdays: [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday]);
        var (engine, _, _) = Engine(b => b.Earning = new EarningRules(campaigns: [weekend]));

        var saturdayInBerlin = await engine.ExecuteAsync(new EarnCommand(Member(), Key("k1"), "o-1", FridayNightUtc, [Line("a", 1, 10m)]));
        var fridayInBerlin = await engine.ExecuteAsync(new EarnCommand(Member(), Key("k2"), "o-2", FridayNightUtc - Duration.FromHours(1), [Line("a", 1, 10m)]));

        Assert.Equal(P(20), saturdayInBerlin.Entries[0].Amount);
        Assert.Equal(P(10), fridayInBerlin.Entries[0].Amount);
    }

    [Theory]
    [InlineData(2026, 2, 28, false)]
    [InlineData(2026, 3, 1, true)]
    [InlineData(2026, 3, 31, true)]
    [InlineData(2026, 4, 1, false)]
    public void Campaign_DateWindow_IsInclusiveOfBothEnds(int y, int m, int d, bool runs) =>
        Assert.Equal(runs, new Campaign("march", 2m, new LocalDate(2026, 3, 1), new LocalDate(2026, 3, 31)).RunsOn(new LocalDate(y, m, d)));

    [Fact]
    public void Campaign_MemberDayOfTheMonth_RunsOnlyThen()
    {
        var memberDay = new Campaign("member-day", 3m, daysOfMonth: [15]);
        Assert.True(memberDay.RunsOn(new LocalDate(2026, 2, 15)));
        Assert.False(memberDay.RunsOn(new LocalDate(2026, 2, 14)));
        Assert.True(new Campaign("leap", 2m, daysOfMonth: [29]).RunsOn(new LocalDate(2028, 2, 29)));
    }

    [Fact]
    public async Task Campaign_OnTheDayClocksSpringForward_CoversTheWhole23HourLocalDay()
    {
        // Berlin's 29 March 2026 runs from 00:00 CET (23:00Z the day before) to 24:00 CEST (22:00Z): 23 hours.
        var sunday = new Campaign("dst-day", 2m, new LocalDate(2026, 3, 29), new LocalDate(2026, 3, 29));
        var (engine, _, _) = Engine(b => b.Earning = new EarningRules(campaigns: [sunday]));
        async Task<long> Earned(string id, Instant at) =>
            (await engine.ExecuteAsync(new EarnCommand(Member(), Key(id), id, at, [Line("a", 1, 10m)]))).Entries[0].Amount.Value;

        Assert.Equal(10, await Earned("before", Instant.FromUtc(2026, 3, 28, 22, 59)));
        Assert.Equal(20, await Earned("first", Instant.FromUtc(2026, 3, 28, 23, 0)));
        Assert.Equal(20, await Earned("last", Instant.FromUtc(2026, 3, 29, 21, 59)));
        Assert.Equal(10, await Earned("after", Instant.FromUtc(2026, 3, 29, 22, 0)));
    }

    [Theory]
    [InlineData(2026, 1, 31, true)]
    [InlineData(2026, 4, 30, false)] // a month without a 31st has no member day
    [InlineData(2026, 5, 1, false)]
    [InlineData(2028, 2, 29, false)]
    public void Campaign_OnThe31st_RunsOnlyInMonthsThatHaveOne(int y, int m, int d, bool runs) =>
        Assert.Equal(runs, new Campaign("month-end", 2m, daysOfMonth: [31]).RunsOn(new LocalDate(y, m, d)));

    [Theory]
    [InlineData(CampaignStacking.BestOf, 30L)] // max(2, 3)
    [InlineData(CampaignStacking.Multiply, 60L)] // 2 × 3
    public async Task Campaigns_Stacking_IsExplicit(CampaignStacking stacking, long expected)
    {
        var (engine, _, _) = Engine(b => b.Earning = new EarningRules(
            campaigns: [new Campaign("double", 2m), new Campaign("triple-books", 3m, categories: ["books"]), new Campaign("music-only", 5m, categories: ["music"])],
            stacking: stacking));
        var result = await engine.ExecuteAsync(Order("o-1", Line("a", 1, 10m)));
        Assert.Equal(P(expected), result.Entries[0].Amount);
    }

    [Fact]
    public async Task MinimumOrderValue_BelowIt_TheOrderEarnsNothing_ExcludedLinesDoNotCount()
    {
        var (engine, _, _) = Engine(b => b.Earning = new EarningRules(excludedCategories: ["shipping"], minimumOrderAmount: 25m));
        var small = await engine.ExecuteAsync(Order("o-1", Line("a", 2, 10m), Line("s", 1, 9.99m, category: "shipping")));
        var enough = await engine.ExecuteAsync(Order("o-2", Line("a", 1, 25m)));

        Assert.Equal(P(0), small.Entries[0].Amount);
        Assert.Contains("minimum-order:25", (await engine.Reports.GetAccrualAsync(Member(), "o-1"))!.Lines[0].Rules);
        Assert.Equal(P(25), enough.Entries[0].Amount);
    }

    [Fact]
    public async Task PerOrderCap_IsAllocatedToTheLines_AndAFullReturnReversesExactlyTheCappedPoints()
    {
        var (engine, _, _) = Engine(b => b.Earning = new EarningRules(maxPointsPerOrder: P(100)));
        var earned = await engine.ExecuteAsync(Order("o-1", Line("a", 1, 90m), Line("b", 1, 60m), Line("c", 1, 30m)));
        var accrual = (await engine.Reports.GetAccrualAsync(Member(), "o-1"))!;

        Assert.Equal(P(100), earned.Entries[0].Amount);
        Assert.Equal(new[] { 50L, 33L, 17L }, accrual.Lines.Select(l => l.Points.Value)); // 50, 33.3, 16.7 → remainder to "c"
        Assert.All(accrual.Lines, l => Assert.Contains("order-cap:100", l.Rules));

        var reversed = await engine.ExecuteAsync(ReverseEarnCommand.WholeOrder(Member(), Key("ret"), "o-1"));
        Assert.Equal(P(-100), reversed.Entries[0].Amount);
    }

    [Fact]
    public async Task Reversal_UsesTheRatesOfTheAccrual_NotTodaysRules()
    {
        var store = new InMemoryLedgerStore();
        var clock = new FakeClock(Start);
        var then = new LoyaltyEngine(Program(b => b.Earning = new EarningRules(categoryMultipliers: new Dictionary<string, decimal> { ["books"] = 3m })), store, clock);
        await then.ExecuteAsync(Order("o-1", Line("a", 2, 10m)));

        var now = new LoyaltyEngine(Program(b => b.PointsPerCurrencyUnit = 5m), store, clock); // the program changed since
        var reversed = await now.ExecuteAsync(new ReverseEarnCommand(Member(), Key("ret"), "o-1", [new ReturnedLine("a", 1)]));
        Assert.Equal(P(-30), reversed.Entries[0].Amount);
    }

    [Theory]
    [InlineData(true, 80L)]
    [InlineData(false, 100L)]
    public async Task OrderPartlyPaidWithPoints_EarnsOnTheCashPartWhenConfigured(bool cashOnly, long expected)
    {
        var (engine, _, _) = Engine(b => b.EarnOnCashPartOnly = cashOnly);
        var order = new EarnCommand(Member(), Key("k"), "o-1", Start, [Line("a", 1, 60m), Line("b", 2, 20m)], Money.Of(20m, "EUR"));
        var result = await engine.ExecuteAsync(order);

        Assert.Equal(P(expected), result.Entries[0].Amount);
        Assert.Equal(cashOnly, result.Accrual!.Lines[0].Rules.Contains("cash-part:0.8"));
        Assert.Throws<ArgumentException>(() => new EarnCommand(Member(), Key("k2"), "o-2", Start, [Line("a", 1, 10m)], Money.Of(11m, "EUR")));
        Assert.Throws<ArgumentException>(() => new EarnCommand(Member(), Key("k3"), "o-3", Start, [Line("a", 1, 10m)], Money.Of(5m, "USD")));
        Assert.NotEqual(order.PayloadFingerprint, new EarnCommand(Member(), Key("k"), "o-1", Start, [Line("a", 1, 60m), Line("b", 2, 20m)]).PayloadFingerprint);
    }

    [Fact]
    public void Construction_InvalidRules_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Campaign("x", 0m));
        Assert.Throws<ArgumentException>(() => new Campaign("x", 2m, new LocalDate(2026, 3, 2), new LocalDate(2026, 3, 1)));
        Assert.Throws<ArgumentException>(() => new Campaign("x", 2m, daysOfMonth: [32]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarningRules(categoryMultipliers: new Dictionary<string, decimal> { ["a"] = -1m }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarningRules(minimumOrderAmount: -1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarningRules(maxPointsPerOrder: P(0)));
        Assert.Throws<ProgramValidationException>(() => Program(b => b.Earning = null!));
    }
}
