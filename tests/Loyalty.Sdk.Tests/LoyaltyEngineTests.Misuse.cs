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
    public async Task Misuse_PointsOverflow_ThrowsAndChangesNothing()
    {
        var (engine, _, _) = Engine();
        await engine.ExecuteAsync(Activity("a", long.MaxValue - 10));
        await Assert.ThrowsAsync<OverflowException>(async () => await engine.ExecuteAsync(Activity("b", 11)));
        Assert.Equal(1, (await engine.GetAccountAsync(Member())).Version);
        Assert.Equal(P(long.MaxValue - 10), (await engine.GetBalanceAsync(Member())).Total);
    }

    [Fact]
    public async Task Misuse_MoneyOverflow_ThrowsAndChangesNothing()
    {
        var (engine, _, _) = Engine(b => b.PointsPerCurrencyUnit = 1_000_000m);
        var huge = Order("o-1", Line("a", int.MaxValue, 79_000_000_000_000_000_000m));
        await Assert.ThrowsAsync<OverflowException>(async () => await engine.ExecuteAsync(huge));
        var tooManyPoints = Order("o-2", Line("a", int.MaxValue, 1_000_000_000m));
        await Assert.ThrowsAsync<OverflowException>(async () => await engine.ExecuteAsync(tooManyPoints));
        Assert.False((await engine.GetAccountAsync(Member())).Exists);
    }

    [Fact]
    public async Task Queries_BadArguments_Throw()
    {
        var (engine, _, _) = Engine();
        await Assert.ThrowsAsync<ArgumentException>(async () => await engine.GetStatementAsync(Member(), Start, Start - Duration.FromDays(1)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await engine.GetExpiringAsync(Member(), Start, Start - Duration.FromDays(1)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await engine.GetBalanceAsync(default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await engine.RunExpiryAsync(batchSize: 0));
    }
}
