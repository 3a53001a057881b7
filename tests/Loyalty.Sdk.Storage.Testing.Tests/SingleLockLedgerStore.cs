using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Loyalty.Sdk.Engagement;
using Loyalty.Sdk.Events;
using Loyalty.Sdk.Ledger;
using NodaTime;

namespace Loyalty.Sdk.Storage.Testing.Tests;

/// <summary>
/// A throw-away adapter, written here against the public API only, as a third party would write a first one: every
/// call takes one lock, so each commit is trivially atomic, and rows are plain collections. Slow and simple on
/// purpose; what it shows is that the contract, <see cref="LedgerStorageFormat"/> and the suite are enough.
/// </summary>
internal sealed class SingleLockLedgerStore : ILedgerStore
{
    private readonly object _gate = new();
    private readonly Dictionary<(ProgramId, MemberId), Row> _rows = new();
    private readonly Dictionary<(ProgramId, MemberId, IdempotencyKey), IdempotencyRecord> _keys = new();
    private readonly Dictionary<(ProgramId, string), RewardStock> _stock = new();
    private readonly Dictionary<(ProgramId, string), long> _quotas = new();
    private readonly Dictionary<(ProgramId, string), (MemberId Member, IdempotencyKey Claim)> _vouchers = new();
    private readonly List<(ProgramId Program, OutboxEvent Event)> _outbox = [];
    private readonly Dictionary<(ProgramId, string), EventCursor> _cursors = new();
    private long _position;
    private readonly Dictionary<(ProgramId, MemberId), Instant> _leases = new();

