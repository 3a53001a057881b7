using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Storage.Testing;

/// <summary>A store that passes every call to another; tests override the calls they want to observe or disturb.</summary>
public abstract class DelegatingLedgerStore(ILedgerStore inner) : ILedgerStore
{
    public virtual ValueTask<LedgerContext> LoadAsync(LedgerLoadRequest request, CancellationToken cancellationToken = default) =>
        inner.LoadAsync(request, cancellationToken);

    public virtual ValueTask<IReadOnlyList<LedgerContext>> LoadManyAsync(IReadOnlyList<LedgerLoadRequest> requests, CancellationToken cancellationToken = default) =>
        inner.LoadManyAsync(requests, cancellationToken);

    public virtual ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, CancellationToken cancellationToken = default) =>
        inner.CommitAsync(changes, cancellationToken);

    public virtual ValueTask<CommitStatus> CommitBatchAsync(IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default) =>
        inner.CommitBatchAsync(changes, cancellationToken);

    public virtual ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesBySequenceAsync(ProgramId programId, MemberId memberId, long fromSequence, long toSequence, CancellationToken cancellationToken = default) =>
        inner.ReadEntriesBySequenceAsync(programId, memberId, fromSequence, toSequence, cancellationToken);

    public virtual ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesUpToAsync(ProgramId programId, MemberId memberId, Instant effectiveUpTo, CancellationToken cancellationToken = default) =>
        inner.ReadEntriesUpToAsync(programId, memberId, effectiveUpTo, cancellationToken);

    public virtual ValueTask<IReadOnlyList<Lot>> ReadLotsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default) =>
        inner.ReadLotsAsync(programId, memberId, cancellationToken);

    public virtual ValueTask<IReadOnlyList<AccountState>> ScanAccountsAsync(ProgramId programId, MemberId? afterMember, int pageSize, Instant? dueAtOrBefore = null, CancellationToken cancellationToken = default) =>
        inner.ScanAccountsAsync(programId, afterMember, pageSize, dueAtOrBefore, cancellationToken);

    public virtual ValueTask<IReadOnlyList<AccountState>> ClaimAccountsDueAsync(ProgramId programId, Instant dueAtOrBefore, Instant now, int batchSize, Duration lease, CancellationToken cancellationToken = default) =>
        inner.ClaimAccountsDueAsync(programId, dueAtOrBefore, now, batchSize, lease, cancellationToken);

    public virtual ValueTask<IReadOnlyList<RewardClaim>> ReadClaimsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default) =>
        inner.ReadClaimsAsync(programId, memberId, cancellationToken);

    public virtual ValueTask<RewardClaim?> FindClaimByVoucherAsync(ProgramId programId, string voucherCode, CancellationToken cancellationToken = default) =>
        inner.FindClaimByVoucherAsync(programId, voucherCode, cancellationToken);

    public virtual ValueTask<RewardStock?> ReadStockAsync(ProgramId programId, string rewardId, CancellationToken cancellationToken = default) =>
        inner.ReadStockAsync(programId, rewardId, cancellationToken);

    public virtual ValueTask<RewardStock?> AddStockAsync(ProgramId programId, string rewardId, long quantity, CancellationToken cancellationToken = default) =>
        inner.AddStockAsync(programId, rewardId, quantity, cancellationToken);

    public virtual ValueTask<IReadOnlyList<MemberPoints>> ReadPointsEarnedAsync(ProgramId programId, Instant from, Instant to, CancellationToken cancellationToken = default) =>
        inner.ReadPointsEarnedAsync(programId, from, to, cancellationToken);

    public virtual ValueTask<IReadOnlyList<OutboxEvent>> ReadEventsAsync(ProgramId programId, EventCursor after, int maxCount, CancellationToken cancellationToken = default) =>
        inner.ReadEventsAsync(programId, after, maxCount, cancellationToken);

    public virtual ValueTask<EventCursor> ReadConsumerCursorAsync(ProgramId programId, string consumer, CancellationToken cancellationToken = default) =>
        inner.ReadConsumerCursorAsync(programId, consumer, cancellationToken);

    public virtual ValueTask<long> PruneEventsAsync(ProgramId programId, Instant occurredBefore, CancellationToken cancellationToken = default) =>
        inner.PruneEventsAsync(programId, occurredBefore, cancellationToken);

    public virtual ValueTask SaveConsumerCursorAsync(ProgramId programId, string consumer, EventCursor cursor, CancellationToken cancellationToken = default) =>
        inner.SaveConsumerCursorAsync(programId, consumer, cursor, cancellationToken);
}
