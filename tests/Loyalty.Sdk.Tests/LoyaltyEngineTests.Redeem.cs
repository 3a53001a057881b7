using System.Linq;
using System.Threading.Tasks;
using Loyalty.Sdk.Expiry;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using NodaTime;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests;

public sealed partial class LoyaltyEngineTests
{
    [Fact]
    public async Task Redeem_ConsumesSoonestExpiringLotFirst()
    {
        var (engine, clock, _) = Engine(b => b.Expiry = ExpiryPolicy.AfterDays(30));
        await engine.ExecuteAsync(Activity("a", 100));
        clock.Advance(Duration.FromDays(5));
        await engine.ExecuteAsync(Activity("b", 100));

        var result = await engine.ExecuteAsync(Redeem("r", 150));
        Assert.Equal(new[] { new LotMovement(1, P(-100)), new LotMovement(2, P(-50)) }, result.Entries[0].Movements);
        Assert.Equal(P(50), result.Balance.Available);
    }

    [Fact]
    public async Task Redeem_SameExpiry_TiesGoToEarliestEarned()
    {
        var (engine, clock, _) = Engine(b => b.Expiry = ExpiryPolicy.AfterMonths(1, ExpiryRounding.EndOfMonth));
        await engine.ExecuteAsync(Activity("a", 100));
        clock.Advance(Duration.FromDays(3));
        await engine.ExecuteAsync(Activity("b", 100));

        var result = await engine.ExecuteAsync(Redeem("r", 120));
        Assert.Equal(new[] { new LotMovement(1, P(-100)), new LotMovement(2, P(-20)) }, result.Entries[0].Movements);
    }

    [Fact]
    public void Decide_Redeem_NeverExpiringLotsGoLast()
    {
        var program = Program();
        var member = Member();
        Lot MakeLot(long id, int createdDay, int? expiresDay) => new()
        {
            ProgramId = program.Id,
            MemberId = member,
            Id = id,
            Points = P(10),
            Remaining = P(10),
            CreatedAt = Start + Duration.FromDays(createdDay),
            AvailableAt = Start,
            ExpiresAt = expiresDay is { } d ? Start + Duration.FromDays(d) : null,
        };
        var state = AccountState.Empty(program.Id, member) with
        {
            Version = 3,
            LastSequence = 3,
            LastRecordedAt = Start + Duration.FromDays(3),
            OpenLots = [MakeLot(1, 0, null), MakeLot(2, 1, 50), MakeLot(3, 2, 40)],
        };

        var decision = LedgerDecider.Decide(program, new LedgerContext(state, null, null, []), Redeem("r", 25), Start + Duration.FromDays(4));
        Assert.Equal(new[] { 3L, 2L, 1L }, decision.Changes!.Entries[0].Movements.Select(m => m.LotId));
        Assert.Equal(new[] { -10L, -10L, -5L }, decision.Changes.Entries[0].Movements.Select(m => m.Change.Value));
    }

    [Fact]
    public async Task Redeem_MoreThanAvailable_IsRejectedAndChangesNothing()
    {
        var (engine, _, _) = Engine();
        await engine.ExecuteAsync(Activity("a", 100));
        var result = await engine.ExecuteAsync(Redeem("r", 101));

        Assert.Equal(RejectionReason.InsufficientPoints, result.Rejection!.Reason);
        Assert.Equal(P(100), result.Balance.Available);
        Assert.Equal(1, (await engine.GetAccountAsync(Member())).Version);
    }

    [Fact]
    public async Task Redeem_BelowMinimum_IsRejected()
    {
        var (engine, _, _) = Engine(b => b.MinimumRedemptionPoints = 50);
        await engine.ExecuteAsync(Activity("a", 100));
        Assert.Equal(RejectionReason.BelowMinimum, (await engine.ExecuteAsync(Redeem("r", 49))).Rejection!.Reason);
        Assert.True((await engine.ExecuteAsync(Redeem("r", 50))).IsSuccess);
    }

    [Fact]
    public async Task Commands_OnUnknownMember_AreRejected()
    {
        var (engine, _, _) = Engine();
        var stranger = Member("stranger");
        Assert.Equal(RejectionReason.UnknownMember, (await engine.ExecuteAsync(Redeem("r", 1, "stranger"))).Rejection!.Reason);
        Assert.Equal(RejectionReason.UnknownMember, (await engine.ExecuteAsync(ReverseEarnCommand.WholeOrder(stranger, Key("x"), "o"))).Rejection!.Reason);
        Assert.Equal(RejectionReason.UnknownMember, (await engine.ExecuteAsync(new RefundRedemptionCommand(stranger, Key("y"), Key("r")))).Rejection!.Reason);
        Assert.Equal(RejectionReason.UnknownMember, (await engine.ExecuteAsync(new AdjustCommand(stranger, Key("z"), P(-1), "fix"))).Rejection!.Reason);
        Assert.Equal(RejectionReason.UnknownMember, (await engine.ExecuteAsync(new ExpireCommand(stranger, Key("e")))).Rejection!.Reason);
        Assert.False((await engine.GetAccountAsync(stranger)).Exists);
    }

    [Fact]
    public async Task Adjust_PositiveCreditsNegativeDebitsWithReason()
    {
        var (engine, _, _) = Engine();
        var plus = await engine.ExecuteAsync(new AdjustCommand(Member(), Key("adj-1"), P(50), "goodwill"));
        Assert.Equal(LedgerEntryKind.Adjust, plus.Entries[0].Kind);
        Assert.Equal("goodwill", plus.Entries[0].Reason);
        var minus = await engine.ExecuteAsync(new AdjustCommand(Member(), Key("adj-2"), P(-30), "double credit"));
        Assert.Equal(P(-30), minus.Entries[0].Amount);
        Assert.Equal(P(20), minus.Balance.Total);
        Assert.Equal(RejectionReason.InsufficientPoints, (await engine.ExecuteAsync(new AdjustCommand(Member(), Key("adj-3"), P(-21), "too much"))).Rejection!.Reason);
    }
}
