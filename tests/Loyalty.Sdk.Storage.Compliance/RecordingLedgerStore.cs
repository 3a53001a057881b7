using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Storage.Compliance;

/// <summary>Wraps a store and remembers the change sets committed through it, so tests can commit them again.</summary>
public sealed class RecordingLedgerStore(ILedgerStore inner) : ILedgerStore
{
    private readonly List<LedgerChangeSet> _commits = new();

    public IReadOnlyList<LedgerChangeSet> Commits
    {
        get
        {
            lock (_commits)
            {
                return _commits.ToArray();
            }
        }
    }

    public ValueTask<IdempotencyRecord?> FindIdempotencyRecordAsync(ProgramId programId, IdempotencyKey key, CancellationToken cancellationToken = default) =>
        inner.FindIdempotencyRecordAsync(programId, key, cancellationToken);

    public ValueTask<LedgerContext> LoadAsync(LedgerLoadRequest request, CancellationToken cancellationToken = default) =>
        inner.LoadAsync(request, cancellationToken);

    public async ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, CancellationToken cancellationToken = default)
    {
        var status = await inner.CommitAsync(changes, cancellationToken);
        if (status == CommitStatus.Committed)
        {
            lock (_commits)
            {
                _commits.Add(changes);
            }
        }

        return status;
    }

    public async ValueTask<CommitStatus> CommitBatchAsync(IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default)
    {
        var status = await inner.CommitBatchAsync(changes, cancellationToken);
        if (status == CommitStatus.Committed)
        {
            lock (_commits)
            {
                _commits.AddRange(changes);
            }
        }

        return status;
    }

    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesBySequenceAsync(ProgramId programId, MemberId memberId, long fromSequence, long toSequence, CancellationToken cancellationToken = default) =>
        inner.ReadEntriesBySequenceAsync(programId, memberId, fromSequence, toSequence, cancellationToken);

    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesUpToAsync(ProgramId programId, MemberId memberId, Instant effectiveUpTo, CancellationToken cancellationToken = default) =>
        inner.ReadEntriesUpToAsync(programId, memberId, effectiveUpTo, cancellationToken);

    public ValueTask<IReadOnlyList<Lot>> ReadLotsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default) =>
        inner.ReadLotsAsync(programId, memberId, cancellationToken);

    public ValueTask<IReadOnlyList<AccountState>> ScanAccountsAsync(ProgramId programId, MemberId? afterMember, int pageSize, CancellationToken cancellationToken = default) =>
        inner.ScanAccountsAsync(programId, afterMember, pageSize, cancellationToken);

    public ValueTask<IReadOnlyList<AccountState>> ScanAccountsDueAsync(ProgramId programId, Instant dueAtOrBefore, MemberId? afterMember, int pageSize, CancellationToken cancellationToken = default) =>
        inner.ScanAccountsDueAsync(programId, dueAtOrBefore, afterMember, pageSize, cancellationToken);

    public ValueTask<IReadOnlyList<AccountState>> ClaimAccountsDueAsync(ProgramId programId, Instant dueAtOrBefore, Instant now, int batchSize, Duration lease, CancellationToken cancellationToken = default) =>
        inner.ClaimAccountsDueAsync(programId, dueAtOrBefore, now, batchSize, lease, cancellationToken);
}
