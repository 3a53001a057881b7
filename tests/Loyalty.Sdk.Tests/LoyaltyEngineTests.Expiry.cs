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
    private static readonly Instant FirstLotExpiry = Instant.FromUtc(2026, 2, 14, 23, 0); // 30 days after 15 Jan, Berlin

    [Fact]
    public async Task Expiry_BalanceIsTimeDerived_JobOnlyMaterialisesEntriesDatedAtExpiry()
    {
        var (engine, clock, _) = Engine(b => b.Expiry = ExpiryPolicy.AfterDays(30));
        await engine.ExecuteAsync(Activity("a", 100));
        clock.Advance(Duration.FromDays(5));
        await engine.ExecuteAsync(Redeem("r", 30));
        clock.Advance(Duration.FromDays(30)); // 19 Feb

        Assert.Equal(P(0), (await engine.GetBalanceAsync(Member())).Total);
        Assert.Equal(P(70), (await engine.GetBalanceAsync(Member(), FirstLotExpiry - Duration.Epsilon)).Total);
        Assert.Equal(P(0), (await engine.GetBalanceAsync(Member(), FirstLotExpiry)).Total);

        var run = await engine.Jobs.RunExpiryAsync();
        Assert.Equal(1, run.EntriesWritten);
        Assert.Equal(P(70), run.PointsExpired);
        var account = await engine.GetAccountAsync(Member());
        Assert.Empty(account.OpenLots);
        Assert.Null(account.NextDueAt);

        var statement = await engine.Reports.GetStatementAsync(Member(), Start - Duration.FromDays(1), clock.GetCurrentInstant());
        var expiry = statement.Lines.Single(l => l.Kind == LedgerEntryKind.Expire);
        Assert.True(expiry.IsMaterialized);
        Assert.Equal(FirstLotExpiry, expiry.At);
        Assert.Equal(P(-70), expiry.Amount);

        // Before and after the job, as-of balances agree.
        Assert.Equal(P(70), (await engine.GetBalanceAsync(Member(), FirstLotExpiry - Duration.Epsilon)).Total);
        Assert.Equal(P(0), (await engine.GetBalanceAsync(Member(), FirstLotExpiry)).Total);
        Assert.Equal(0, (await engine.Jobs.RunExpiryAsync()).EntriesWritten);
    }

    [Fact]
    public async Task Expiry_ExpireCommandTwice_SecondWritesNothing()
    {
        var (engine, clock, _) = Engine(b => b.Expiry = ExpiryPolicy.AfterDays(30));
        await engine.ExecuteAsync(Activity("a", 100));
        clock.Advance(Duration.FromDays(40));
        var first = await engine.ExecuteAsync(new ExpireCommand(Member(), Key("expire-1")));
        var second = await engine.ExecuteAsync(new ExpireCommand(Member(), Key("expire-2")));
        Assert.Single(first.Entries);
        Assert.Empty(second.Entries);
        Assert.Equal(P(0), second.Balance.Total);
    }

    [Fact]
    public async Task Expiry_SpentPointsAreNeverExpired()
    {
        var (engine, clock, _) = Engine(b => b.Expiry = ExpiryPolicy.AfterDays(30));
        await engine.ExecuteAsync(Activity("a", 100));
        await engine.ExecuteAsync(Redeem("r", 100));
        clock.Advance(Duration.FromDays(60));
        Assert.Equal(0, (await engine.Jobs.RunExpiryAsync()).EntriesWritten);
        Assert.Equal(P(0), (await engine.GetBalanceAsync(Member())).Total);
    }

    [Fact]
    public async Task Expiry_AfterInactivity_ActivityExtendsEveryOpenLot()
    {
        var (engine, clock, _) = Engine(b => b.Expiry = ExpiryPolicy.AfterInactivity(2));
        await engine.ExecuteAsync(Activity("a", 100));
        await engine.ExecuteAsync(Activity("b", 100, "bob"));
        clock.Advance(Duration.FromDays(54)); // 10 Mar
        await engine.ExecuteAsync(Redeem("r", 10)); // alice is active: her points now live until 10 May (local)

        var mid = Instant.FromUtc(2026, 4, 20, 0, 0);
        Assert.Equal(P(90), (await engine.GetBalanceAsync(Member(), mid)).Total);
        Assert.Equal(P(0), (await engine.GetBalanceAsync(Member("bob"), mid)).Total); // expired 16 Mar 00:00 local
        Assert.Equal(Instant.FromUtc(2026, 3, 15, 23, 0), (await engine.GetAccountAsync(Member("bob"))).NextDueAt);
        Assert.Equal(Instant.FromUtc(2026, 5, 10, 22, 0), (await engine.GetAccountAsync(Member())).NextDueAt);
        Assert.Equal(P(0), (await engine.GetBalanceAsync(Member(), Instant.FromUtc(2026, 5, 11, 0, 0))).Total);
    }

    [Fact]
    public async Task Expiring_ForReminders_ListsLotsDueInTheWindow()
    {
        var (engine, clock, _) = Engine(b => b.Expiry = ExpiryPolicy.AfterDays(30));
        await engine.ExecuteAsync(Activity("a", 100));
        clock.Advance(Duration.FromDays(20));
        await engine.ExecuteAsync(Activity("b", 50));
        await engine.ExecuteAsync(Activity("c", 10, "carol"));
        await engine.ExecuteAsync(Redeem("r", 40));
        var now = clock.GetCurrentInstant();

        var alice = await engine.Reports.GetExpiringAsync(Member(), now, now + Duration.FromDays(15));
        Assert.Equal(P(60), alice.Total);
        Assert.Equal(new ExpiringLot(1, P(60), FirstLotExpiry), Assert.Single(alice.Lots));

        var everyone = await engine.Reports.ScanExpiringAsync(now, now + Duration.FromDays(31), pageSize: 1).ToListAsync();
        Assert.Equal(new[] { "alice", "carol" }, everyone.Select(e => e.MemberId.Value));
        Assert.Equal(P(110), everyone[0].Total);

        // As of a past instant: before the redemption, all 100 points of lot 1 were due.
        var past = await engine.Reports.GetExpiringAsync(Member(), Start + Duration.FromDays(1), Start + Duration.FromDays(31));
        Assert.Equal(P(100), past.Total);
    }
}
