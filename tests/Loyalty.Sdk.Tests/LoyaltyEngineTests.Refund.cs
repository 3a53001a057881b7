using System.Threading.Tasks;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using NodaTime;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests;

public sealed partial class LoyaltyEngineTests
{
    [Fact]
    public async Task Refund_RestoresTheConsumedLotsWithOriginalExpiry_ExpiredOnesExpireAgainAtOnce()
    {
        var (engine, clock, _) = Engine(b => b.Expiry = ExpiryPolicy.AfterDays(30));
        await engine.ExecuteAsync(Activity("a", 100)); // lot 1: earned 15 Jan, expires 14 Feb 23:00 UTC
        clock.Advance(Duration.FromDays(10));
        await engine.ExecuteAsync(Activity("b", 100)); // lot 2: earned 25 Jan, expires 24 Feb 23:00 UTC
        await engine.ExecuteAsync(Redeem("r", 150)); // 100 from lot 1, 50 from lot 2

        var partial = await engine.ExecuteAsync(new RefundRedemptionCommand(Member(), Key("refund-1"), Key("r"), P(30)));
        Assert.Equal(new LotMovement(2, P(30)), Assert.Single(partial.Entries[0].Movements));
        Assert.Equal(P(80), partial.Balance.Total);

        clock.Advance(Duration.FromDays(26)); // 20 Feb: lot 1 expired on 15 Feb (nothing left in it then)
        var rest = await engine.ExecuteAsync(new RefundRedemptionCommand(Member(), Key("refund-2"), Key("r")));
        Assert.Equal(2, rest.Entries.Count);
        var refund = rest.Entries[0];
        var reExpiry = rest.Entries[1];
        Assert.Equal(LedgerEntryKind.RedemptionRefund, refund.Kind);
        Assert.Equal(P(120), refund.Amount);
        Assert.Equal(new[] { new LotMovement(2, P(20)), new LotMovement(1, P(100)) }, refund.Movements);
        Assert.Equal(LedgerEntryKind.Expire, reExpiry.Kind);
        Assert.Equal(P(-100), reExpiry.Amount);
        Assert.Equal(clock.GetCurrentInstant(), reExpiry.At);
        Assert.Equal(P(100), rest.Balance.Total);

        var lot2 = Assert.Single((await engine.GetAccountAsync(Member())).OpenLots);
        Assert.Equal(Instant.FromUtc(2026, 2, 24, 23, 0), lot2.ExpiresAt);
        Assert.Equal(RejectionReason.RefundExceedsRedemption,
            (await engine.ExecuteAsync(new RefundRedemptionCommand(Member(), Key("refund-3"), Key("r"), P(1)))).Rejection!.Reason);
    }

    [Fact]
    public async Task Refund_MoreThanRedeemed_IsRejected()
    {
        var (engine, _, _) = Engine();
        await engine.ExecuteAsync(Activity("a", 100));
        await engine.ExecuteAsync(Redeem("r", 40));
        var result = await engine.ExecuteAsync(new RefundRedemptionCommand(Member(), Key("f"), Key("r"), P(41)));
        Assert.Equal(RejectionReason.RefundExceedsRedemption, result.Rejection!.Reason);
    }

    [Fact]
    public async Task Refund_UnknownRedemption_IsRejected()
    {
        var (engine, _, _) = Engine();
        await engine.ExecuteAsync(Activity("a", 100));
        var result = await engine.ExecuteAsync(new RefundRedemptionCommand(Member(), Key("f"), Key("never")));
        Assert.Equal(RejectionReason.UnknownRedemption, result.Rejection!.Reason);
    }

    [Fact]
    public async Task Refund_WhileInDebt_SettlesTheDebtFirst()
    {
        var (engine, _, _) = Engine();
        await engine.ExecuteAsync(Order("o-1", Line("a", 1, 100m)));
        await engine.ExecuteAsync(Redeem("r", 100));
        await engine.ExecuteAsync(ReverseEarnCommand.WholeOrder(Member(), Key("c"), "o-1")); // debt 100

        var refund = await engine.ExecuteAsync(new RefundRedemptionCommand(Member(), Key("f"), Key("r"), P(60)));
        Assert.Equal(P(-60), refund.Entries[0].DebtChange);
        Assert.Empty(refund.Entries[0].Movements);
        Assert.Equal(P(40), refund.Balance.Debt);
        Assert.Equal(P(-40), refund.Balance.Total);
    }
}
