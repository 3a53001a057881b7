using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using Loyalty.Sdk.Storage;
using NodaTime;

namespace Loyalty.Sdk.Benchmarks;

/// <summary>
/// A store that accepts every commit and keeps nothing, so each command decides against an empty account. It isolates
/// the engine's own cost per command (key check, load, decide, fingerprint, change set) from the in-memory store's
/// cost of keeping a growing ledger on the managed heap.
/// </summary>
internal sealed class DiscardingLedgerStore : ILedgerStore
{
    public ValueTask<LedgerContext> LoadAsync(LedgerLoadRequest request, CancellationToken cancellationToken = default) =>
        new(new LedgerContext(AccountState.Empty(request.ProgramId, request.MemberId), null, null, []));

    public ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, CancellationToken cancellationToken = default) => new(CommitStatus.Committed);

    public ValueTask<CommitStatus> CommitBatchAsync(IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default) => new(CommitStatus.Committed);

    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesBySequenceAsync(ProgramId programId, MemberId memberId, long fromSequence, long toSequence, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesUpToAsync(ProgramId programId, MemberId memberId, Instant effectiveUpTo, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<IReadOnlyList<Lot>> ReadLotsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<IReadOnlyList<AccountState>> ScanAccountsAsync(ProgramId programId, MemberId? afterMember, int pageSize, Instant? dueAtOrBefore = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<IReadOnlyList<AccountState>> ClaimAccountsDueAsync(ProgramId programId, Instant nextExpiryAtOrBefore, Instant now, int batchSize, Duration lease, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<IReadOnlyList<RewardClaim>> ReadClaimsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<RewardClaim?> FindClaimByVoucherAsync(ProgramId programId, string voucherCode, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<RewardStock?> ReadStockAsync(ProgramId programId, string rewardId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<RewardStock?> AddStockAsync(ProgramId programId, string rewardId, long quantity, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<IReadOnlyList<MemberPoints>> ReadPointsEarnedAsync(ProgramId programId, Instant from, Instant to, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<IReadOnlyList<OutboxEvent>> ReadEventsAsync(ProgramId programId, EventCursor after, int maxCount, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<EventCursor> ReadConsumerCursorAsync(ProgramId programId, string consumer, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask<long> PruneEventsAsync(ProgramId programId, Instant occurredBefore, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public ValueTask SaveConsumerCursorAsync(ProgramId programId, string consumer, EventCursor cursor, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();
}