    public ValueTask<LedgerContext> LoadAsync(LedgerLoadRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var (p, m) = (request.ProgramId, request.MemberId);
            var record = request.CommandKey is { } commandKey ? _keys.GetValueOrDefault((p, m, commandKey)) : null;
            RewardStock? stock = request.RewardId is { } rewardId && _stock.TryGetValue((p, rewardId), out var found) ? found : null;
            QuotaCount? quota = request.QuotaKey is { } quotaKey ? new QuotaCount(quotaKey, _quotas.GetValueOrDefault((p, quotaKey))) : null;
            if (!_rows.TryGetValue((p, m), out var row))
            {
                return new(new LedgerContext(AccountState.Empty(p, m), null, null, [], record, null, stock, quota));
            }

            var claimKey = request.ClaimKey ?? (request.VoucherCode is { } code && _vouchers.TryGetValue((p, code), out var voucher) ? voucher.Claim : (IdempotencyKey?)null);
            var claim = claimKey is { } key ? row.Claims.GetValueOrDefault(key) : null;
            var accrual = request.OrderId is { } orderId ? row.Accruals.GetValueOrDefault(orderId) : null;
            RedemptionRecord? redemption = request.RedemptionKey is { } redemptionKey ? row.Redemptions.GetValueOrDefault(redemptionKey) : null;
            var lots = redemption?.Allocations.Select(a => row.Lots[a.LotId]).OrderBy(l => l.Id).ToArray() ?? [];
            return new(new LedgerContext(row.State, accrual, redemption, lots, record, claim, stock, quota));
        }
    }

    public ValueTask<CommitStatus> CommitAsync(LedgerChangeSet changes, CancellationToken cancellationToken = default) =>
        CommitBatchAsync([changes ?? throw new ArgumentNullException(nameof(changes))], cancellationToken);

    public ValueTask<CommitStatus> CommitBatchAsync(IReadOnlyList<LedgerChangeSet> changes, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(changes);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var status = Check(changes);
            if (status == CommitStatus.Committed)
            {
                foreach (var change in changes)
                {
                    Apply(change);
                }
            }

            return new(status);
        }
    }

    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesBySequenceAsync(ProgramId programId, MemberId memberId, long fromSequence, long toSequence, CancellationToken cancellationToken = default) =>
        Read(programId, memberId, row => (IReadOnlyList<LedgerEntry>)row.Entries.Where(e => e.Sequence >= fromSequence && e.Sequence <= toSequence).ToArray(), [], cancellationToken);

    public ValueTask<IReadOnlyList<LedgerEntry>> ReadEntriesUpToAsync(ProgramId programId, MemberId memberId, Instant effectiveUpTo, CancellationToken cancellationToken = default) =>
        Read(programId, memberId, row => (IReadOnlyList<LedgerEntry>)row.Entries.Where(e => e.At <= effectiveUpTo).ToArray(), [], cancellationToken);

    public ValueTask<IReadOnlyList<Lot>> ReadLotsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default) =>
        Read(programId, memberId, row => (IReadOnlyList<Lot>)row.Lots.Values.OrderBy(l => l.Id).ToArray(), [], cancellationToken);

    public ValueTask<IReadOnlyList<AccountState>> ScanAccountsAsync(ProgramId programId, MemberId? afterMember, int pageSize, Instant? dueAtOrBefore = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        lock (_gate)
        {
            return new(Accounts(programId, afterMember)
                .Where(state => dueAtOrBefore is not { } due || (state.NextDueAt is { } next && next <= due))
                .Take(pageSize)
                .ToArray());
        }
    }

    public ValueTask<IReadOnlyList<AccountState>> ClaimAccountsDueAsync(ProgramId programId, Instant dueAtOrBefore, Instant now, int batchSize, Duration lease, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        lock (_gate)
        {
            var claimed = Accounts(programId, null)
                .Where(state => state.NextDueAt is { } next && next <= dueAtOrBefore && !(_leases.TryGetValue((programId, state.MemberId), out var until) && until > now))
                .Take(batchSize)
                .ToArray();
            foreach (var state in claimed)
            {
                _leases[(programId, state.MemberId)] = now + lease;
            }

            return new(claimed);
        }
    }

    public ValueTask<IReadOnlyList<RewardClaim>> ReadClaimsAsync(ProgramId programId, MemberId memberId, CancellationToken cancellationToken = default) =>
        Read(programId, memberId, row => (IReadOnlyList<RewardClaim>)row.Claims.Values
            .OrderBy(c => c.ClaimedAt)
            .ThenBy(c => c.Key.Value, Comparer<string>.Create(LedgerStorageFormat.CompareCodePoints))
            .ToArray(), [], cancellationToken);

    public ValueTask<RewardClaim?> FindClaimByVoucherAsync(ProgramId programId, string voucherCode, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(voucherCode);
        lock (_gate)
        {
            return new(_vouchers.TryGetValue((programId, voucherCode), out var owner) ? _rows[(programId, owner.Member)].Claims[owner.Claim] : null);
        }
    }

    public ValueTask<RewardStock?> ReadStockAsync(ProgramId programId, string rewardId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return new(_stock.TryGetValue((programId, rewardId), out var stock) ? stock : null);
        }
    }

    public ValueTask<RewardStock?> AddStockAsync(ProgramId programId, string rewardId, long quantity, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(rewardId);
        lock (_gate)
        {
            var current = _stock.GetValueOrDefault((programId, rewardId), new RewardStock(rewardId, 0, 0, 0));
            if (current.Available + quantity < 0)
            {
                return new((RewardStock?)null);
            }

            var next = current with { Total = current.Total + quantity };
            _stock[(programId, rewardId)] = next;
            return new(next);
        }
    }

    public ValueTask<IReadOnlyList<MemberPoints>> ReadPointsEarnedAsync(ProgramId programId, Instant from, Instant to, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var totals = new List<MemberPoints>();
            foreach (var ((program, member), row) in _rows)
            {
                Int128 sum = 0;
                foreach (var entry in row.Entries)
                {
                    sum += program == programId && MemberPoints.CountsAsEarned(entry, from, to) ? entry.Amount.Value : 0;
                }

                if (sum > 0)
                {
                    totals.Add(new MemberPoints(member, MemberPoints.Saturate(sum)));
                }
            }

            return new(totals);
        }
    }

    public ValueTask<IReadOnlyList<OutboxEvent>> ReadEventsAsync(ProgramId programId, EventCursor after, int maxCount, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        lock (_gate)
        {
            return new(_outbox.Where(o => o.Program == programId && o.Event.Cursor.CompareTo(after) > 0).Select(o => o.Event).Take(maxCount).ToArray());
        }
    }

    public ValueTask<EventCursor> ReadConsumerCursorAsync(ProgramId programId, string consumer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(consumer);
        lock (_gate)
        {
            return new(_cursors.GetValueOrDefault((programId, consumer)));
        }
    }

    public ValueTask<long> PruneEventsAsync(ProgramId programId, Instant occurredBefore, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var mine = _cursors.Where(c => c.Key.Item1 == programId).Select(c => c.Value).ToList();
            if (mine.Count == 0)
            {
                return new ValueTask<long>(0L);
            }

            var passed = mine.Min();
            return new ValueTask<long>(_outbox.RemoveAll(item => item.Program == programId && item.Event.Cursor.CompareTo(passed) <= 0 && item.Event.Event.OccurredAt < occurredBefore));
        }
    }

    public ValueTask SaveConsumerCursorAsync(ProgramId programId, string consumer, EventCursor cursor, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(consumer);
        lock (_gate)
        {
            _cursors[(programId, consumer)] = cursor;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Checks a batch in order (later change sets see the versions, keys, stock and codes of earlier ones) before anything is written.</summary>
    private CommitStatus Check(IReadOnlyList<LedgerChangeSet> changes)
    {
        var versions = new Dictionary<(ProgramId, MemberId), long>();
        var keys = new HashSet<(ProgramId, MemberId, IdempotencyKey)>();
        var stock = new Dictionary<(ProgramId, string), RewardStock>();
        var quotas = new Dictionary<(ProgramId, string), long>();
        var codes = new Dictionary<(ProgramId, string), IdempotencyKey>();
        var events = new HashSet<(ProgramId, string)>(_outbox.Select(o => (o.Program, o.Event.Event.EventId)));
        foreach (var change in changes)
        {
            var (p, m) = (change.NewState.ProgramId, change.NewState.MemberId);
            var version = versions.TryGetValue((p, m), out var pending) ? pending : _rows.TryGetValue((p, m), out var row) ? row.State.Version : 0;
            if (version != change.ExpectedVersion)
            {
                return CommitStatus.VersionConflict;
            }

            versions[(p, m)] = change.NewState.Version;
            if (_keys.ContainsKey((p, m, change.Idempotency.Key)) || !keys.Add((p, m, change.Idempotency.Key)))
            {
                return CommitStatus.DuplicateKey;
            }

            if (change.Stock is { } delta)
            {
                var current = stock.TryGetValue((p, delta.RewardId), out var s) ? s : _stock.GetValueOrDefault((p, delta.RewardId), new RewardStock(delta.RewardId, 0, 0, 0));
                var next = current with { Reserved = current.Reserved + delta.Reserved, Confirmed = current.Confirmed + delta.Confirmed };
                if (next.Reserved < 0 || next.Confirmed < 0 || next.Available < 0)
                {
                    return CommitStatus.StockConflict;
                }

                stock[(p, delta.RewardId)] = next;
            }

            if (change.Quota is { } quota)
            {
                var used = (quotas.TryGetValue((p, quota.Key), out var q) ? q : _quotas.GetValueOrDefault((p, quota.Key))) + quota.Delta;
                if (used < 0 || used > quota.Limit)
                {
                    return CommitStatus.StockConflict;
                }

                quotas[(p, quota.Key)] = used;
            }

            if (change.Claim is { VoucherCode: { } code } claim)
            {
                var owner = codes.TryGetValue((p, code), out var batchOwner) ? batchOwner : _vouchers.TryGetValue((p, code), out var stored) ? stored.Claim : (IdempotencyKey?)null;
                if (owner is { } taken && taken != claim.Key)
                {
                    return CommitStatus.DuplicateKey;
                }

                codes[(p, code)] = claim.Key;
            }

            foreach (var e in change.Events)
            {
                if (!events.Add((p, e.EventId)))
                {
                    throw new LedgerStoreException($"Event '{e.EventId}' is already in the outbox of program '{p}'; nothing was written.");
                }
            }
        }

        return CommitStatus.Committed;
    }

    private void Apply(LedgerChangeSet change)
    {
        var state = change.NewState;
        var (p, m) = (state.ProgramId, state.MemberId);
        if (!_rows.TryGetValue((p, m), out var row))
        {
            _rows[(p, m)] = row = new Row(state);
        }

        row.State = state;
        row.Entries.AddRange(change.Entries);
        foreach (var lot in change.Lots)
        {
            row.Lots[lot.Id] = lot;
        }

        if (change.Accrual is { } accrual)
        {
            row.Accruals[accrual.OrderId] = accrual;
        }

        if (change.Redemption is { } redemption)
        {
            row.Redemptions[redemption.Key] = redemption;
        }

        if (change.Claim is { } claim)
        {
            row.Claims[claim.Key] = claim;
            if (claim.VoucherCode is { } code)
            {
                _vouchers[(p, code)] = (m, claim.Key);
            }
        }

        if (change.Stock is { } delta)
        {
            var current = _stock.GetValueOrDefault((p, delta.RewardId), new RewardStock(delta.RewardId, 0, 0, 0));
            _stock[(p, delta.RewardId)] = current with { Reserved = current.Reserved + delta.Reserved, Confirmed = current.Confirmed + delta.Confirmed };
        }

        if (change.Quota is { } quota)
        {
            _quotas[(p, quota.Key)] = _quotas.GetValueOrDefault((p, quota.Key)) + quota.Delta;
        }

        _keys[(p, m, change.Idempotency.Key)] = change.Idempotency;
        foreach (var e in change.Events)
        {
            _outbox.Add((p, new OutboxEvent(new EventCursor(0, ++_position), e)));
        }
    }

    private IEnumerable<AccountState> Accounts(ProgramId programId, MemberId? after) => _rows
        .Where(r => r.Key.Item1 == programId && (after is not { } a || LedgerStorageFormat.CompareCodePoints(r.Key.Item2.Value, a.Value) > 0))
        .OrderBy(r => r.Key.Item2.Value, Comparer<string>.Create(LedgerStorageFormat.CompareCodePoints))
        .Select(r => r.Value.State)
        .ToList();

    private ValueTask<T> Read<T>(ProgramId programId, MemberId memberId, Func<Row, T> read, T none, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return new(_rows.TryGetValue((programId, memberId), out var row) ? read(row) : none);
        }
    }

    /// <summary>One member's rows.</summary>
    private sealed class Row(AccountState state)
    {
        public AccountState State { get; set; } = state;

        public List<LedgerEntry> Entries { get; } = [];

        public Dictionary<long, Lot> Lots { get; } = new();

        public Dictionary<string, OrderAccrual> Accruals { get; } = new(StringComparer.Ordinal);

        public Dictionary<IdempotencyKey, RedemptionRecord> Redemptions { get; } = new();

        public Dictionary<IdempotencyKey, RewardClaim> Claims { get; } = new();
    }
}
