using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using Loyalty.Sdk.Storage.Testing;
using NodaTime;
using NodaTime.Testing;
using Xunit;

namespace Loyalty.Sdk.Tests.Storage;

/// <summary>
/// The engine's side of an unverified load (<see cref="LedgerLoadRequest.AllowUnverified"/>): asked for only when the
/// decision will be committed, and a rejection or a failed commit is decided again on a verified load.
/// </summary>
public sealed class UnverifiedLoadTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 9, 0);

    [Fact]
    public async Task ARejectionOnAnUnverifiedLoad_IsDecidedAgainOnAVerifiedOne()
    {
        var store = new StaleStore(new InMemoryLedgerStore());
        var engine = new LoyaltyEngine(new LoyaltyProgramBuilder { Id = "shop", BaseCurrency = "EUR", PendingDays = 0 }.Build(), store, new FakeClock(Start));
        var member = MemberId.From("m");
        await engine.ExecuteAsync(new EarnActivityCommand(member, IdempotencyKey.From("a1"), "review", Points.FromInt64(10)));
        store.Requests.Clear();

        // The stale store answers "no account": the redemption would be refused, so it is decided again.
        var redeemed = await engine.ExecuteAsync(new RedeemCommand(member, IdempotencyKey.From("r1"), Points.FromInt64(5)));
        Assert.Equal(LedgerOutcome.Committed, redeemed.Outcome);
        Assert.Equal([true, false], store.Requests);

        // An earn decided on the stale state loses the version check and is decided again, verified.
        store.Requests.Clear();
        var earned = await engine.ExecuteAsync(new EarnActivityCommand(member, IdempotencyKey.From("a2"), "review", Points.FromInt64(3)));
        Assert.Equal(LedgerOutcome.Committed, earned.Outcome);
        Assert.Equal(Points.FromInt64(8), earned.Balance.Total);
        Assert.Equal([true, false], store.Requests);

        // A refusal that stands is refused on the stored state; reads and previews never allow an unverified load.
        store.Requests.Clear();
        var refused = await engine.ExecuteAsync(new RedeemCommand(member, IdempotencyKey.From("r2"), Points.FromInt64(500)));
        Assert.Equal(LedgerOutcome.Rejected, refused.Outcome);
        await engine.PreviewAsync(new RedeemCommand(member, IdempotencyKey.From("r3"), Points.FromInt64(1)));
        await engine.GetBalanceAsync(member);
        Assert.Equal([true, false, false, false], store.Requests);
    }

    /// <summary>Answers every load that allows it with an empty account, as a store holding a stale state would.</summary>
    private sealed class StaleStore(ILedgerStore inner) : DelegatingLedgerStore(inner)
    {
        public List<bool> Requests { get; } = [];

        public override ValueTask<LedgerContext> LoadAsync(LedgerLoadRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request.AllowUnverified);
            return request.AllowUnverified
                ? ValueTask.FromResult(new LedgerContext(AccountState.Empty(request.ProgramId, request.MemberId), null, null, []) { Unverified = true })
                : base.LoadAsync(request, cancellationToken);
        }
    }
}
