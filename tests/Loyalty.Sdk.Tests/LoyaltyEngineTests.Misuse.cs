using System;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using NodaTime;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests;

public sealed partial class LoyaltyEngineTests
{
    [Fact]
    public async Task Misuse_NullCommand_Throws()
    {
        var (engine, _, _) = Engine();
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await engine.ExecuteAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await engine.PreviewAsync(null!));
    }

    [Fact]
    public void Misuse_BadCommandArguments_ThrowBeforeAnythingRuns()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Line("a", 0, 1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Line("a", -2, 1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Line("a", 1, 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Line("a", 1, -5m));
        Assert.Throws<ArgumentException>(() => Line("a", 1, 1m, "XYZ"));
        Assert.Throws<ArgumentException>(() => Order("o", Line("a", 1, 1m), Line("a", 1, 2m)));
        Assert.Throws<ArgumentException>(() => Order("o", Line("a", 1, 1m), Line("b", 1, 2m, "USD")));
        Assert.Throws<ArgumentException>(() => Order("o"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Redeem("r", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Activity("a", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdjustCommand(Member(), Key("k"), P(0), "zero"));
        Assert.Throws<ArgumentException>(() => new AdjustCommand(Member(), Key("k"), P(5), " "));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReturnedLine("a", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RefundRedemptionCommand(Member(), Key("k"), Key("r"), P(-1)));
        Assert.Throws<ArgumentException>(() => new RedeemCommand(default, Key("k"), P(1)));
        Assert.Throws<ArgumentException>(() => new RedeemCommand(Member(), default, P(1)));
        Assert.Throws<ArgumentException>(() => new ReverseEarnCommand(Member(), Key("k"), "o", []));
    }

    [Fact]
    public async Task Limits_PointsBeyondTheBounds_AreTypedRejectionsThatChangeNothing()
    {
        var (engine, _, _) = Engine(b => b.MaxPointsPerMember = 1_000);
        var huge = await engine.ExecuteAsync(Activity("a", long.MaxValue - 10));
        Assert.Equal(RejectionReason.LimitExceeded, huge.Rejection!.Reason);
        Assert.Contains("MaxPointsPerCommand", huge.Rejection.Message, StringComparison.Ordinal);
        Assert.False((await engine.GetAccountAsync(Member())).Exists);

        Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(Activity("b", 990))).Outcome);
        Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(Redeem("r", 990))).Outcome);

        // Lifetime credits, not the balance, are bounded: earn and redeem cycles cannot grow a sum without limit.
        var past = await engine.ExecuteAsync(Activity("c", 11));
        Assert.Equal(RejectionReason.LimitExceeded, past.Rejection!.Reason);
        Assert.Contains("MaxPointsPerMember", past.Rejection.Message, StringComparison.Ordinal);
        Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(Activity("d", 10))).Outcome);
        Assert.Equal(3, (await engine.GetAccountAsync(Member())).Version);
        Assert.Equal(P(10), (await engine.GetBalanceAsync(Member())).Total);
    }

    [Fact]
    public async Task Limits_MoneyBeyondTheBounds_IsMisuseOrATypedRejection()
    {
        var (engine, _, _) = Engine(b => b.PointsPerCurrencyUnit = 1_000_000m);
        Assert.Throws<ArgumentOutOfRangeException>(() => Line("a", int.MaxValue, 79_000_000_000_000_000_000m));
        var tooManyPoints = await engine.ExecuteAsync(Order("o-2", Line("a", int.MaxValue, LoyaltyLimits.MaxUnitPrice)));
        Assert.Equal(RejectionReason.LimitExceeded, tooManyPoints.Rejection!.Reason);
        var overCommand = await engine.ExecuteAsync(Order("o-3", Line("a", 2, 1_000_000m)));
        Assert.Equal(RejectionReason.LimitExceeded, overCommand.Rejection!.Reason);
        Assert.False((await engine.GetAccountAsync(Member())).Exists);
    }

    [Fact]
    public async Task Queries_BadArguments_Throw()
    {
        var (engine, _, _) = Engine();
        await Assert.ThrowsAsync<ArgumentException>(async () => await engine.Reports.GetStatementAsync(Member(), Start, Start - Duration.FromDays(1)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await engine.Reports.GetExpiringAsync(Member(), Start, Start - Duration.FromDays(1)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await engine.GetBalanceAsync(default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await engine.Jobs.RunExpiryAsync(batchSize: 0));
    }
}
