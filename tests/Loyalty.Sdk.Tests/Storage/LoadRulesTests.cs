using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Storage.Testing;
using NodaTime.Testing;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests.Storage;

/// <summary>The load rules are the engine's: a store that returns more than a command may see cannot change a decision.</summary>
public sealed class LoadRulesTests
{
    [Fact]
    public async Task RecordsReturnedForAnAccountThatDoesNotExist_AreIgnored()
    {
        var inner = new InMemoryLedgerStore();
        var engine = new LoyaltyEngine(Program(), inner, new FakeClock(Start));
        await engine.ExecuteAsync(Order("o-1", Line("l", 1, 10m)));
        var alicesAccrual = (await inner.LoadAsync(new LedgerLoadRequest(engine.Program.Id, Member(), "o-1"))).Accrual;

        // A careless store hands alice's accrual of "o-1" to bob, who has no account.
        var careless = new HandingOut(inner, loaded => loaded.Account.Exists ? loaded : loaded with { Accrual = alicesAccrual });
        var bobs = new LoyaltyEngine(engine.Program, careless, new FakeClock(Start));
        var earn = await bobs.ExecuteAsync(Order(Member("bob"), "o-1", Line("l", 1, 10m)));
        var reverse = await bobs.ExecuteAsync(new ReverseEarnCommand(Member("carol"), Key("r"), "o-1", [new ReturnedLine("l", 1)]));

        Assert.Equal(LedgerOutcome.Committed, earn.Outcome);
        Assert.Equal(RejectionReason.UnknownMember, reverse.Rejection?.Reason);
    }

    [Fact]
    public async Task AVoucherClaimOfAnotherMember_IsNotTheCommandsMembers()
    {
        var (engine, _, store) = Engine(b => b.Engagement = new Loyalty.Sdk.Engagement.EngagementRules
        {
            Rewards = [new Loyalty.Sdk.Engagement.Reward { Id = "coupon", Name = "Coupon", Kind = Loyalty.Sdk.Engagement.RewardKind.Coupon, Points = 5, VoucherValidity = NodaTime.Period.FromDays(30) }],
        });
        await engine.ExecuteAsync(Activity("a", 10));
        await engine.ExecuteAsync(Activity("b", 10, member: "bob"));
        await engine.ExecuteAsync(new RedeemRewardCommand(Member(), Key("claim"), "coupon"));
        var code = (await engine.Rewards.GetClaimsAsync(Member()))[0].VoucherCode!;

        // A careless store finds the claim by its code alone, whoever asks.
        var careless = new HandingOut(store, loaded => loaded);
        careless.ClaimByCode = (await store.FindClaimByVoucherAsync(engine.Program.Id, code))!;
        var viaCareless = new LoyaltyEngine(engine.Program, careless, new FakeClock(Start));
        var bobUses = await viaCareless.ExecuteAsync(new UseVoucherCommand(Member("bob"), Key("use"), code));

        Assert.Equal(RejectionReason.UnknownVoucher, bobUses.Rejection?.Reason);
        Assert.Null((await engine.Rewards.GetClaimsAsync(Member()))[0].VoucherUsedAt);
    }

    private sealed class HandingOut(ILedgerStore inner, System.Func<LedgerContext, LedgerContext> change) : DelegatingLedgerStore(inner)
    {
        public Loyalty.Sdk.Engagement.RewardClaim? ClaimByCode { get; set; }

        public override async ValueTask<LedgerContext> LoadAsync(LedgerLoadRequest request, CancellationToken cancellationToken = default)
        {
            var loaded = change(await base.LoadAsync(request, cancellationToken));
            return request.VoucherCode is not null && ClaimByCode is { } claim ? loaded with { Claim = claim } : loaded;
        }
    }
}
