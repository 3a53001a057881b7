using System;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests.Rules;

public sealed class RedemptionRulesTests
{
    [Fact]
    public async Task MaximumPerOrder_AboveIt_IsRejectedNamingTheRule()
    {
        var (engine, _, _) = Engine(b => b.MaximumRedemptionPointsPerOrder = 500);
        await engine.ExecuteAsync(Activity("a", 1_000));

        var above = await engine.ExecuteAsync(Redeem("r1", 501));
        Assert.Equal(RejectionReason.AboveMaximumPerOrder, above.Rejection!.Reason);
        Assert.Contains("MaximumRedemptionPointsPerOrder", above.Rejection.Message, StringComparison.Ordinal);
        Assert.True((await engine.ExecuteAsync(Redeem("r2", 500))).IsSuccess);
    }

    [Fact]
    public async Task MaximumShareOfOrder_CapsThePointsValueAtTheShare()
    {
        // 100 points buy 1 EUR; points may pay at most half of a 30 EUR order: 1,500 points.
        var (engine, _, _) = Engine(b =>
        {
            b.MaximumRedemptionShareOfOrder = 0.5m;
            b.PointValue = 0.01m;
        });
        await engine.ExecuteAsync(Activity("a", 10_000));

        var above = await engine.ExecuteAsync(new RedeemCommand(Member(), Key("r1"), P(1_501), "o-1", Money.Of(30m, "EUR")));
        Assert.Equal(RejectionReason.AboveMaximumShareOfOrder, above.Rejection!.Reason);
        Assert.Contains("MaximumRedemptionShareOfOrder", above.Rejection.Message, StringComparison.Ordinal);
        Assert.True((await engine.ExecuteAsync(new RedeemCommand(Member(), Key("r2"), P(1_500), "o-1", Money.Of(30m, "EUR")))).IsSuccess);

        // A USD order converts at the provider's rate (0.9): half of 30 USD = 13.50 EUR = 1,350 points.
        Assert.Equal(RejectionReason.AboveMaximumShareOfOrder,
            (await engine.ExecuteAsync(new RedeemCommand(Member(), Key("r3"), P(1_351), "o-2", Money.Of(30m, "USD")))).Rejection!.Reason);
        Assert.True((await engine.ExecuteAsync(new RedeemCommand(Member(), Key("r4"), P(1_350), "o-2", Money.Of(30m, "USD")))).IsSuccess);
    }

    [Fact]
    public async Task MaximumShareOfOrder_WithoutTheOrderValue_IsRejected()
    {
        var (engine, _, _) = Engine(b => b.MaximumRedemptionShareOfOrder = 0.5m);
        await engine.ExecuteAsync(Activity("a", 100));
        Assert.Equal(RejectionReason.OrderValueRequired, (await engine.ExecuteAsync(Redeem("r", 10))).Rejection!.Reason);
        Assert.Equal(RejectionReason.ExchangeRateUnavailable,
            (await engine.ExecuteAsync(new RedeemCommand(Member(), Key("r2"), P(10), "o", Money.Of(30m, "GBP")))).Rejection!.Reason);
    }

    [Fact]
    public void Builder_InvalidRedemptionRules_AreListed()
    {
        var ex = Assert.Throws<ProgramValidationException>(() => Program(b =>
        {
            b.MinimumRedemptionPoints = 100;
            b.MaximumRedemptionPointsPerOrder = 50;
            b.MaximumRedemptionShareOfOrder = 1.5m;
            b.PointValue = 0m;
        }));
        Assert.Equal(3, ex.Errors.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedeemCommand(Member(), Key("k"), P(1), "o", Money.Of(0m, "EUR")));
    }
}
