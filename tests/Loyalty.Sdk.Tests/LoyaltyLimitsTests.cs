using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Rules;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Storage.Testing;
using Loyalty.Sdk.Tiers;
using NodaTime;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests;

/// <summary>The findings of the adversarial run, one test each: bounds, program-wide sums, edge arguments.</summary>
public sealed class LoyaltyLimitsTests
{
    [Fact]
    public async Task Liability_OfMembersHoldingMoreThan64BitsTogether_IsExactIn128Bits()
    {
        // Three accounts of 4·10^18 points each, as data written before the bounds existed could hold.
        var store = new FabricatedAccounts(new InMemoryLedgerStore(), 3, 4_000_000_000_000_000_000);
        var engine = new LoyaltyEngine(Program(), store, new NodaTime.Testing.FakeClock(Start));

        var liability = await engine.Reports.GetLiabilityAsync();
        Assert.Equal(3, liability.Members);
        Assert.Equal((Int128)12_000_000_000_000_000_000, liability.Outstanding);
        Assert.True(liability.Outstanding > long.MaxValue);
        Assert.Equal(120_000_000_000_000_000m, liability.Value);
    }

    [Fact]
    public async Task TheAdversarialOrder_IsATypedRejection_AndTheMemberKeepsEarning()
    {
        var (engine, _, _) = Engine(b => b.Tiers = new TierLadder([new Tier("base", 0m), new Tier("gold", 1_000m, 2m)], QualifyingMetric.Points, TierWindow.CalendarYear));
        var member = Member("mallory");

        // 10^9 units at 6·10^9 EUR: 6·10^18 points, twice, around a redemption.
        var huge = await engine.ExecuteAsync(new EarnCommand(member, Key("h1"), "h1", Start, [Line("1", 1_000_000_000, 6_000_000_000m)]));
        Assert.Equal(RejectionReason.LimitExceeded, huge.Rejection!.Reason);
        Assert.Contains("LoyaltyLimits.MaxPointsPerMember", huge.Rejection.Message, StringComparison.Ordinal); // past what anyone can hold

        Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(Order(member, "small", Line("1", 1, 10m)))).Outcome);
        Assert.Equal(P(10), (await engine.GetBalanceAsync(member)).Total);
        Assert.Equal("base", (await engine.Tiers.GetTierAsync(member)).Tier.Id);
        Assert.Single((await engine.Reports.GetLeaderboardAsync(new DateInterval(new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31)))).Top(10));
    }

    [Fact]
    public async Task HugeOrders_UnderAnOrderCap_EarnTheCap_AndNeverOverflowTheTierTotals()
    {
        var (engine, _, _) = Engine(b =>
        {
            b.Earning = new EarningRules(maxPointsPerOrder: P(1_000));
            b.Tiers = new TierLadder([new Tier("base", 0m), new Tier("gold", 1_000_000m, 2m)], QualifyingMetric.Spend, TierWindow.CalendarYear);
        });
        var member = Member("whale");
        for (var i = 0; i < 20; i++)
        {
            // 10^14 exact points an order, past MaxPointsPerCommand: the order cap allocates 1,000 of them.
            var result = await engine.ExecuteAsync(new EarnCommand(member, Key($"w{i}"), $"w{i}", Start, [Line("1", 1_000_000, 100_000_000m, category: "music")]));
            Assert.Equal(LedgerOutcome.Committed, result.Outcome);
            Assert.Equal(P(1_000), result.Entries[0].Amount);
        }

        var tier = await engine.Tiers.GetTierAsync(member);
        Assert.Equal("gold", tier.Tier.Id);
        Assert.Equal(2e15m, tier.Qualifying);
        Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(Order(member, "after", Line("1", 1, 10m)))).Outcome);
    }

    [Fact]
    public async Task EdgeArguments_AreMisuseOrClamped_NeverAnOverflow()
    {
        var (engine, _, _) = Engine(b => b.Engagement = new Loyalty.Sdk.Engagement.EngagementRules
        {
            Rewards = [new Loyalty.Sdk.Engagement.Reward { Id = "mug", Kind = Loyalty.Sdk.Engagement.RewardKind.PhysicalItem, Points = 10, TracksStock = true }],
        });
        await engine.ExecuteAsync(Activity("a", 100));

        // Stock: out-of-range quantities are misuse, named, and change nothing (the message no longer negates long.MinValue).
        var below = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await engine.Rewards.AddStockAsync("mug", long.MinValue));
        Assert.Equal("quantity", below.ParamName);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await engine.Rewards.AddStockAsync("mug", long.MaxValue));
        await engine.Rewards.AddStockAsync("mug", 5);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () => await engine.Rewards.AddStockAsync("mug", -LoyaltyLimits.MaxStockChange));
        Assert.Contains(LoyaltyLimits.MaxStockChange.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Message, StringComparison.Ordinal);
        Assert.Equal(5, (await engine.Rewards.GetStockAsync("mug")).Total);

        // Periods and instants at the ends of the calendar are clamped to the range any entry can lie in.
        foreach (var period in new[]
        {
            new DateInterval(new LocalDate(2026, 1, 1), new LocalDate(9999, 12, 31)),
            new DateInterval(new LocalDate(-9998, 1, 1), new LocalDate(2026, 12, 31)),
            new DateInterval(new LocalDate(-9998, 1, 1), new LocalDate(9999, 12, 31)),
        })
        {
            Assert.Equal(100, (await engine.Reports.GetLeaderboardAsync(period)).Top(1).Single().Points);
            await engine.Reports.GetDigestAsync(Member(), period, Duration.FromDays(30));
        }

        var statement = await engine.Reports.GetStatementAsync(Member(), Instant.MinValue, Instant.MaxValue);
        Assert.Equal(P(100), statement.Closing.Total);
        Assert.Equal(P(100), (await engine.GetBalanceAsync(Member(), Instant.MaxValue)).Total);
        Assert.Equal(P(0), (await engine.GetBalanceAsync(Member(), Instant.MinValue)).Total);
        Assert.Equal((Int128)100, (await engine.Reports.GetLiabilityAsync(Instant.MaxValue)).Outstanding);

        // An order's own time is the caller's fact, not a query: outside the accepted range it is misuse.
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarnCommand(Member(), Key("o"), "o", Instant.MaxValue, [Line("1", 1, 1m)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarnCommand(Member(), Key("o"), "o", Instant.FromUtc(1899, 12, 31, 0, 0), [Line("1", 1, 1m)]));
        Assert.Throws<ArgumentException>(() => new EarnCommand(Member(), Key("o"), "o", Start, Enumerable.Range(0, LoyaltyLimits.MaxLinesPerOrder + 1).Select(i => Line($"{i}", 1, 1m)).ToArray()));
    }

    [Theory]
    [InlineData("P9999Y")]
    [InlineData("P100000D")]
    [InlineData("PT9999999H")]
    [InlineData("P101Y")]
    public void VoucherValidity_BeyondAHundredYears_IsAValidationError(string validity)
    {
        var period = NodaTime.Text.PeriodPattern.Roundtrip.Parse(validity).Value;
        var error = Assert.Throws<ProgramValidationException>(() => Program(b => b.Engagement = new Loyalty.Sdk.Engagement.EngagementRules
        {
            Rewards = [new Loyalty.Sdk.Engagement.Reward { Id = "c", Kind = Loyalty.Sdk.Engagement.RewardKind.Coupon, Points = 5, VoucherValidity = period }],
        }));
        Assert.Contains(error.Errors, e => e.Contains("VoucherValidity", StringComparison.Ordinal));
        Program(b => b.Engagement = new Loyalty.Sdk.Engagement.EngagementRules
        {
            Rewards = [new Loyalty.Sdk.Engagement.Reward { Id = "c", Kind = Loyalty.Sdk.Engagement.RewardKind.Coupon, Points = 5, VoucherValidity = Period.FromYears(99) }],
        });
    }

    [Fact]
    public async Task Windows_BeyondAHundredYearsOrNegative_AreMisuse_NeverAnOverflow()
    {
        var (engine, _, _) = Engine();
        await engine.ExecuteAsync(Activity("a", 100));
        var month = new DateInterval(new LocalDate(2026, 1, 1), new LocalDate(2026, 1, 31));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await engine.Jobs.RunExpiryRemindersAsync(Duration.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RemindExpiringCommand(Member(), Key("r"), Duration.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RemindExpiringCommand(Member(), Key("r"), Duration.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await engine.Reports.GetDigestAsync(Member(), month, Duration.MaxValue));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await engine.Reports.GetDigestAsync(Member(), month, Duration.MinValue));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => { await foreach (var _ in engine.Reports.ScanDigestsAsync(month, Duration.MaxValue)) { } });

        // At the bound, and with the end of time as the instant, the queries answer.
        Assert.Equal(0, await engine.Jobs.RunExpiryRemindersAsync(LoyaltyLimits.MaxWindow));
        await engine.Reports.GetDigestAsync(Member(), month, LoyaltyLimits.MaxWindow);
        await engine.Rewards.GetTaskProgressAsync(Member(), Instant.MaxValue);
        await engine.Tiers.GetPerksAsync(Member(), Instant.MaxValue);
    }

    [Fact]
    public void Builder_RefusesLimitsOutsideTheirRange_NamingThem()
    {
        var error = Assert.Throws<ProgramValidationException>(() => Program(b =>
        {
            b.MaxPointsPerCommand = LoyaltyLimits.MaxPointsPerCommand + 1;
            b.MaxPointsPerMember = 0;
            b.PointValue = 0.0000000000000000000000000001m;
            b.CostPerPoint = LoyaltyLimits.MaxCostPerPoint + 1;
        }));
        foreach (var field in new[] { "MaxPointsPerCommand", "MaxPointsPerMember", "PointValue", "CostPerPoint" })
        {
            Assert.Contains(error.Errors, e => e.StartsWith(field + ":", StringComparison.Ordinal));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new Campaign("c", LoyaltyLimits.MaxMultiplier + 0.001m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarningRules(categoryMultipliers: new Dictionary<string, decimal> { ["books"] = 1e20m }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ActivityRule("x", P(LoyaltyLimits.MaxPointsPerCommand + 1)));
    }

    /// <summary>A store whose account pages are fabricated: many members, each with one large available lot.</summary>
    private sealed class FabricatedAccounts(ILedgerStore inner, int members, long pointsEach) : DelegatingLedgerStore(inner)
    {
        public override ValueTask<IReadOnlyList<AccountState>> ScanAccountsAsync(ProgramId programId, MemberId? afterMember, int pageSize, Instant? dueAtOrBefore = null, CancellationToken cancellationToken = default)
        {
            IReadOnlyList<AccountState> page = afterMember is not null ? [] : Enumerable.Range(0, members).Select(i =>
            {
                var member = MemberId.From($"m{i}");
                return new AccountState
                {
                    ProgramId = programId,
                    MemberId = member,
                    Version = 1,
                    LastSequence = 1,
                    LastRecordedAt = Start,
                    OpenLots = [new Lot { ProgramId = programId, MemberId = member, Id = 1, Points = P(pointsEach), Remaining = P(pointsEach), CreatedAt = Start, AvailableAt = Start }],
                };
            }).ToArray();
            return new ValueTask<IReadOnlyList<AccountState>>(page);
        }
    }
}
