using System.Linq;
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
    public async Task Statement_OpeningPlusLinesEqualsClosing_IncludingExpiriesNotYetMaterialised()
    {
        var (engine, clock, _) = Engine(b => b.Expiry = ExpiryPolicy.AfterDays(30));
        await engine.ExecuteAsync(Activity("a", 100));
        clock.Advance(Duration.FromDays(3));
        await engine.ExecuteAsync(Order("o-1", Line("x", 2, 25m)));
        clock.Advance(Duration.FromDays(3));
        await engine.ExecuteAsync(Redeem("r", 30));
        clock.Advance(Duration.FromDays(60));

        var from = Start + Duration.FromDays(1);
        var statement = await engine.Reports.GetStatementAsync(Member(), from, clock.GetCurrentInstant());
        Assert.Equal(P(100), statement.Opening.Total);
        Assert.Equal(P(0), statement.Closing.Total);
        Assert.Equal(statement.Closing.Total.Value, statement.Opening.Total.Value + statement.Lines.Sum(l => l.Amount.Value));
        Assert.Equal(
            new[] { LedgerEntryKind.Earn, LedgerEntryKind.Redeem, LedgerEntryKind.Expire, LedgerEntryKind.Expire },
            statement.Lines.Select(l => l.Kind));
        Assert.All(statement.Lines.Where(l => l.Kind == LedgerEntryKind.Expire), l => Assert.False(l.IsMaterialized));
        Assert.Equal(new[] { -70L, -50L }, statement.Lines.Where(l => l.Kind == LedgerEntryKind.Expire).Select(l => l.Amount.Value));
    }

    [Fact]
    public async Task Balance_AsOfPastInstants_ReplaysHistory()
    {
        var (engine, clock, _) = Engine(b => b.PendingDays = 10);
        await engine.ExecuteAsync(Order("o-1", Line("a", 1, 100m)));
        var t1 = clock.GetCurrentInstant();
        clock.Advance(Duration.FromDays(12));
        await engine.ExecuteAsync(Redeem("r", 40));
        var t2 = clock.GetCurrentInstant();

        Assert.Equal(new AccountBalance(t1 - Duration.Epsilon, P(0), P(0), P(0), P(0)), await engine.GetBalanceAsync(Member(), t1 - Duration.Epsilon));
        Assert.Equal(new AccountBalance(t1, P(100), P(0), P(100), P(0)), await engine.GetBalanceAsync(Member(), t1));
        Assert.Equal(P(100), (await engine.GetBalanceAsync(Member(), t2 - Duration.Epsilon)).Available);
        Assert.Equal(P(60), (await engine.GetBalanceAsync(Member(), t2)).Available);
    }
}
