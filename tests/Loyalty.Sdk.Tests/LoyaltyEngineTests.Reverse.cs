using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests;

public sealed partial class LoyaltyEngineTests
{
    private static ReverseEarnCommand Return(string key, string orderId, params (string Line, int Units)[] lines) =>
        new(Member(), Key(key), orderId, lines.Select(l => new ReturnedLine(l.Line, l.Units)).ToArray());

    [Fact]
    public async Task Reverse_PartialReturns_ReverseExactlyWhatUnitsEarnedAndNeverMore()
    {
        var (engine, _, _) = Engine();
        await engine.ExecuteAsync(Order("o-1", Line("a", 3, 10m), Line("b", 1, 7.77m)));

        Assert.Equal(P(-10), (await engine.ExecuteAsync(Return("ret-1", "o-1", ("a", 1)))).Entries[0].Amount);
        Assert.Equal(P(-20), (await engine.ExecuteAsync(Return("ret-2", "o-1", ("a", 2)))).Entries[0].Amount);
        Assert.Equal(RejectionReason.ReturnExceedsOrder, (await engine.ExecuteAsync(Return("ret-3", "o-1", ("a", 1)))).Rejection!.Reason);
        Assert.Equal(RejectionReason.UnknownOrderLine, (await engine.ExecuteAsync(Return("ret-4", "o-1", ("zz", 1)))).Rejection!.Reason);

        var whole = await engine.ExecuteAsync(ReverseEarnCommand.WholeOrder(Member(), Key("cancel"), "o-1"));
        Assert.Equal(P(-7), whole.Entries[0].Amount);
        Assert.Equal(P(0), whole.Balance.Total);
        Assert.Equal(RejectionReason.ReturnExceedsOrder, (await engine.ExecuteAsync(ReverseEarnCommand.WholeOrder(Member(), Key("cancel-2"), "o-1"))).Rejection!.Reason);

        var accrual = (await engine.Reports.GetAccrualAsync(Member(), "o-1"))!;
        Assert.Equal(accrual.TotalPoints, accrual.ReversedPoints);
        Assert.All(accrual.Lines, l => Assert.Equal(l.Units, l.ReturnedUnits));
    }

    [Theory]
    [InlineData(3.33, new long[] { 3, 3, 3 })] // 9 points for 3 units
    [InlineData(3.50, new long[] { 3, 3, 4 })] // 10 points: floor(10/3), floor(20/3) − 3, the rest
    public async Task Reverse_UnitByUnit_SumsToTheAwardExactly(double unitPrice, long[] expected)
    {
        var (engine, _, _) = Engine();
        var earned = await engine.ExecuteAsync(Order("o-1", Line("a", 3, (decimal)unitPrice)));
        var reversed = new long[3];
        for (var i = 0; i < 3; i++)
        {
            reversed[i] = -(await engine.ExecuteAsync(Return($"ret-{i}", "o-1", ("a", 1)))).Entries[0].Amount.Value;
        }

        Assert.Equal(expected, reversed);
        Assert.Equal(earned.Entries[0].Amount.Value, reversed.Sum());
    }

    [Fact]
    public async Task Reverse_TakesFromTheOrdersOwnLotFirst()
    {
        var (engine, _, _) = Engine();
        await engine.ExecuteAsync(Order("o-1", Line("a", 1, 100m)));
        await engine.ExecuteAsync(Order("o-2", Line("a", 1, 50m)));

        var result = await engine.ExecuteAsync(ReverseEarnCommand.WholeOrder(Member(), Key("c"), "o-2"));
        Assert.Equal(new LotMovement(2, P(-50)), Assert.Single(result.Entries[0].Movements));
        Assert.Equal(P(100), Assert.Single((await engine.GetAccountAsync(Member())).OpenLots).Remaining);
    }

    [Fact]
    public async Task Reverse_PendingOwnLot_IsClawedBackBeforeAvailablePoints()
    {
        var (engine, _, _) = Engine(b => b.PendingDays = 14);
        await engine.ExecuteAsync(Activity("a", 40));
        await engine.ExecuteAsync(Order("o-1", Line("a", 1, 100m)));

        var result = await engine.ExecuteAsync(ReverseEarnCommand.WholeOrder(Member(), Key("c"), "o-1"));
        Assert.Equal(new LotMovement(2, P(-100)), Assert.Single(result.Entries[0].Movements));
        Assert.Equal(P(0), result.Balance.Pending);
        Assert.Equal(P(40), result.Balance.Available);
    }

    [Fact]
    public async Task Reverse_SpentPointsUnderDebtPolicy_CreateDebtNettedAgainstNextEarn()
    {
        var (engine, _, _) = Engine(b => b.ReversalPolicy = ReversalPolicy.Debt);
        await engine.ExecuteAsync(Order("o-1", Line("a", 1, 100m)));
        await engine.ExecuteAsync(Order("o-2", Line("a", 1, 50m)));
        await engine.ExecuteAsync(Redeem("r", 120)); // o-1's lot: 0 left, o-2's lot: 30 left

        var reversed = await engine.ExecuteAsync(ReverseEarnCommand.WholeOrder(Member(), Key("c"), "o-1"));
        var entry = reversed.Entries[0];
        Assert.Equal(P(-100), entry.Amount);
        Assert.Equal(new LotMovement(2, P(-30)), Assert.Single(entry.Movements));
        Assert.Equal(P(70), entry.DebtChange);
        Assert.Equal(P(-70), reversed.Balance.Total);
        Assert.Equal(P(-70), reversed.Balance.Available);
        Assert.Equal(RejectionReason.InsufficientPoints, (await engine.ExecuteAsync(Redeem("r2", 1))).Rejection!.Reason);

        var next = await engine.ExecuteAsync(Order("o-3", Line("a", 1, 100m)));
        Assert.Equal(P(100), next.Entries[0].Amount);
        Assert.Equal(P(-70), next.Entries[0].DebtChange);
        Assert.Equal(new LotMovement(5, P(30)), Assert.Single(next.Entries[0].Movements)); // rejected r2 wrote no entry
        Assert.Equal(P(30), next.Balance.Total);
        Assert.Equal(P(0), next.Balance.Debt);
    }

    [Fact]
    public async Task Reverse_SpentPointsUnderCappedPolicy_WritesOffTheRest()
    {
        var (engine, _, _) = Engine(b => b.ReversalPolicy = ReversalPolicy.Capped);
        await engine.ExecuteAsync(Order("o-1", Line("a", 1, 100m)));
        await engine.ExecuteAsync(Order("o-2", Line("a", 1, 50m)));
        await engine.ExecuteAsync(Redeem("r", 120));

        var reversed = await engine.ExecuteAsync(ReverseEarnCommand.WholeOrder(Member(), Key("c"), "o-1"));
        Assert.Equal(P(-30), reversed.Entries[0].Amount);
        Assert.Equal(P(70), reversed.Entries[0].WrittenOff);
        Assert.Equal(P(0), reversed.Balance.Total);
        Assert.Equal(P(100), (await engine.Reports.GetAccrualAsync(Member(), "o-1"))!.ReversedPoints);
    }

    [Fact]
    public async Task Reverse_UnknownOrder_IsRejected()
    {
        var (engine, _, _) = Engine();
        await engine.ExecuteAsync(Activity("a", 10));
        Assert.Equal(RejectionReason.UnknownOrder, (await engine.ExecuteAsync(ReverseEarnCommand.WholeOrder(Member(), Key("c"), "nope"))).Rejection!.Reason);
    }
}
