using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using NodaTime;
using NodaTime.Testing;
using Xunit;
using static Loyalty.Sdk.Tests.TestPrograms;

namespace Loyalty.Sdk.Tests;

public sealed partial class LoyaltyEngineTests
{
    [Fact]
    public async Task Idempotency_SameKeySamePayload_ReturnsOriginalResultAndChangesNothing()
    {
        var (engine, clock, _) = Engine();
        var earn = Order("o-1", Line("a", 2, 10m));
        var first = await engine.ExecuteAsync(earn);
        clock.Advance(Duration.FromDays(1));
        await engine.ExecuteAsync(Redeem("r", 5));

        var again = await engine.ExecuteAsync(Order("o-1", Line("a", 2, 10m)));
        Assert.Equal(LedgerOutcome.Replayed, again.Outcome);
        Assert.Equal(first.Balance, again.Balance);
        Assert.Equal(first.Version, again.Version);
        Assert.Equal(first.Entries.Select(e => (e.Sequence, e.Amount, e.At)), again.Entries.Select(e => (e.Sequence, e.Amount, e.At)));
        Assert.Equal(2, (await engine.GetAccountAsync(Member())).Version);
        Assert.Equal(P(15), (await engine.GetBalanceAsync(Member())).Total);
    }

    [Fact]
    public async Task Idempotency_SameKeyOtherPayload_IsTypedConflict()
    {
        var (engine, _, _) = Engine();
        await engine.ExecuteAsync(Activity("k", 10));
        var conflict = await engine.ExecuteAsync(Activity("k", 11));
        var otherMember = await engine.ExecuteAsync(Activity("k", 10, "bob"));

        Assert.Equal(RejectionReason.IdempotencyConflict, conflict.Rejection!.Reason);
        Assert.Equal(P(10), (await engine.GetBalanceAsync(Member())).Total);

        // Keys are scoped to their member: bob's "k" is another command, neither blocked nor told that ana's exists.
        Assert.Equal(LedgerOutcome.Committed, otherMember.Outcome);
        Assert.Equal(P(10), (await engine.GetBalanceAsync(Member("bob"))).Total);
    }

    [Fact]
    public async Task Idempotency_RejectedCommand_RecordsNothingSoTheKeyCanSucceedLater()
    {
        var (engine, _, _) = Engine();
        await engine.ExecuteAsync(Activity("a", 10));
        Assert.Equal(RejectionReason.InsufficientPoints, (await engine.ExecuteAsync(Redeem("r", 50))).Rejection!.Reason);
        await engine.ExecuteAsync(Activity("b", 100));
        Assert.Equal(LedgerOutcome.Committed, (await engine.ExecuteAsync(Redeem("r", 50))).Outcome);
    }

    [Fact]
    public async Task Idempotency_PayloadEqualityIsByValue_TrailingZerosDoNotConflict()
    {
        var (engine, _, _) = Engine();
        await engine.ExecuteAsync(Order("o-1", Line("a", 1, 19.99m)));
        var again = await engine.ExecuteAsync(Order("o-1", Line("a", 1, 19.990m)));
        var other = await engine.ExecuteAsync(Order("o-1", Line("a", 1, 19.98m)));
        Assert.Equal(LedgerOutcome.Replayed, again.Outcome);
        Assert.Equal(RejectionReason.IdempotencyConflict, other.Rejection!.Reason);
    }

    [Fact]
    public async Task Clock_RunningBehindOnAnotherServer_NeverDatesEntriesBeforeTheLastCommit()
    {
        var (engine, clock, _) = Engine();
        await engine.ExecuteAsync(Activity("a", 100));
        var last = clock.GetCurrentInstant();
        clock.Reset(last - Duration.FromMinutes(5)); // a second app server whose clock is five minutes behind
        var redeemed = await engine.ExecuteAsync(Redeem("r", 10));

        Assert.Equal(last, redeemed.Entries[0].At);
        Assert.Equal(P(90), (await engine.GetBalanceAsync(Member(), last)).Total);
    }

    [Fact]
    public async Task Instants_AreRecordedToTheMicrosecond()
    {
        var (engine, clock, _) = Engine();
        clock.Reset(Start + Duration.FromNanoseconds(1_234_567));
        var order = new EarnCommand(Member(), Key("k"), "o", Start + Duration.FromNanoseconds(999), [Line("a", 1, 1m)]);
        var result = await engine.ExecuteAsync(order);

        Assert.Equal(Start, order.OrderedAt);
        Assert.Equal(Start + Duration.FromNanoseconds(1_234_000), result.Entries[0].At);
        Assert.Equal(Start + Duration.FromNanoseconds(1_234_000), (await engine.GetAccountAsync(Member())).OpenLots[0].CreatedAt);
    }

    [Fact]
    public async Task Preview_ReturnsWhatCommitWouldWithoutCommitting()
    {
        var (engine, _, store) = Engine();
        await engine.ExecuteAsync(Activity("a", 100));
        var redeem = Redeem("r", 60);

        var preview = await engine.PreviewAsync(redeem);
        Assert.Equal(LedgerOutcome.Previewed, preview.Outcome);
        Assert.Equal(1, (await engine.GetAccountAsync(Member())).Version);
        Assert.Null(await store.FindIdempotencyRecordAsync(engine.Program.Id, Member(), Key("r")));

        var committed = await engine.ExecuteAsync(redeem);
        Assert.Equal(preview.Balance, committed.Balance);
        Assert.Equal(preview.Entries, committed.Entries, LedgerEntryEquality.Instance);
        Assert.Equal(LedgerOutcome.Replayed, (await engine.PreviewAsync(redeem)).Outcome);
        Assert.Equal(RejectionReason.InsufficientPoints, (await engine.PreviewAsync(Redeem("r2", 41))).Rejection!.Reason);
    }

    [Fact]
    public async Task Concurrency_VersionConflicts_AreRetriedUntilTheCommitSucceeds()
    {
        var store = new ConflictingStore(new InMemoryLedgerStore(), conflicts: 3);
        var engine = new LoyaltyEngine(Program(), store, new FakeClock(Start));
        var result = await engine.ExecuteAsync(Activity("a", 10));
        Assert.Equal(LedgerOutcome.Committed, result.Outcome);
        Assert.Equal(4, store.Attempts);
    }

    [Fact]
    public async Task Concurrency_RetriesExhausted_IsTypedRejectionAndChangesNothing()
    {
        var store = new ConflictingStore(new InMemoryLedgerStore(), conflicts: int.MaxValue);
        var engine = new LoyaltyEngine(Program(), store, new FakeClock(Start), new LoyaltyEngineOptions { MaxConcurrencyAttempts = 3 });
        var result = await engine.ExecuteAsync(Activity("a", 10));
        Assert.Equal(RejectionReason.ConcurrencyConflict, result.Rejection!.Reason);
        Assert.Equal(3, store.Attempts);
        Assert.False((await engine.GetAccountAsync(Member())).Exists);
    }

    private sealed class ConflictingStore(ILedgerStore inner, int conflicts) : Loyalty.Sdk.Storage.Testing.DelegatingLedgerStore(inner)
    {
        private int _attempts;

        public int Attempts => _attempts;

        public override ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _attempts) <= conflicts ? new(CommitStatus.VersionConflict) : base.CommitAsync(changes, cancellationToken);

        public override ValueTask<CommitStatus> CommitBatchAsync(System.Collections.Generic.IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _attempts) <= conflicts ? new(CommitStatus.VersionConflict) : base.CommitBatchAsync(changes, cancellationToken);
    }
}
