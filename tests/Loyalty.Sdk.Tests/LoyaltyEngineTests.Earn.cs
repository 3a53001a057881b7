using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using NodaTime;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests;

public sealed partial class LoyaltyEngineTests
{
    [Fact]
    public async Task Earn_EachLineRoundedOnce_RecordsBreakdownAndLot()
    {
        var (engine, _, _) = Engine();
        var result = await engine.ExecuteAsync(Order("o-1", Line("a", 2, 19.99m), Line("b", 1, 5.50m)));

        Assert.Equal(LedgerOutcome.Committed, result.Outcome);
        var entry = Assert.Single(result.Entries);
        Assert.Equal(LedgerEntryKind.Earn, entry.Kind);
        Assert.Equal(P(44), entry.Amount); // floor(39.98) + floor(5.50)
        Assert.Equal(new LotMovement(1, P(44)), Assert.Single(entry.Movements));
        Assert.Equal(P(44), result.Balance.Available);

        var accrual = (await engine.Reports.GetAccrualAsync(Member(), "o-1"))!;
        Assert.Equal(new[] { 39L, 5L }, accrual.Lines.Select(l => l.Points.Value));
        Assert.Equal(39.98m, accrual.Lines[0].BaseAmount);
        Assert.Equal(1L, accrual.LotId);
        Assert.Equal(1m, accrual.ExchangeRate);
    }

    [Fact]
    public async Task Earn_ForeignCurrency_ConvertsAtTheProvidersRate()
    {
        var (engine, _, _) = Engine();
        var result = await engine.ExecuteAsync(Order("o-usd", Line("a", 10, 10m, "USD")));

        Assert.Equal(P(90), result.Entries[0].Amount);
        var accrual = (await engine.Reports.GetAccrualAsync(Member(), "o-usd"))!;
        Assert.Equal(0.9m, accrual.ExchangeRate);
        Assert.Equal("USD", accrual.Currency.Code);
        Assert.Equal(90m, accrual.Lines[0].BaseAmount);
    }

    [Fact]
    public async Task Earn_NoExchangeRate_IsTypedRejectionAndChangesNothing()
    {
        var (engine, _, _) = Engine();
        var result = await engine.ExecuteAsync(Order("o-gbp", Line("a", 1, 10m, "GBP")));

        Assert.Equal(RejectionReason.ExchangeRateUnavailable, result.Rejection!.Reason);
        Assert.Empty(result.Entries);
        Assert.False((await engine.GetAccountAsync(Member())).Exists);
    }

    [Fact]
    public async Task Earn_NoProviderAndForeignCurrency_IsTypedRejection()
    {
        var (engine, _, _) = Engine(b => b.ExchangeRates = null);
        var result = await engine.ExecuteAsync(Order("o-usd", Line("a", 1, 10m, "USD")));
        Assert.Equal(RejectionReason.ExchangeRateUnavailable, result.Rejection!.Reason);
    }

    [Fact]
    public async Task Earn_SameOrderUnderAnotherKey_IsRejected()
    {
        var (engine, _, _) = Engine();
        await engine.ExecuteAsync(Order("o-1", Line("a", 1, 10m)));
        var again = new EarnCommand(Member(), Key("other-key"), "o-1", Start, [Line("a", 1, 10m)]);

        var result = await engine.ExecuteAsync(again);
        Assert.Equal(RejectionReason.OrderAlreadyEarned, result.Rejection!.Reason);
        Assert.Equal(P(10), (await engine.GetBalanceAsync(Member())).Total);
    }

    [Theory]
    [InlineData(PointsRounding.Floor, 1.5, 3, 4)]
    [InlineData(PointsRounding.Ceiling, 1, 2.01, 3)]
    [InlineData(PointsRounding.HalfUp, 1.5, 3, 5)]
    [InlineData(PointsRounding.HalfEven, 1.5, 3, 4)]
    [InlineData(PointsRounding.HalfEven, 1.5, 5, 8)]
    public async Task Earn_Rounding_AppliesProgramMode(PointsRounding rounding, double perUnit, double price, long expected)
    {
        var (engine, _, _) = Engine(b =>
        {
            b.Rounding = rounding;
            b.PointsPerCurrencyUnit = (decimal)perUnit;
        });
        var result = await engine.ExecuteAsync(Order("o-1", Line("a", 1, (decimal)price)));
        Assert.Equal(P(expected), result.Entries[0].Amount);
    }

    [Fact]
    public async Task Earn_PendingPeriod_PointsAreNotSpendableUntilItEnds()
    {
        var (engine, clock, _) = Engine(b => b.PendingDays = 14);
        var earned = await engine.ExecuteAsync(Order("o-1", Line("a", 1, 100m)));
        Assert.Equal(P(100), earned.Balance.Pending);
        Assert.Equal(P(0), earned.Balance.Available);
        Assert.Equal(P(100), earned.Balance.Total);

        Assert.Equal(RejectionReason.InsufficientPoints, (await engine.ExecuteAsync(Redeem("r-1", 10))).Rejection!.Reason);

        clock.Advance(Duration.FromDays(14));
        var balance = await engine.GetBalanceAsync(Member());
        Assert.Equal(P(100), balance.Available);
        Assert.Equal(P(0), balance.Pending);
        Assert.True((await engine.ExecuteAsync(Redeem("r-1", 10))).IsSuccess);
    }

    [Fact]
    public void Program_PendingDays_CountLocalDaysAcrossDst()
    {
        // Berlin moves to summer time on 29 Mar 2026: one local day after 28 Mar 13:00 CET is 29 Mar 13:00 CEST (23 hours).
        var program = Program(b => b.PendingDays = 1);
        Assert.Equal(Instant.FromUtc(2026, 3, 29, 11, 0), program.AvailableAt(Instant.FromUtc(2026, 3, 28, 12, 0)));
    }

    [Fact]
    public async Task EarnActivity_CreditsAvailableLotAtOnce()
    {
        var (engine, _, _) = Engine(b => b.PendingDays = 30);
        var result = await engine.ExecuteAsync(Activity("review:1", 25));
        Assert.Equal(P(25), result.Balance.Available);
        Assert.Equal("review", result.Entries[0].ActivityType);
    }
}
